#!/usr/bin/env bash
# Several dashboard nodes behind nginx on one PostgreSQL — the production topology (README, Scale-out) on one machine.
#   bash scripts/cluster.sh start [N]   N nodes (default 2) on ports COVERAGE_CLUSTER_PORT, +1, …; nginx on COVERAGE_PORT
#   bash scripts/cluster.sh stop        stop nginx and every node
#   bash scripts/cluster.sh status      which nodes answer /healthz
# Like scripts/run.sh, it provisions the local PostgreSQL unless ConnectionStrings__Coverage is set; the demo feed runs on
# the first node only. Logs and nginx's files are in .local/cluster/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/local.env
dir="$PWD/.local/cluster"

stop() {
  if [ -f "$dir/nginx.pid" ]; then kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true; rm -f "$dir/nginx.pid"; fi
  for pidfile in "$dir"/node-*.pid; do
    [ -f "$pidfile" ] || continue
    kill -- -"$(cat "$pidfile")" 2>/dev/null || true   # the node's process group: dotnet run and the app
    rm -f "$pidfile"
  done
}

healthy() { curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$1/healthz"; }

case "${1:-start}" in
  stop) stop; echo "cluster: stopped" ;;
  status)
    for pidfile in "$dir"/node-*.pid; do
      [ -f "$pidfile" ] || continue
      port=$(basename "$pidfile" .pid); port=${port#node-}
      if healthy "$port"; then echo "cluster: node :$port healthy"; else echo "cluster: node :$port NOT healthy"; fi
    done
    if healthy "$COVERAGE_PORT"; then echo "cluster: nginx :$COVERAGE_PORT healthy"; else echo "cluster: nginx :$COVERAGE_PORT NOT healthy"; fi ;;
  start)
    n=${2:-2}
    command -v nginx >/dev/null || bash scripts/apt-install.sh nginx-light
    bash scripts/ensure-frontend.sh
    if [ -z "${ConnectionStrings__Coverage:-}" ]; then
      bash scripts/provision-postgres.sh
      export ConnectionStrings__Coverage="Host=$COVERAGE_PG_HOST;Port=$COVERAGE_PG_PORT;Database=$COVERAGE_PG_DATABASE;Username=$COVERAGE_PG_USER;Password=$COVERAGE_PG_PASSWORD"
      demo=true
    else
      demo=false
    fi
    export Admin__PasswordFile="${Admin__PasswordFile:-$PWD/.local/initial-admin-password.txt}"
    export Admin__DemoAccounts="${Admin__DemoAccounts:-$demo}"
    stop
    mkdir -p "$dir"
    dotnet build Dashboard -c Release -v q -nologo
    upstreams=""
    for i in $(seq 0 $((n - 1))); do
      port=$((COVERAGE_CLUSTER_PORT + i))
      feed=false; [ "$i" = 0 ] && feed=$demo
      # Each node in its own process group, so 'stop' ends dotnet run and the app together.
      DemoFeed__Enabled=$feed ASPNETCORE_URLS="http://127.0.0.1:$port" \
        setsid dotnet run --project Dashboard -c Release --no-build --no-launch-profile >"$dir/node-$port.log" 2>&1 &
      echo $! >"$dir/node-$port.pid"
      upstreams+="        server 127.0.0.1:$port max_fails=1 fail_timeout=3s;"$'\n'
    done
    user=""; [ "$(id -u)" = 0 ] && user="user root;"   # as root, workers run as root too: they write the temp files here
    sed -e "s|@PREFIX@|$dir|g" -e "s|@LISTEN@|$COVERAGE_PORT|g" -e "s|@USER@|$user|" scripts/cluster/nginx.conf.template \
      | awk -v ups="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", ups; else print }' >"$dir/nginx.conf"
    mkdir -p "$dir"/{client_body,proxy,fastcgi,uwsgi,scgi}
    nginx -t -q -c "$dir/nginx.conf" -p "$dir"
    nginx -c "$dir/nginx.conf" -p "$dir"
    for i in $(seq 0 $((n - 1))); do
      port=$((COVERAGE_CLUSTER_PORT + i))
      for _ in $(seq 1 240); do healthy "$port" && break; sleep 0.5; done
      healthy "$port" || { echo "cluster: node :$port did not become healthy; see $dir/node-$port.log" >&2; exit 1; }
    done
    echo "cluster: $n nodes (:$COVERAGE_CLUSTER_PORT…:$((COVERAGE_CLUSTER_PORT + n - 1))) behind nginx on http://localhost:$COVERAGE_PORT"
    echo "cluster: sign in at http://localhost:$COVERAGE_PORT/account/login; 'bash scripts/cluster.sh stop' ends it" ;;
  *) echo "usage: bash scripts/cluster.sh start [N] | stop | status" >&2; exit 2 ;;
esac
