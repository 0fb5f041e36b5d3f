#!/usr/bin/env bash
# Everything `make test` checks, run inside scripts/services.sh (DATABASE_URL is set).
set -euo pipefail
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=hub.settings.test
$BIN/python manage.py check --fail-level WARNING
$BIN/python manage.py makemigrations --check --dry-run
$BIN/pytest "$@"
