#!/usr/bin/env bash
# Installs Debian packages, running 'apt-get update' once per machine (and again if an install fails on a stale list).
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
export DEBIAN_FRONTEND=noninteractive
stamp=/var/lib/apt/periodic/coverage-update-stamp
if [ ! -f "$stamp" ]; then
  as_root apt-get update -qq
  as_root mkdir -p "$(dirname "$stamp")" && as_root touch "$stamp"
fi
if ! as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null; then
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
fi
