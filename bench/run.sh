#!/usr/bin/env bash
# Measures the map and overview targets on the full seed-data (about 3,100 townships):
#   - gzipped size of the whole-province township layer and county outlines (target ≤ 300 KB)
#   - /api/summary latency over 1,000 requests (target p95 ≤ 20 ms)
#   - navigation → first map paint of '/' in headless Chromium
#   - a time-playback step's server work (KPIs, ranking, map layer as of a date) over 60 monthly steps (p95 ≤ 100 ms)
#   - the whole province exported as .xlsx and CSV from /api/gaps and /api/stations (target < 1 s)
#   - navigation → /brief printable, and the size of its A4 PDF
#   - 'layers' (only by name): the layer API with a new asOf on every request, and /healthz meanwhile
# 'bash bench/run.sh playback' (or payload, summary, paint, export, brief) runs one part; BENCH_DB names the database (default
# coverage_bench), so two checkouts can measure at once with BENCH_DB and BENCH_PORT of their own.
# It publishes the dashboard (so it also proves the published folder carries Leaflet), runs it on a dedicated
# database 'coverage_bench' on the local cluster (recreated each run), and stops it at the end.
# Database, port and browser settings: scripts/local.env. The API rate limit is off (1,100 summary requests in a row).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local.env

PORT="$BENCH_PORT"
DB="${BENCH_DB:-coverage_bench}"
PART="${1:-all}"
OUT=bench/.out
export PGHOST="$COVERAGE_PG_HOST" PGPORT="$COVERAGE_PG_PORT" PGUSER="$COVERAGE_PG_TEST_USER" PGPASSWORD="$COVERAGE_PG_TEST_PASSWORD"

bash scripts/provision-postgres.sh
bash scripts/ensure-frontend.sh
psql -q -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" -c "CREATE DATABASE \"$DB\""
psql -q -d "$DB" -c "CREATE EXTENSION postgis"

rm -rf "$OUT/app"
dotnet publish Dashboard -c Release -o "$OUT/app" --nologo -v quiet
test -f "$OUT/app/wwwroot/lib/leaflet/leaflet.min.js" || { echo "bench: the published folder lacks Leaflet" >&2; exit 1; }
test -f "$OUT/app/wwwroot/lib/echarts/echarts.min.js" || { echo "bench: the published folder lacks ECharts" >&2; exit 1; }
dotnet build bench/Bench -c Release --nologo -v quiet

export ConnectionStrings__Coverage="Host=$PGHOST;Port=$PGPORT;Database=$DB;Username=$PGUSER;Password=$PGPASSWORD"
# ── Bench settings passed to the app ─────────────────────────────────────────────────────────────────────────────────
# Environment of the dashboard process under the bench. The bench signs in as one user for every request and page:
# the per-caller limits (Limits:*, README Security) would throttle it, so the API rate limit is off (0) here.
app_settings=(ASPNETCORE_URLS="http://127.0.0.1:$PORT" Logging__LogLevel__Default=Warning Admin__PasswordFile="$PWD/$OUT/initial-admin-password.txt"
  Limits__ApiRequestsPerWindow=0)
# ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
(cd "$OUT/app" && exec env "${app_settings[@]}" dotnet Coverage.Dashboard.dll) > "$OUT/app.log" 2>&1 &
app=$!
trap 'kill "$app" 2>/dev/null || true' EXIT

echo "bench: seeding and starting the dashboard on port $PORT"
for _ in $(seq 1 300); do
  curl -fs "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1 && break
  kill -0 "$app" 2>/dev/null || { echo "bench: the dashboard stopped; see $OUT/app.log" >&2; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/healthz" > /dev/null

# Sign in like an operator's user: a viewer account and a personal access token, made with the published app's operations CLI.
cli() { (cd "$OUT/app" && dotnet Coverage.Dashboard.dll "$@"); }
export BENCH_EMAIL=bench@bench.local
BENCH_PASSWORD="Bench-$(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')-X1"
export BENCH_PASSWORD
printf '%s\n' "$BENCH_PASSWORD" | cli users add "$BENCH_EMAIL" --role viewer --password-stdin
BENCH_TOKEN=$(cli tokens create "$BENCH_EMAIL" --name bench --days 1 | tail -n 1)
export BENCH_TOKEN
# The layers part also needs other users (the per-user limit on layer builds) and an admin token (to read /metrics).
if [ "$PART" = layers ]; then
  tokens=()
  for n in 2 3 4; do
    printf '%s\n' "$BENCH_PASSWORD" | cli users add "bench$n@bench.local" --role viewer --password-stdin
    tokens+=("$(cli tokens create "bench$n@bench.local" --name bench --days 1 | tail -n 1)")
  done
  BENCH_TOKENS=$(IFS=,; echo "${tokens[*]}")
  printf '%s\n' "$BENCH_PASSWORD" | cli users add bench-admin@bench.local --role provinceAdmin --password-stdin
  BENCH_ADMIN_TOKEN=$(cli tokens create bench-admin@bench.local --name bench --days 1 | tail -n 1)
  export BENCH_TOKENS BENCH_ADMIN_TOKEN
fi

BENCH_URL="http://127.0.0.1:$PORT/" dotnet bench/Bench/bin/Release/net10.0/Coverage.Bench.dll "$PART"
