#!/usr/bin/env bash
# End-to-end scenarios of the dashboard in real headless Chromium (Debian's package, driven by playwright-core)
# against a running platform:
#   STRATUS_APP_URL  (default http://localhost:8080)  app, which serves the dashboard at /
#   STRATUS_AUTH_URL (default http://localhost:8081)  auth
#   E2E_SCENARIOS    comma list to run a subset (e.g. served,signin-page); default all
#   E2E_SCRIPT=preview.mjs  the UI check with fixture APIs instead (needs only the served SPA)
# Screenshots go to web/target/e2e/. Installs chromium with apt-get when it is missing (as root).
set -euo pipefail
cd "$(dirname "$0")"
FRONTEND=../src/main/frontend

if [[ ! -x /usr/bin/chromium ]]; then
    if [[ $EUID -eq 0 ]]; then
        apt-get update -qq && apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
    else
        echo "e2e: /usr/bin/chromium is missing (apt-get install chromium)" >&2
        exit 1
    fi
fi
(cd "$FRONTEND" && node scripts/ensure-deps.mjs)
export STRATUS_APP_URL=${STRATUS_APP_URL:-http://localhost:8080}
export STRATUS_AUTH_URL=${STRATUS_AUTH_URL:-http://localhost:8081}
export E2E_OUT=${E2E_OUT:-$(cd .. && pwd)/target/e2e}
mkdir -p "$E2E_OUT"
exec node "${E2E_SCRIPT:-scenarios.mjs}"
