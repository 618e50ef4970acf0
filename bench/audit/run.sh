#!/usr/bin/env bash
# Billing audit benchmark (issue 9), one command: builds billing, recreates the database stratus_bench_audit on the
# local PostgreSQL (127.0.0.1:5432), generates 100,000 accounts (3 apps each, a month of usage, invoices, credits,
# 1,000 faults of each kind) and 4x that, runs the streaming audit with -Xmx256m on both, the naive baseline on a
# sample, and fails unless every injected fault is found with no false alarm.
#   BENCH_ACCOUNTS (100000)  BENCH_FAULTS (1000 per kind)  BENCH_4X (1; 0 skips the 4x dataset, which takes minutes
#   to generate)  BENCH_NAIVE_ACCOUNTS (10000: the baseline's rate is measured on this many accounts)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=bench/audit/target
mkdir -p "$OUT"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB=${STRATUS_BENCH_DB:-stratus_bench_audit}
export BENCH_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB"

echo "bench: building billing (tests skipped; log in $OUT/build.log)"
./mvnw -B -pl billing -am install -DskipTests > "$OUT/build.log" 2>&1 || { tail -40 "$OUT/build.log"; exit 1; }
./mvnw -B -pl billing dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$OUT/cp.txt" \
    > "$OUT/classpath.log" 2>&1 || { tail -40 "$OUT/classpath.log"; exit 1; }
# A copy of the classes, so a build started meanwhile in the same tree cannot change them under the benchmark.
rm -rf "$OUT/classes" "$OUT/test-classes"
cp -r billing/target/classes "$OUT/classes"
cp -r billing/target/test-classes "$OUT/test-classes"
CP="$OUT/classes:$OUT/test-classes:$(cat "$OUT/cp.txt")"

echo "bench: fresh database $DB"
psql -q -d postgres -c "drop database if exists \"$DB\"" -c "create database \"$DB\""

java -Xmx256m -cp "$CP" bench/audit/AuditBench.java 2>&1 | grep --line-buffered -v ' DEBUG ' | tee "$OUT/result.txt"
exit "${PIPESTATUS[0]}"
