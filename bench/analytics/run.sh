#!/usr/bin/env bash
# Benchmarks analytics ingestion in one run and prints every figure (issue 6). Needs: JDK 17, wrk, psql, the local
# PostgreSQL on 127.0.0.1:5432. Uses app port 38080 (STRATUS_APP_PORT) and the database stratus_bench_analytics
# (BENCH_DB; recreated).
#   bench/analytics/run.sh            BENCH_SECONDS (10) per throughput test, SUSTAIN_SECONDS (60),
#                                     LATENCY_RATES ("1000 2000 4000 8000") fixed rates, LATENCY_SECONDS (20) each
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=$ROOT/bench/analytics/target
mkdir -p "$OUT"
PORT=${STRATUS_APP_PORT:-38080}
DB=${BENCH_DB:-stratus_bench_analytics}
SECONDS_EACH=${BENCH_SECONDS:-10}
SUSTAIN=${SUSTAIN_SECONDS:-60}
LATENCY_RATES=${LATENCY_RATES:-1000 2000 4000 8000}
LATENCY_SECONDS=${LATENCY_SECONDS:-20}
# The app's writer threads and batch size (app's application.properties, or the environment that overrides them):
# the ceiling uses as many connections and the same batches.
PROPS=app/src/main/resources/application.properties
WRITERS=${STRATUS_ANALYTICS_WRITER_THREADS:-$(sed -n 's/^stratus.analytics.writer-threads=//p' "$PROPS")}
BATCH=${STRATUS_ANALYTICS_BATCH_SIZE:-$(sed -n 's/^stratus.analytics.batch-size=//p' "$PROPS")}
# The README's production settings: the glibc arena cap is part of the memory budget.
export MALLOC_ARENA_MAX=2
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres
JDBC="jdbc:postgresql://127.0.0.1:5432/$DB"
# The README's production flags, read from run.sh; BENCH_JAVA_OPTS replaces them to compare other flags.
APP_JAVA_OPTS=${BENCH_JAVA_OPTS:-$(sed -n 's/^APP_JAVA_OPTS=\${APP_JAVA_OPTS:-\(.*\)}$/\1/p' "$ROOT/run.sh")}
BASE="http://127.0.0.1:$PORT"
APP_PID=

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
cleanup() { if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID"; wait "$APP_PID" || true; fi; }
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }
if [[ ! -f app/target/quarkus-app/quarkus-run.jar || ${BENCH_BUILD:-1} == 1 ]]; then
    say "building app (tests skipped)"
    ./mvnw -B -DskipTests package -pl app -am > "$OUT/build.log" 2>&1 || { tail -50 "$OUT/build.log"; exit 1; }
fi
HDR=$HOME/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar
PGJAR=$(ls "$HOME"/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)
[[ -f $HDR ]] || ./mvnw -B dependency:get -Dartifact=org.hdrhistogram:HdrHistogram:2.2.2 > "$OUT/deps.log" 2>&1

psql -d postgres -qc "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

start_app() { # $1 = log name, rest = extra env assignments
    local log=$1; shift
    env QUARKUS_DATASOURCE_JDBC_URL="$JDBC" QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
        QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= "$@" \
        java $APP_JAVA_OPTS -jar app/target/quarkus-app/quarkus-run.jar > "$OUT/$log" 2>&1 &
    APP_PID=$!
    # Up to 3 minutes: on the shared machine a start took 85 s.
    for _ in $(seq 1 360); do
        curl -sf "$BASE/q/health/ready" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    echo "app did not start; see $OUT/$log" >&2; tail -30 "$OUT/$log"; exit 1
}
metric() { # sum of a Prometheus metric's samples
    curl -s "$BASE/q/metrics" | awk -v m="$1" '$1 ~ "^"m"(\\{|$)" { s += $2 } END { printf "%.0f", s }'
}
drain() { # waits until the writer has emptied the queue, so phases do not measure each other's backlog
    for _ in $(seq 1 1200); do [[ $(metric stratus_analytics_queue_events) == 0 ]] && return 0; sleep 0.1; done
}
rps() { awk '/Requests\/sec/ { print $2 }' "$1"; }
non2xx() { awk '/Non-2xx/ { print $5 }' "$1" | grep . || echo 0; }
peak_rss_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$APP_PID/status"; }

