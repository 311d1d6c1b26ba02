#!/usr/bin/env bash
# Runs the dashboard. With no ConnectionStrings__Coverage set, it provisions a local PostgreSQL 15 + PostGIS 3
# (scripts/provision-postgres.sh), connects to it with the settings in scripts/local.env and turns the demo feed on;
# with it set, it provisions nothing. The app migrates and seeds the database itself at start.
# Port: COVERAGE_PORT (scripts/local.env), or set ASPNETCORE_URLS.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local.env

bash scripts/ensure-frontend.sh

if [ -z "${ConnectionStrings__Coverage:-}" ]; then
  bash scripts/provision-postgres.sh
  export ConnectionStrings__Coverage="Host=$COVERAGE_PG_HOST;Port=$COVERAGE_PG_PORT;Database=$COVERAGE_PG_DATABASE;Username=$COVERAGE_PG_USER;Password=$COVERAGE_PG_PASSWORD"
  export DemoFeed__Enabled="${DemoFeed__Enabled:-true}"
fi
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:$COVERAGE_PORT}"
echo "run: starting the dashboard on $ASPNETCORE_URLS"
exec dotnet run --project Dashboard -c Release --no-launch-profile
