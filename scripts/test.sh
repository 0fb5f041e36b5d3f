#!/usr/bin/env bash
# Everything `make test` checks, run inside scripts/services.sh (DATABASE_URL is set).
set -euo pipefail
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=hub.settings.test
$BIN/python manage.py check --fail-level WARNING
$BIN/python manage.py makemigrations --check --dry-run
if [ $# -ne 0 ]; then
  exec $BIN/pytest "$@"
fi
# two pytest-xdist workers; tests that share a slow fixture stay together (xdist_group)
$BIN/pytest -n 2 --dist loadgroup
# The database search fallback again on SQLite (the FTS5 variant of `make run`), after the main
# run: beside it, it slowed both workers' start more than it saved.
DATABASE_URL="sqlite:///$PWD/var/test-search.sqlite3" $BIN/pytest -q -p no:cacheprovider \
  tests/search -k "not elasticsearch"