# --- run 1: the real pipeline ---
say "starting app with the production JVM flags on :$PORT"
start_app app-run1.log
PROJECT=$(cat /proc/sys/kernel/random/uuid)
TOKEN=$(openssl rand -hex 16)
psql -d $DB -qc "INSERT INTO analytics.projects VALUES ('$PROJECT', gen_random_uuid(), 'bench', '$TOKEN', md5(random()::text), now())"
export BENCH_TOKEN=$TOKEN BENCH_RUN=$(date +%s)
# A token the app has not seen: the first request reloads the cache (at most once a second).
curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"event\":\"warm\",\"token\":\"$TOKEN\"}" "$BASE/v1/events"
sleep 1.2
curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"event\":\"warm\",\"token\":\"$TOKEN\"}" "$BASE/v1/events"
say "warm-up (5 s each, not reported)"
wrk -t2 -c32 -d5s "$BASE/q/health/live" > /dev/null
wrk -t2 -c32 -d5s -s bench/analytics/single.lua "$BASE/v1/events" > /dev/null
sleep 2

say "trivial endpoint GET /q/health/live (wrk -t2 -c32 -d${SECONDS_EACH}s)"
wrk -t2 -c32 -d${SECONDS_EACH}s "$BASE/q/health/live" | tee "$OUT/trivial.txt"
sleep 2
drain
say "native single event POST /v1/events"
wrk -t2 -c32 -d${SECONDS_EACH}s -s bench/analytics/single.lua "$BASE/v1/events" | tee "$OUT/native.txt"
sleep 3
drain
say "Mixpanel single event GET /track?data=<base64>"
DATA=$(printf '{"event":"bench track","properties":{"token":"%s","distinct_id":"u1","plan":"pro"}}' "$TOKEN" | base64 -w0)
wrk -t2 -c32 -d${SECONDS_EACH}s "$BASE/track?ip=0&data=$DATA" | tee "$OUT/track.txt"
sleep 3

drain
for RATE in $LATENCY_RATES; do
    say "latency at $RATE req/s fixed rate (open loop, HdrHistogram, measured from each request's due time)"
    java -cp "$HDR" bench/analytics/LoadGen.java "$BASE/v1/events" \
        "{\"event\":\"bench latency\",\"token\":\"$TOKEN\",\"distinct_id\":\"u1\",\"properties\":{\"plan\":\"pro\"}}" \
        "$RATE" "$LATENCY_SECONDS" 5 | tee "$OUT/latency-$RATE.txt"
    echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/latency-$RATE.txt"
    sleep 2
    drain
done

drain
say "sustained: 50-event batches with 10% resent, ${SUSTAIN} s, persisted through the real writer"
W0=$(metric stratus_analytics_events_written_total); D0=$(metric stratus_analytics_events_duplicates_total)
A0=$(metric stratus_analytics_events_accepted_total)
T0=$(date +%s.%N)
wrk -t2 -c16 -d${SUSTAIN}s -s bench/analytics/batch50.lua "$BASE/v1/events" | tee "$OUT/sustained.txt"
drain
sleep 1
T1=$(date +%s.%N)
W1=$(metric stratus_analytics_events_written_total); D1=$(metric stratus_analytics_events_duplicates_total)
A1=$(metric stratus_analytics_events_accepted_total)
ACC=$(metric stratus_analytics_events_accepted_total); WR=$(metric stratus_analytics_events_written_total)
DU=$(metric stratus_analytics_events_duplicates_total); DR=$(metric stratus_analytics_events_dropped_total)
STORED=$(psql -d $DB -tAc "SELECT count(*) FROM analytics.events")
PERSIST=$(echo "($W1 - $W0 + $D1 - $D0) / ($T1 - $T0)" | bc -l)
echo "accepted in window $((A1 - A0)), written $((W1 - W0)), duplicates $((D1 - D0)) over $(printf %.1f "$(echo "$T1 - $T0" | bc -l)") s until drained"
printf 'persisted (written + duplicates resolved): %.0f events/s\n' "$PERSIST"
echo "all runs: accepted=$ACC written=$WR duplicates=$DU dropped=$DR stored rows=$STORED"
[[ $STORED == "$WR" && $ACC == $((WR + DU + DR)) && $DR == 0 ]] && echo "stored == accepted - duplicates: OK" \
    || echo "stored/accepted MISMATCH"
RSS1=$(peak_rss_mb)
# Where the memory is after the queue was full: heap committed versus the rest of the RSS.
jcmd "$APP_PID" GC.heap_info 2>/dev/null | grep -E "total|Metaspace" | tee "$OUT/heap.txt" || true
grep VmRSS "/proc/$APP_PID/status" | tee -a "$OUT/heap.txt"
QMAX="$(metric stratus_analytics_queue_max_events) events / $(metric stratus_analytics_queue_max_bytes) bytes"

