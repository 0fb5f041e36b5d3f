#!/usr/bin/env bash
# Install the Debian packages the test suite uses (PostgreSQL 15, ffmpeg, Redis, Chromium, wrk for `make bench`).
# Idempotent: installs only what is missing. Needs root (CI runs as root).
set -euo pipefail
PACKAGES=(postgresql-15 ffmpeg redis-server chromium gettext curl wrk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != "0" ]; then
  echo "Missing Debian packages: ${missing[*]}. Install them as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
