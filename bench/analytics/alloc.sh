#!/usr/bin/env bash
# Bytes the whole app allocates per ingestion request, and its young collections per second, under the production
# JVM flags (run.sh APP_JAVA_OPTS). Reads jstat every 100 ms: allocation = eden growth between samples plus, across
# a young collection, what eden held before it. Serial GC fills eden before collecting, so this misses only
# objects allocated straight into the old generation (none on this path). Uses port 38081 and the database
# stratus_bench_alloc (recreated).
#   bench/analytics/alloc.sh          BENCH_BUILD=0 to reuse app/target, ALLOC_SECONDS (10) per endpoint
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$ROOT/bench/analytics/target
mkdir -p "$OUT"
PORT=${STRATUS_APP_PORT:-38081}
DB=${BENCH_DB:-stratus_bench_alloc}
SECONDS_EACH=${ALLOC_SECONDS:-10}
export MALLOC_ARENA_MAX=2 PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
APP_JAVA_OPTS=$(sed -n 's/^APP_JAVA_OPTS=\${APP_JAVA_OPTS:-\(.*\)}$/\1/p' "$ROOT/run.sh")
BASE="http://127.0.0.1:$PORT"
APP_PID=
cleanup() { if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID"; wait "$APP_PID" || true; fi; }
trap cleanup EXIT

if [[ ! -f app/target/quarkus-app/quarkus-run.jar || ${BENCH_BUILD:-1} == 1 ]]; then
    ./mvnw -B -DskipTests package -pl app -am > "$OUT/alloc-build.log" 2>&1 || { tail -50 "$OUT/alloc-build.log"; exit 1; }
fi
psql -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
env QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$DB" QUARKUS_HTTP_PORT="$PORT" \
    QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_LOG_CONSOLE_JSON_ENABLED=false QUARKUS_DATASOURCE_USERNAME=postgres \
    QUARKUS_DATASOURCE_PASSWORD= java $APP_JAVA_OPTS -jar app/target/quarkus-app/quarkus-run.jar > "$OUT/alloc-app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 360); do curl -sf "$BASE/q/health/ready" >/dev/null 2>&1 && break; sleep 0.5; done
TOKEN=$(openssl rand -hex 16)
psql -d $DB -qc "INSERT INTO analytics.projects VALUES (gen_random_uuid(), gen_random_uuid(), 'alloc', '$TOKEN', md5(random()::text), now())"
export BENCH_TOKEN=$TOKEN
curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"event\":\"warm\",\"token\":\"$TOKEN\"}" "$BASE/v1/events"
sleep 1.2
DATA=$(printf '{"event":"bench track","properties":{"token":"%s","distinct_id":"u1","plan":"pro"}}' "$TOKEN" | base64 -w0)

measure() { # $1 = label, rest = wrk arguments
    local label=$1; shift
    wrk -t2 -c32 -d5s "$@" > /dev/null # warm-up, not reported
    sleep 1
    jstat -gc "$APP_PID" 100 > "$OUT/alloc-jstat-$label.txt" &
    local jstat=$!
    wrk -t2 -c32 -d${SECONDS_EACH}s "$@" > "$OUT/alloc-wrk-$label.txt"
    kill $jstat; wait $jstat 2>/dev/null || true
    local requests
    requests=$(awk '/requests in/ { print $1 }' "$OUT/alloc-wrk-$label.txt")
    awk -v label="$label" -v requests="$requests" -v seconds="$SECONDS_EACH" '
        $1 == "S0C" { for (i = 1; i <= NF; i++) col[$i] = i; next }
        { ec = $col["EC"] * 1024; eu = $col["EU"] * 1024; ygc = $col["YGC"]
          if (seen) { if (ygc > pygc) bytes += (pec - peu) + (ygc - pygc - 1) * ec + eu; else bytes += eu - peu }
          else { ygc0 = ygc }
          seen = 1; pec = ec; peu = eu; pygc = ygc }
        END { printf "%-8s %8.0f req/s  %7.0f bytes/request  %5.1f young GCs/s  (eden %.0f MB)\n", label,
              requests / seconds, bytes / requests, (pygc - ygc0) / seconds, pec / 1048576 }' "$OUT/alloc-jstat-$label.txt"
}
echo "$(date -u +%FT%TZ) load average $(cut -d' ' -f1-3 /proc/loadavg); flags: $APP_JAVA_OPTS"
measure native -s bench/analytics/single.lua "$BASE/v1/events"
measure track "$BASE/track?ip=0&data=$DATA"
measure trivial "$BASE/q/health/live"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
