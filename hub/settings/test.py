"""Test settings: PostgreSQL from DATABASE_URL (started by `make test`), fast hashing, immediate tasks."""

import os

import dj_database_url

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", ".localhost", "127.0.0.1"]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'test.sqlite3'}"),
        conn_max_age=0,
    )
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# one folder per pytest-xdist worker (and one for a run without workers)
MEDIA_ROOT = BASE_DIR / "var" / "test-media" / os.environ.get("PYTEST_XDIST_WORKER", "main")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {
        **STORAGES["private"],  # noqa: F405
        "OPTIONS": {
            "location": BASE_DIR
            / "var"
            / "test-private"
            / os.environ.get("PYTEST_XDIST_WORKER", "main"),
            "base_url": "/private-files-are-never-served/",
        },
    },
}
HUB_SITE_PORT = 80
WAGTAILADMIN_BASE_URL = "http://testserver"
SMS_BACKEND = (
    "learners.sms.MemorySender"  # learners.sms.outbox, emptied per test (tests/conftest.py)
)
