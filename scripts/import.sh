#!/usr/bin/env bash
# Imports a folder of files in the seed-data formats (see seed-data/README.md) into the dashboard's database.
# Uses ConnectionStrings__Coverage if set, else the local cluster the run command provisions (scripts/local.env).
# Exit code 0: imported; 2: rejected, nothing written (each bad row is listed); 1: other error.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local.env
[ $# -eq 1 ] || { echo "usage: bash scripts/import.sh <folder>" >&2; exit 1; }
folder=$(cd "$1" && pwd)
if [ -z "${ConnectionStrings__Coverage:-}" ]; then
  bash scripts/provision-postgres.sh >/dev/null
  export ConnectionStrings__Coverage="Host=$COVERAGE_PG_HOST;Port=$COVERAGE_PG_PORT;Database=$COVERAGE_PG_DATABASE;Username=$COVERAGE_PG_USER;Password=$COVERAGE_PG_PASSWORD"
fi
exec dotnet run --project Dashboard -c Release --no-launch-profile -- import "$folder"
