#!/usr/bin/env bash
# Regenerates seed-data/ from the pinned npm packages: bash scripts/seed-gen/generate.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
npm ci --no-audit --no-fund --loglevel=error
node generate.mjs "$@"
