#!/usr/bin/env bash
# Runs every test: domain, bUnit, integration on a real PostGIS, and browser end-to-end tests in Chromium.
# Installs what the tests need (PostgreSQL 15 + PostGIS 3, Chromium, CJK fonts, nginx; Debian packages) when missing.
# Safe to run again. Extra arguments go to 'dotnet test' (e.g. --filter "FullyQualifiedName~Domain").
# The tests read the database and browser settings from scripts/local.env themselves (environment variables win).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local.env

missing=()
[ -x "$COVERAGE_CHROMIUM" ] || missing+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)   # the cluster tests put two nodes behind it
if [ ${#missing[@]} -gt 0 ]; then
  echo "test: installing ${missing[*]} (Debian packages)"
  bash scripts/apt-install.sh "${missing[@]}"
fi
bash scripts/provision-postgres.sh
bash scripts/ensure-frontend.sh

export COVERAGE_ARTIFACTS="${COVERAGE_ARTIFACTS:-$PWD/artifacts}"
mkdir -p "$COVERAGE_ARTIFACTS"

dotnet test Coverage.slnx --logger "console;verbosity=normal" --results-directory "$COVERAGE_ARTIFACTS/test-results" --logger "trx;LogFileName=tests.trx" "$@"
