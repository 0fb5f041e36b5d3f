#!/usr/bin/env bash
# The OAI-PMH 2.0 XML schema used by the tests, taken from the pyoai source package on PyPI
# (it ships OAI-PMH.xsd for its own tests). Idempotent; output in var/schemas (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
target=var/schemas/OAI-PMH.xsd
[ -s "$target" ] && exit 0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
.venv/bin/pip download -q --no-deps --no-binary :all: -d "$tmp" "pyoai==2.5.0"
tar -xzf "$tmp"/pyoai-2.5.0.tar.gz -C "$tmp" pyoai-2.5.0/src/oaipmh/tests/OAI-PMH.xsd
mkdir -p var/schemas
cp "$tmp"/pyoai-2.5.0/src/oaipmh/tests/OAI-PMH.xsd "$target"
echo "schemas: $target"
