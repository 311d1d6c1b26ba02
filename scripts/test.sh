#!/usr/bin/env bash
# Runs every test: domain, bUnit, integration on a real PostGIS, and browser end-to-end tests in Chromium.
# Installs what the tests need (PostgreSQL 15 + PostGIS 3, Chromium, CJK fonts; Debian packages) when missing.
# Safe to run again. Extra arguments go to 'dotnet test' (e.g. --filter "FullyQualifiedName~Domain").
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test: installing ${missing[*]} (Debian packages)"
  bash scripts/apt-install.sh "${missing[@]}"
fi
bash scripts/provision-postgres.sh
bash scripts/ensure-frontend.sh

export COVERAGE_TEST_DB="${COVERAGE_TEST_DB:-Host=127.0.0.1;Port=${COVERAGE_PG_PORT:-55432};Username=coverage_test;Password=coverage_test;Database=postgres}"
export COVERAGE_ARTIFACTS="${COVERAGE_ARTIFACTS:-$PWD/artifacts}"
mkdir -p "$COVERAGE_ARTIFACTS"

dotnet test Coverage.slnx --logger "console;verbosity=normal" --results-directory "$COVERAGE_ARTIFACTS/test-results" --logger "trx;LogFileName=tests.trx" "$@"
