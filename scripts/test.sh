#!/usr/bin/env bash
# Everything `make test` checks, run inside scripts/services.sh (DATABASE_URL is set).
set -euo pipefail
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=hub.settings.test
$BIN/python manage.py check --fail-level WARNING
$BIN/python manage.py makemigrations --check --dry-run
if [ $# -eq 0 ]; then
  # two pytest-xdist workers; tests that share a slow fixture stay together (xdist_group)
  $BIN/pytest -n 2 --dist loadgroup
else
  $BIN/pytest "$@"
fi
if [ $# -eq 0 ]; then
  # The database search fallback again on SQLite (FTS5 variant), the embedded default of `make run`.
  DATABASE_URL="sqlite:///$PWD/var/test-search.sqlite3" $BIN/pytest -q tests/search -k "not elasticsearch"
fi
