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
# The database search fallback again on SQLite (the FTS5 variant of `make run`), beside the main
# run: the two pytest-xdist workers leave a core partly idle while they wait on PostgreSQL.
mkdir -p var
DATABASE_URL="sqlite:///$PWD/var/test-search.sqlite3" $BIN/pytest -q -p no:cacheprovider \
  tests/search -k "not elasticsearch" >var/test-search-sqlite.log 2>&1 &
sqlite_run=$!
# two pytest-xdist workers; tests that share a slow fixture stay together (xdist_group)
status=0
$BIN/pytest -n 2 --dist loadgroup || status=$?
sqlite_status=0
wait $sqlite_run || sqlite_status=$?
echo "--- search tests on SQLite (FTS5) ---"
cat var/test-search-sqlite.log
[ "$sqlite_status" -eq 0 ] || echo "search tests on SQLite FAILED (exit $sqlite_status)"
[ "$status" -eq 0 ] && [ "$sqlite_status" -eq 0 ]
