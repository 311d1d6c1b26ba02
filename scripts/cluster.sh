#!/usr/bin/env bash
# Several dashboard nodes behind nginx on one PostgreSQL — the production topology (README, Scale-out) on one machine.
#   bash scripts/cluster.sh start [N]   N nodes (default 2) on ports COVERAGE_CLUSTER_PORT, +1, …; nginx on COVERAGE_PORT
#   bash scripts/cluster.sh stop        stop nginx and every node
#   bash scripts/cluster.sh status      which nodes are ready (/healthz/ready)
#   bash scripts/cluster.sh restart     rolling restart: each node in turn gets SIGTERM (it drains: its walls and hub clients
#                                       move to the others), is started again (a new build, if one was made) and must be ready,
#                                       and reached through nginx, before the next one is stopped. To deploy a new
#                                       version, 'dotnet build Dashboard -c Release' first: each node starts the new build.
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
    kill -- -"$(cat "$pidfile")" 2>/dev/null || true   # the node's process group
    rm -f "$pidfile"
  done
}

# Quiet: polled until it answers 200 (503 while loading or draining).
healthy() { curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$1/healthz/ready"; }
dll="$PWD/Dashboard/bin/Release/net10.0/Coverage.Dashboard.dll"

database() {
  if [ -z "${ConnectionStrings__Coverage:-}" ]; then
    export ConnectionStrings__Coverage="Host=$COVERAGE_PG_HOST;Port=$COVERAGE_PG_PORT;Database=$COVERAGE_PG_DATABASE;Username=$COVERAGE_PG_USER;Password=$COVERAGE_PG_PASSWORD"
    demo=true
  else
    demo=false
  fi
  export Admin__PasswordFile="${Admin__PasswordFile:-$PWD/.local/initial-admin-password.txt}"
  export Admin__DemoAccounts="${Admin__DemoAccounts:-$demo}"
}

# launch PORT FEED: the app itself (no 'dotnet run' in between, so SIGTERM reaches it), in its own process group.
launch() {
  # The braces keep '&' on setsid alone: its pid is the node's (setsid execs dotnet) and its process group's, which
  # restart and stop signal. ('cd && setsid … &' would background a wrapper shell and record its pid instead.)
  (cd "$(dirname "$dll")" && { DemoFeed__Enabled=$2 ASPNETCORE_URLS="http://127.0.0.1:$1" \
    setsid dotnet "$dll" >>"$dir/node-$1.log" 2>&1 & echo $! >"$dir/node-$1.pid"; })
}

since() { awk -v a="$1" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

wait_ready() {
  for _ in $(seq 1 240); do healthy "$1" && return 0; sleep 0.5; done
  echo "cluster: node :$1 did not become ready; see $dir/node-$1.log" >&2; return 1
}

# Until nginx sends some client to the node on PORT again and it answers ready there (nginx's passive checks forget a
# failed node after fail_timeout).
wait_routed() {
  for _ in $(seq 1 120); do
    for k in $(seq 0 63); do
      node=$(curl -s -o /dev/null -w '%{http_code} %header{x-coverage-node}' --max-time 2 -H "Cookie: coverage_node=k$k" \
        "http://127.0.0.1:$COVERAGE_PORT/healthz/ready" || true)
      [ "$node" = "200 127.0.0.1:$1" ] && return 0
    done
    sleep 0.5
  done
  echo "cluster: nginx does not reach node :$1" >&2; return 1
}

case "${1:-start}" in
  stop) stop; echo "cluster: stopped" ;;
  status)
    for pidfile in "$dir"/node-*.pid; do
      [ -f "$pidfile" ] || continue
      port=$(basename "$pidfile" .pid); port=${port#node-}
      if healthy "$port"; then echo "cluster: node :$port healthy"; else echo "cluster: node :$port NOT healthy"; fi
    done
    if healthy "$COVERAGE_PORT"; then echo "cluster: nginx :$COVERAGE_PORT healthy"; else echo "cluster: nginx :$COVERAGE_PORT NOT healthy"; fi ;;
  restart)
    database
    first=1
    for pidfile in $(ls "$dir"/node-*.pid 2>/dev/null | sort); do
      port=$(basename "$pidfile" .pid); port=${port#node-}
      feed=false; [ "$first" = 1 ] && feed=$demo; first=0
      pid=$(cat "$pidfile")
      echo "cluster: node :$port: SIGTERM (draining)…"
      started=$(date +%s%N)
      kill -TERM -- -"$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done   # the drain ends within Drain:TimeoutSeconds (+10 s)
      echo "cluster: node :$port stopped after $(since "$started") s"
      launch "$port" "$feed"
      wait_ready "$port"
      wait_routed "$port"
      echo "cluster: node :$port ready again behind nginx $(since "$started") s after SIGTERM"
    done
    echo "cluster: rolling restart done" ;;
  start)
    n=${2:-2}
    command -v nginx >/dev/null || bash scripts/apt-install.sh nginx-light
    bash scripts/ensure-frontend.sh
    [ -n "${ConnectionStrings__Coverage:-}" ] || bash scripts/provision-postgres.sh
    database
    stop
    mkdir -p "$dir"
    dotnet build Dashboard -c Release -v q -nologo
    upstreams=""
    for i in $(seq 0 $((n - 1))); do
      port=$((COVERAGE_CLUSTER_PORT + i))
      feed=false; [ "$i" = 0 ] && feed=$demo
      : >"$dir/node-$port.log"
      launch "$port" "$feed"
      upstreams+="        server 127.0.0.1:$port max_fails=1 fail_timeout=3s;"$'\n'
    done
    user=""; [ "$(id -u)" = 0 ] && user="user root;"   # as root, workers run as root too: they write the temp files here
    sed -e "s|@PREFIX@|$dir|g" -e "s|@LISTEN@|$COVERAGE_PORT|g" -e "s|@USER@|$user|" scripts/cluster/nginx.conf.template \
      | awk -v ups="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", ups; else print }' >"$dir/nginx.conf"
    mkdir -p "$dir"/{client_body,proxy,fastcgi,uwsgi,scgi}
    nginx -t -q -c "$dir/nginx.conf" -p "$dir"
    nginx -c "$dir/nginx.conf" -p "$dir"
    for i in $(seq 0 $((n - 1))); do wait_ready $((COVERAGE_CLUSTER_PORT + i)); done
    echo "cluster: $n nodes (:$COVERAGE_CLUSTER_PORT…:$((COVERAGE_CLUSTER_PORT + n - 1))) behind nginx on http://localhost:$COVERAGE_PORT"
    echo "cluster: sign in at http://localhost:$COVERAGE_PORT/account/login; 'bash scripts/cluster.sh stop' ends it" ;;
  *) echo "usage: bash scripts/cluster.sh start [N] | restart | stop | status" >&2; exit 2 ;;
esac
