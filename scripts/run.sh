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
  # Only the local default, with the synthetic demo feed, gets the documented demo accounts (README, Security).
  export Admin__DemoAccounts="${Admin__DemoAccounts:-$DemoFeed__Enabled}"
fi
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:$COVERAGE_PORT}"
# With no users in the database, the app creates the first province admin; without Admin__Password it generates
# one and writes it to this file (mode 0600), never to the log.
export Admin__PasswordFile="${Admin__PasswordFile:-$PWD/.local/initial-admin-password.txt}"
echo "run: starting the dashboard on $ASPNETCORE_URLS"
echo "run: sign in at ${ASPNETCORE_URLS%%;*}/account/login"
if [ -n "${Admin__Password:-}" ]; then
  echo "run:   first admin ${Admin__Email:-admin@coverage.local}: the password in Admin__Password"
else
  echo "run:   first admin ${Admin__Email:-admin@coverage.local}: password in $Admin__PasswordFile (written when the app creates the first admin; 'cat' it, then change it)"
fi
if [ "${Admin__DemoAccounts:-false}" = "true" ]; then
  echo "run:   demo accounts (synthetic demo data only), password Demo-Coverage-2026:"
  echo "run:     province@demo.local (省级管理员) · prefecture@demo.local (市州 5134 凉山) · county@demo.local (县 513401 西昌) · viewer@demo.local (只读)"
fi
exec dotnet run --project Dashboard -c Release --no-launch-profile
