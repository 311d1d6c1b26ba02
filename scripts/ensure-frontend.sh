#!/usr/bin/env bash
# Installs the front-end packages (npm, pinned by package-lock.json) when they are missing or out of date.
set -euo pipefail
cd "$(dirname "$0")/../Dashboard"
[ -f package.json ] || exit 0
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
