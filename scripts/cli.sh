#!/usr/bin/env bash
# Runs an operations command of the dashboard (see README, Operations CLI) against its database:
#   bash scripts/cli.sh users add ops@example.gov.cn --role provinceAdmin --password-stdin
#   bash scripts/cli.sh users list | tokens create <email> --name N [--days D] | displays create --name N [--scope CODE] …
# stdin (a password for --password-stdin) and stdout (a created token or wall URL on the last line) pass straight through.
# Uses ConnectionStrings__Coverage if set, else the local cluster the run command provisions (scripts/local.env).
# Exit code 0: done; 2: refused, nothing changed (the reason is on stderr); 1: other error.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local.env
[ $# -ge 1 ] || { echo "usage: bash scripts/cli.sh <import|users|tokens|displays> … (add --help to any of them)" >&2; exit 2; }
if [ -z "${ConnectionStrings__Coverage:-}" ]; then
  bash scripts/provision-postgres.sh >/dev/null
  export ConnectionStrings__Coverage="Host=$COVERAGE_PG_HOST;Port=$COVERAGE_PG_PORT;Database=$COVERAGE_PG_DATABASE;Username=$COVERAGE_PG_USER;Password=$COVERAGE_PG_PASSWORD"
fi
# The wall URLs that 'displays create' prints start with the address the run command serves on, unless --base-url is given.
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://localhost:$COVERAGE_PORT}"
# Built quietly first, so that stdout carries only the command's own output.
dotnet build Dashboard -c Release -nologo -v quiet >/dev/null
exec dotnet run --project Dashboard -c Release --no-launch-profile --no-build -- "$@"
