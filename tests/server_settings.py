"""Settings of the demo server the browser and concurrency tests start (tests/conftest.py): the
embedded default, plus the test suite's fast password hasher, because its database is a copy of the
session's demo network, whose accounts were made under hub.settings.test."""

from hub.settings.dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