say "database ceiling: the writer's SQL with no HTTP (20 s, same table and indexes, $WRITERS connections, batches of $BATCH)"
java -cp "$PGJAR" bench/analytics/Ceiling.java "$JDBC" 20 "$WRITERS" "$BATCH" | tee "$OUT/ceiling.txt"
CEIL=$(awk -F= '/RESULT ceiling/ { print $2 }' "$OUT/ceiling.txt")

say "SIGTERM under load: stop the app mid-burst, then compare stored with accepted"
BEFORE=$(psql -d $DB -tAc "SELECT count(*) FROM analytics.events")
wrk -t2 -c16 -d8s -s bench/analytics/batch50.lua "$BASE/v1/events" > "$OUT/sigterm-wrk.txt" &
WRK=$!
sleep 4
RSS1=$(( $(peak_rss_mb) > RSS1 ? $(peak_rss_mb) : RSS1 ))
kill -TERM "$APP_PID"; wait "$APP_PID" || true; APP_PID=
wait $WRK || true
psql -d $DB -tAc "SELECT 'last run: accepted=' || accepted || ' written=' || written || ' duplicates=' || duplicates || ' dropped=' || dropped || ' stopped cleanly=' || (stopped_at IS NOT NULL) FROM analytics.ingest_runs ORDER BY started_at DESC LIMIT 1" | tee "$OUT/sigterm.txt"
AFTER=$(psql -d $DB -tAc "SELECT count(*) FROM analytics.events")
WRITTEN_LAST=$(psql -d $DB -tAc "SELECT written FROM analytics.ingest_runs ORDER BY started_at DESC LIMIT 1")
ACC_LAST=$(psql -d $DB -tAc "SELECT accepted - written - duplicates - dropped FROM analytics.ingest_runs ORDER BY started_at DESC LIMIT 1")
CEIL_ROWS=$(psql -d $DB -tAc "SELECT count(*) FROM analytics.events WHERE event = 'bench'")
echo "rows stored by the app in this run: $((AFTER - CEIL_ROWS)) (written counter $WRITTEN_LAST); accepted but not stored: $ACC_LAST"

# --- run 2: HTTP path capacity with the benchmark-only discard sink ---
say "HTTP path capacity: 50-event batches, writer discards (stratus.analytics.benchmark-discard=true)"
start_app app-run2.log STRATUS_ANALYTICS_BENCHMARK_DISCARD=true
curl -s -o /dev/null -H 'Content-Type: application/json' -d "{\"event\":\"warm\",\"token\":\"$TOKEN\"}" "$BASE/v1/events"
wrk -t2 -c32 -d5s -s bench/analytics/batch50-static.lua "$BASE/v1/events" > /dev/null
wrk -t2 -c32 -d${SECONDS_EACH}s -s bench/analytics/batch50-static.lua "$BASE/v1/events" | tee "$OUT/capacity.txt"
RSS2=$(peak_rss_mb)
cleanup; APP_PID=

say "SUMMARY ($(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), load generator on the same machine)"
echo "app JVM flags: $APP_JAVA_OPTS"
T=$(rps "$OUT/trivial.txt"); N=$(rps "$OUT/native.txt"); K=$(rps "$OUT/track.txt"); C=$(rps "$OUT/capacity.txt")
printf 'trivial GET /q/health/live       %10.0f req/s\n' "$T"
printf 'native single POST /v1/events    %10.0f req/s  ratio %.2f  (non-2xx: %s)\n' "$N" "$(echo "$N / $T" | bc -l)" "$(non2xx "$OUT/native.txt")"
printf 'Mixpanel single GET /track       %10.0f req/s  ratio %.2f  (non-2xx: %s)\n' "$K" "$(echo "$K / $T" | bc -l)" "$(non2xx "$OUT/track.txt")"
printf 'HTTP capacity, 50-event batches  %10.0f events/s (discard sink; non-2xx: %s)\n' "$(echo "$C * 50" | bc -l)" "$(non2xx "$OUT/capacity.txt")"
printf 'sustained persisted with dedup   %10.0f events/s (non-2xx while the queue was full: %s)\n' "$PERSIST" "$(non2xx "$OUT/sustained.txt")"
printf 'database ceiling (writer SQL)    %10.0f rows/s    ratio persisted/ceiling %.2f\n' "$CEIL" "$(echo "$PERSIST / $CEIL" | bc -l)"
for RATE in $LATENCY_RATES; do
    grep -h '^fixed-rate\|^latency\|^service' "$OUT/latency-$RATE.txt"
done
echo "kill -9 bound: queue $QMAX, plus $WRITERS writers x $BATCH rows in flight"
echo "peak RSS of app: run 1 ${RSS1} MB, run 2 ${RSS2} MB (VmHWM)"
