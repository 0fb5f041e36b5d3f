#!/usr/bin/env bash
# Everything `make bench` measures, run inside scripts/services.sh (PostgreSQL, S3, noida-db set).
# Each script prints its table and writes bench-results/<name>.json.
set -euo pipefail
PY=.venv/bin/python
$PY bench/video_bench.py
$PY bench/ranking_bench.py
$PY bench/engagement_bench.py
$PY bench/search_bench.py sqlite
$PY bench/search_bench.py postgresql
$PY bench/learning_bench.py
$PY bench/recognition_bench.py
$PY bench/load_bench.py
$PY bench/catalogue_bench.py
# issue #24: 3,300 centres, then 500,000 library items and 500,000 lessons more (0: skip them)
BENCH_LARGE_ITEMS=${BENCH_LARGE_ITEMS:-500000} BENCH_LARGE_LESSONS=${BENCH_LARGE_LESSONS:-500000} \
  $PY bench/national_bench.py
$PY bench/million_bench.py
