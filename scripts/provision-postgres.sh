#!/usr/bin/env bash
# Provisions a local PostgreSQL + PostGIS 3 cluster for the dashboard (Debian/Ubuntu), idempotently: installs the
# packages if missing, creates and starts the cluster COVERAGE_PG_VERSION/COVERAGE_PG_CLUSTER on COVERAGE_PG_PORT,
# and creates the roles and database below, all as set in scripts/local.env. Safe to run again.
#   role COVERAGE_PG_USER       owns database COVERAGE_PG_DATABASE (the run command's default)
#   role COVERAGE_PG_TEST_USER  superuser, used by the tests and benches to create a database per run
# Each run (re)sets both roles' passwords to the ones in scripts/local.env.
set -euo pipefail
source "$(dirname "$0")/local.env"

VERSION="$COVERAGE_PG_VERSION"
CLUSTER="$COVERAGE_PG_CLUSTER"
PORT="$COVERAGE_PG_PORT"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }

missing=()
[ -x /usr/lib/postgresql/$VERSION/bin/postgres ] || missing+=("postgresql-$VERSION")
[ -f /usr/share/postgresql/$VERSION/extension/postgis.control ] || missing+=("postgresql-$VERSION-postgis-3")
if [ ${#missing[@]} -gt 0 ]; then
  echo "provision: installing ${missing[*]} (Debian packages)"
  bash "$(dirname "$0")/apt-install.sh" "${missing[@]}"
fi

if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { found = 1 } END { exit !found }'; then
  echo "provision: creating cluster $VERSION/$CLUSTER on port $PORT"
  as_root pg_createcluster "$VERSION" "$CLUSTER" --port "$PORT" >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c && $4 == "online" { found = 1 } END { exit !found }'; then
  echo "provision: starting cluster $VERSION/$CLUSTER"
  as_root pg_ctlcluster "$VERSION" "$CLUSTER" start
fi
actual_port=$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1 == v && $2 == c { print $3 }')
if [ "$actual_port" != "$PORT" ]; then
  echo "provision: cluster $VERSION/$CLUSTER listens on port $actual_port, not $PORT; set COVERAGE_PG_PORT=$actual_port" >&2
  exit 1
fi
for _ in $(seq 1 60); do
  pg_isready -q -h "$COVERAGE_PG_HOST" -p "$PORT" && break
  sleep 0.5
done
pg_isready -q -h "$COVERAGE_PG_HOST" -p "$PORT" || { echo "provision: PostgreSQL on port $PORT did not become ready" >&2; exit 1; }

as_postgres psql -q -p "$PORT" -v ON_ERROR_STOP=1 -d postgres \
  -v app_user="$COVERAGE_PG_USER" -v app_password="$COVERAGE_PG_PASSWORD" -v database="$COVERAGE_PG_DATABASE" \
  -v test_user="$COVERAGE_PG_TEST_USER" -v test_password="$COVERAGE_PG_TEST_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I', :'app_user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_user')\gexec
SELECT format('CREATE ROLE %I', :'test_user') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'test_user')\gexec
ALTER ROLE :"app_user" LOGIN PASSWORD :'app_password';
ALTER ROLE :"test_user" LOGIN SUPERUSER PASSWORD :'test_password';
SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'app_user') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database')\gexec
SQL
# PostGIS needs a superuser to install; the app's migration then finds it in place.
PGOPTIONS="-c client_min_messages=warning" as_postgres psql -q -p "$PORT" -v ON_ERROR_STOP=1 -d "$COVERAGE_PG_DATABASE" -c "CREATE EXTENSION IF NOT EXISTS postgis"
echo "provision: PostgreSQL $VERSION + PostGIS ready on $COVERAGE_PG_HOST:$PORT"
