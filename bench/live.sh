#!/usr/bin/env bash
# Benchmarks (figures printed, not asserted): builds the Dashboard and the bench in Release, provisions the local
# PostgreSQL/PostGIS, and runs the bench against a fresh database seeded with the real province.
#   bash bench/live.sh hub|pixel|memory|soak [options]  (see bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision-postgres.sh >/dev/null
bash scripts/ensure-frontend.sh
dotnet build Dashboard -c Release -v quiet -nologo >/dev/null
dotnet build bench/Live -c Release -v quiet -nologo >/dev/null
export COVERAGE_TEST_DB="${COVERAGE_TEST_DB:-Host=127.0.0.1;Port=${COVERAGE_PG_PORT:-55432};Username=coverage_test;Password=coverage_test;Database=postgres}"
exec dotnet bench/Live/bin/Release/net10.0/Coverage.Bench.Live.dll Dashboard/bin/Release/net10.0/Coverage.Dashboard.dll "$@"
