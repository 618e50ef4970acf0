#!/usr/bin/env bash
# Dashboard figures in one command: build, page bundle sizes (gzip), and apps-page time to interactive in
# headless Chromium against the dashboard served at STRATUS_APP_URL (default http://localhost:8080: start
# the platform with ./run.sh first). The machine may be shared: compare figures from the same run.
set -euo pipefail
cd "$(dirname "$0")/../src/main/frontend"
node scripts/ensure-deps.mjs
npm run build --silent >/dev/null
node scripts/bundle-size.mjs
node ../../../bench/tti.mjs
