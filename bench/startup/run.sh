#!/usr/bin/env bash
# Startup and idle memory of `app` (and `auth`) with the production flags of the README.
# Measures, N times each: wall time from `java` exec to the first 200 from /q/health/ready, and RSS after
# 10 s idle. Uses the local PostgreSQL (127.0.0.1:5432, database stratus_bench_startup, created if missing).
#   bench/startup/run.sh [runs=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
DB=stratus_bench_startup
APP_PORT=${BENCH_APP_PORT:-19080}
AUTH_PORT=${BENCH_AUTH_PORT:-19081}
APP_JAVA_OPTS=${APP_JAVA_OPTS:-$(sed -n 's/^APP_JAVA_OPTS=\${APP_JAVA_OPTS:-\(.*\)}$/\1/p' run.sh)}
AUTH_JAVA_OPTS=${AUTH_JAVA_OPTS:-$(sed -n 's/^AUTH_JAVA_OPTS=\${AUTH_JAVA_OPTS:-\(.*\)}$/\1/p' run.sh)}

[[ -f app/target/quarkus-app/quarkus-run.jar && -f auth/target/quarkus-app/quarkus-run.jar ]] \
    || ./mvnw -B -DskipTests package -pl app,auth -am
psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -tAc "select 1 from pg_database where datname='$DB'" | grep -q 1 \
    || psql -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -c "create database $DB" >/dev/null

export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
now_ms() { date +%s%3N; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

measure() { # name jar port opts
    local name=$1 jar=$2 port=$3 opts=$4 times=() rsss=()
    for i in $(seq 1 "$RUNS"); do
        local start pid t
        start=$(now_ms)
        QUARKUS_HTTP_PORT=$port QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" \
            QUARKUS_DATASOURCE_USERNAME=$PGUSER QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
            java $opts -jar "$jar" >"/tmp/bench-startup-$name.log" 2>&1 &
        pid=$!
        until curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; do
            kill -0 "$pid" 2>/dev/null || { echo "$name died:"; tail -20 "/tmp/bench-startup-$name.log"; exit 1; }
            sleep 0.02
        done
        t=$(( $(now_ms) - start ))
        sleep 10
        times+=("$t"); rsss+=("$(rss_mb "$pid")")
        kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
        printf '  %s run %d: ready after %d ms, idle RSS %s MB\n' "$name" "$i" "$t" "${rsss[-1]}"
    done
    local med_t med_r
    med_t=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    med_r=$(printf '%s\n' "${rsss[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    printf '%s: median ready %d ms, median idle RSS %d MB over %d runs (flags: %s)\n' "$name" "$med_t" "$med_r" "$RUNS" "$opts"
}

echo "startup bench on $(nproc) cores, $(date -u +%FT%TZ)"
measure app app/target/quarkus-app/quarkus-run.jar "$APP_PORT" "$APP_JAVA_OPTS"
measure auth auth/target/quarkus-app/quarkus-run.jar "$AUTH_PORT" "$AUTH_JAVA_OPTS"
