#!/usr/bin/env bash
# Benchmarks (figures printed, not asserted): builds the Dashboard and the bench in Release, provisions the local
# PostgreSQL/PostGIS, and runs the bench against a fresh database seeded with the real province.
#   bash bench/live.sh hub|pixel|memory|sent|soak|rolling [options]  (see bench/README.md)
# The bench reads the database and browser settings from scripts/local.env itself (environment variables win).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/provision-postgres.sh >/dev/null
bash scripts/ensure-frontend.sh
dotnet build Dashboard -c Release -v quiet -nologo >/dev/null
dotnet build bench/Live -c Release -v quiet -nologo >/dev/null
exec dotnet bench/Live/bin/Release/net10.0/Coverage.Bench.Live.dll Dashboard/bin/Release/net10.0/Coverage.Dashboard.dll "$@"
