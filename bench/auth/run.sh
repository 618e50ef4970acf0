#!/usr/bin/env bash
# Benchmarks auth and app's token verification on this machine, in one command:
#   1. client_credentials tokens per second (auth)
#   2. password-grant logins per second (auth; bcrypt cost from stratus.auth.bcrypt-cost, default 10)
#   3. app's verification cost: a trivial GET that requires a JWT vs its unauthenticated twin, same run
# Starts the platform through ./run.sh (embedded PostgreSQL, data in .run-bench/), loads it with wrk, prints the
# figures, stops everything. Ports: STRATUS_APP_PORT (18080), STRATUS_AUTH_PORT (18081),
# STRATUS_EMBEDDED_PG_PORT (25432). DURATION (seconds per measurement, default 15).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export STRATUS_APP_PORT=${STRATUS_APP_PORT:-18080} STRATUS_AUTH_PORT=${STRATUS_AUTH_PORT:-18081}
export STRATUS_EMBEDDED_PG_PORT=${STRATUS_EMBEDDED_PG_PORT:-25432}
export STRATUS_RUN_DIR=${STRATUS_RUN_DIR:-$ROOT/.run-bench}
# Reuses the jars built by ./run.sh or the tests; run.sh still builds when they are missing.
export STRATUS_SKIP_BUILD=${STRATUS_SKIP_BUILD:-1}
DURATION=${DURATION:-15}
APP=http://127.0.0.1:$STRATUS_APP_PORT
AUTH=http://127.0.0.1:$STRATUS_AUTH_PORT
HERE=$ROOT/bench/auth

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

# /q/health/live requires a JWT for this run only; /q/health/started is its unauthenticated twin (same work).
export APP_JAVA_OPTS="$(sed -n 's/^APP_JAVA_OPTS=\${APP_JAVA_OPTS:-\(.*\)}$/\1/p' run.sh) -Dquarkus.http.auth.permission.bench.paths=/q/health/live \
-Dquarkus.http.auth.permission.bench.policy=authenticated"
LOG=$(mktemp)
set -m
./run.sh >"$LOG" 2>&1 &
RUN_PID=$!
cleanup() { kill -INT "$RUN_PID" 2>/dev/null || true; wait "$RUN_PID" 2>/dev/null || true; }
trap cleanup EXIT
for _ in $(seq 1 600); do
    curl -fsS "$APP/q/health/ready" >/dev/null 2>&1 && curl -fsS "$AUTH/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$RUN_PID" 2>/dev/null || { tail -50 "$LOG"; echo "bench: run.sh exited"; exit 1; }
    sleep 0.5
done

rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p'; }
non2xx() { sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p'; }
measure() { # name, connections, wrk args...
    local name=$1 conns=$2; shift 2
    wrk -t2 -c"$conns" -d3s "$@" >/dev/null 2>&1 || true # warm-up (JIT)
    local out; out=$(wrk -t2 -c"$conns" -d"${DURATION}s" --latency "$@")
    local r; r=$(printf '%s\n' "$out" | rps)
    local bad; bad=$(printf '%s\n' "$out" | non2xx)
    local p99; p99=$(printf '%s\n' "$out" | sed -n 's/^ *99% *\([0-9.a-z]*\).*/\1/p')
    printf '  %-44s %10s req/s   p99 %-8s non-2xx %s\n' "$name" "$r" "$p99" "${bad:-0}" >&2
    echo "$r"
}

BASIC=$(printf '%s' 'demo-service:demo-service-secret-change-me' | base64 -w0)
TOKEN=$(curl -fsS "$AUTH/oauth/token" -d grant_type=password -d username=demo@stratus.local \
    -d password=stratus-demo-password | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')
[[ -n $TOKEN ]] || { echo "bench: no token for the demo user"; exit 1; }

echo "bench/auth $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, wrk -t2, ${DURATION}s per figure (load generator on the same cores)"
CC=$(BODY=grant_type=client_credentials BASIC=$BASIC measure "client_credentials tokens (auth)" 16 \
    -s "$HERE/post.lua" "$AUTH/oauth/token")
PW=$(BODY="grant_type=password&username=demo%40stratus.local&password=stratus-demo-password" BASIC= \
    measure "password logins, bcrypt cost 10 (auth)" 8 -s "$HERE/post.lua" "$AUTH/oauth/token")
PLAIN=$(measure "app GET unauthenticated (/q/health/started)" 16 "$APP/q/health/started")
AUTHED=$(TOKEN=$TOKEN measure "app GET with JWT verified (/q/health/live)" 16 -s "$HERE/bearer.lua" \
    "$APP/q/health/live")
[[ $(curl -s -o /dev/null -w '%{http_code}' "$APP/q/health/live") == 401 ]] \
    || echo "bench: WARNING /q/health/live did not require a token; the ratio below means nothing"
awk -v a="$AUTHED" -v p="$PLAIN" 'BEGIN { printf "  verification ratio (authenticated / unauthenticated): %.2f\n", a / p }'
