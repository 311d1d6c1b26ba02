#!/usr/bin/env bash
# Provisions a local PostgreSQL 15 + PostGIS 3 cluster for the dashboard (Debian/Ubuntu), idempotently:
# installs the packages if missing, creates and starts the cluster "15/coverage" on $COVERAGE_PG_PORT
# (default 55432), and creates the roles and database below. Safe to run again.
#   role coverage / password coverage            owns database "coverage" (the run command's default)
#   role coverage_test / password coverage_test  superuser, used by the tests to create a database per run
# Local development only: these passwords protect nothing beyond 127.0.0.1.
set -euo pipefail

PORT="${COVERAGE_PG_PORT:-55432}"
CLUSTER=coverage

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

missing=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || missing+=(postgresql-15-postgis-3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "provision: installing ${missing[*]} (Debian packages)"
  bash "$(dirname "$0")/apt-install.sh" "${missing[@]}"
fi

if ! pg_lsclusters -h | awk -v c="$CLUSTER" '$1 == "15" && $2 == c { found = 1 } END { exit !found }'; then
  echo "provision: creating cluster 15/$CLUSTER on port $PORT"
  as_root pg_createcluster 15 "$CLUSTER" --port "$PORT" >/dev/null
fi
if ! pg_lsclusters -h | awk -v c="$CLUSTER" '$1 == "15" && $2 == c && $4 == "online" { found = 1 } END { exit !found }'; then
  echo "provision: starting cluster 15/$CLUSTER"
  as_root pg_ctlcluster 15 "$CLUSTER" start
fi
actual_port=$(pg_lsclusters -h | awk -v c="$CLUSTER" '$1 == "15" && $2 == c { print $3 }')
if [ "$actual_port" != "$PORT" ]; then
  echo "provision: cluster 15/$CLUSTER listens on port $actual_port, not $PORT; set COVERAGE_PG_PORT=$actual_port" >&2
  exit 1
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$PORT" && break
  sleep 0.5
done
pg_isready -q -h 127.0.0.1 -p "$PORT" || { echo "provision: PostgreSQL on port $PORT did not become ready" >&2; exit 1; }

as_postgres psql -q -p "$PORT" -v ON_ERROR_STOP=1 -d postgres <<'SQL'
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coverage') THEN
    CREATE ROLE coverage LOGIN PASSWORD 'coverage';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'coverage_test') THEN
    CREATE ROLE coverage_test LOGIN SUPERUSER PASSWORD 'coverage_test';
  END IF;
END
$$;
SELECT 'CREATE DATABASE coverage OWNER coverage' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'coverage')\gexec
SQL
# PostGIS needs a superuser to install; the app's migration then finds it in place.
PGOPTIONS="-c client_min_messages=warning" as_postgres psql -q -p "$PORT" -v ON_ERROR_STOP=1 -d coverage -c "CREATE EXTENSION IF NOT EXISTS postgis"
echo "provision: PostgreSQL 15 + PostGIS ready on 127.0.0.1:$PORT"
