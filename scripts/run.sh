#!/usr/bin/env bash
# Runs the dashboard. With no ConnectionStrings__Coverage set, it provisions a local PostgreSQL 15 + PostGIS 3
# (scripts/provision-postgres.sh) and turns the demo feed on; with it set, it provisions nothing.
# The app migrates and seeds the database itself at start. Port: COVERAGE_PORT (default 5000), or set ASPNETCORE_URLS.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-frontend.sh

if [ -z "${ConnectionStrings__Coverage:-}" ]; then
  bash scripts/provision-postgres.sh
  export ConnectionStrings__Coverage="Host=127.0.0.1;Port=${COVERAGE_PG_PORT:-55432};Database=coverage;Username=coverage;Password=coverage"
  export DemoFeed__Enabled="${DemoFeed__Enabled:-true}"
fi
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:${COVERAGE_PORT:-5000}}"
echo "run: starting the dashboard on $ASPNETCORE_URLS"
exec dotnet run --project Dashboard -c Release --no-launch-profile
