#!/usr/bin/env bash
# Benchmarks the dashboard API on this machine (issue 5), in one command:
#   bench/dashboard/run.sh
# 1. GET /apps for an account with 200 apps (wrk), 2. PATCH /apps/{app}/formation (wrk + Lua), 3. live fan-out:
# 1,000 WebSocket clients watching one app, latency from the PATCH returning to the last client's event.
# Starts its own app on 127.0.0.1:28080 (test JWKS, database stratus_bench_dashboard on the local PostgreSQL),
# stops it at the end. Figures are noisy on a shared 2-core machine: compare ratios from one run.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/bench/dashboard"
cd "$ROOT"

PORT="${STRATUS_APP_PORT:-28080}"
URL="http://127.0.0.1:$PORT"
DB="${STRATUS_BENCH_DB:-stratus_bench_dashboard}"
DURATION="${BENCH_DURATION:-15s}"
CLIENTS="${BENCH_WS_CLIENTS:-1000}"
ROUNDS="${BENCH_WS_ROUNDS:-30}"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"

command -v wrk >/dev/null || { echo "bench: installing wrk"; apt-get install -y wrk >/dev/null; }
if [[ ! -f app/target/quarkus-app/quarkus-run.jar ]]; then
    ./mvnw -B package -pl app -am -DskipTests
fi
if curl -s -o /dev/null "$URL/"; then
    echo "bench: something already listens on $URL; stop it or set STRATUS_APP_PORT" >&2
    exit 1
fi
psql -d postgres -c "drop database if exists \"$DB\"" >/dev/null
psql -d postgres -c "create database \"$DB\"" >/dev/null

QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
MP_JWT_VERIFY_PUBLICKEY_LOCATION="file://$ROOT/common/src/test/resources/stratus-test-keys/jwks.json" \
MP_JWT_VERIFY_ISSUER=https://auth.stratus.test QUARKUS_LOG_CONSOLE_JSON_ENABLED=false QUARKUS_LOG_LEVEL=WARN \
    java -Xmx512m -jar app/target/quarkus-app/quarkus-run.jar >"$HERE/app.log" 2>&1 &
APP_PID=$!
trap 'kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
    curl -fsS "$URL/q/health/ready" >/dev/null 2>&1 && break
    kill -0 "$APP_PID" 2>/dev/null || { tail -40 "$HERE/app.log"; exit 1; }
    sleep 0.5
done

ACCOUNT=$(cat /proc/sys/kernel/random/uuid)
TOKEN=$("$HERE/token.sh" "$ACCOUNT" "bench-$ACCOUNT@example.test" 7200)
AUTH="Authorization: Bearer $TOKEN"
echo "bench: creating 200 apps"
for i in $(seq 1 200); do
    curl -fsS -o /dev/null -H "$AUTH" -H 'Content-Type: application/json' -d "{\"name\":\"bench-$i-$RANDOM\"}" "$URL/apps"
done
APP=$(curl -fsS -H "$AUTH" -H 'Range: name ..; max=1' "$URL/apps" | sed -E 's/.*"name":"(bench-[^"]+)".*/\1/' | head -1)
[[ $(curl -fsS -H "$AUTH" "$URL/apps" | grep -o '"git_url"' | wc -l) -eq 200 ]] || { echo "bench: expected 200 apps"; exit 1; }

echo
echo "== GET /apps (200 apps per response), $DURATION, 2 threads, 16 connections"
wrk -t2 -c16 -d"$DURATION" --timeout 10s --latency -H "$AUTH" "$URL/apps" | grep -E "Requests/sec|Latency|99%|50%|Non-2xx|Socket errors"

echo
echo "== PATCH /apps/$APP/formation (one app: every write takes its row lock), $DURATION, 2 threads, 16 connections"
TOKEN="$TOKEN" APP="$APP" wrk -t2 -c16 -d"$DURATION" --timeout 10s --latency -s "$HERE/patch-formation.lua" "$URL" \
    | grep -E "Requests/sec|Latency|99%|50%|Non-2xx|Socket errors"

echo
echo "== Live fan-out: $CLIENTS WebSocket clients on /events?app=$APP, $ROUNDS rounds"
java -Xmx512m "$HERE/FanOut.java" "$URL" "$TOKEN" "$APP" "$CLIENTS" "$ROUNDS"

echo
echo "bench: done ($(nproc) cores, load average now $(cut -d' ' -f1-3 /proc/loadavg); the machine is shared)"
