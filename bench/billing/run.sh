#!/usr/bin/env bash
# Billing benchmark (issue 8): the invoice run for 100,000 accounts with a month of seeded usage, then charges/s
# with Idempotency-Keys through the test gateway. Uses its own database on the local PostgreSQL and the app on
# 127.0.0.1:${STRATUS_APP_PORT:-48080}. Builds the app when its jar is missing. Prints the figures.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DB=${STRATUS_BENCH_DB:-stratus_bench_billing}
PORT=${STRATUS_APP_PORT:-48080}
ACCOUNTS=${BENCH_ACCOUNTS:-100000}
CHARGES=${BENCH_CHARGES:-2000}
PARALLEL=${BENCH_PARALLEL:-16}
WORK=$(mktemp -d)
APP_PID=

cleanup() {
    if [[ -n "$APP_PID" ]]; then kill "$APP_PID" 2>/dev/null || true; wait "$APP_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

if [[ ! -f app/target/quarkus-app/quarkus-run.jar ]]; then
    ./mvnw -B package -pl app -am -DskipTests
fi

echo "bench: fresh database $DB"
psql -q -d postgres -c "drop database if exists \"$DB\"" -c "create database \"$DB\""

echo "bench: starting app on 127.0.0.1:$PORT"
QUARKUS_HTTP_PORT=$PORT QUARKUS_HTTP_HOST=127.0.0.1 \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DB" QUARKUS_DATASOURCE_USERNAME="$PGUSER" \
MP_JWT_VERIFY_PUBLICKEY_LOCATION="file:$ROOT/common/src/test/resources/stratus-test-keys/jwks.json" \
MP_JWT_VERIFY_ISSUER=https://auth.stratus.test QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
STRATUS_BILLING_INVOICE_RUN_CRON=off STRATUS_BILLING_DUNNING_EVERY=off \
    java -Xmx512m -XX:+UseSerialGC -jar app/target/quarkus-app/quarkus-run.jar > "$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 240); do
    if curl -sf "http://127.0.0.1:$PORT/q/health/ready" > /dev/null; then break; fi
    if ! kill -0 "$APP_PID" 2>/dev/null; then cat "$WORK/app.log"; exit 1; fi
    sleep 1
done

echo "bench: seeding $ACCOUNTS accounts with October 2026 usage (seeded generator)"
psql -q -d "$DB" -v accounts="$ACCOUNTS" <<'SQL'
select setseed(0.42);
-- Every account: web dynos all month (1-3, of four sizes); 1 in 2 scales a worker up mid-month;
-- 1 in 3 attaches a database add-on; 1 in 10 deletes its app on the 20th; 1 in 5 has a credit.
insert into billing.usage_events (event_id, account_id, type, at, app, process_type, size, quantity)
select 'web-' || i, md5('bench-' || i)::uuid, 'formation', timestamptz '2026-10-01Z', 'app-' || i, 'web',
       (array['basic', 'standard-1x', 'standard-2x', 'performance-m'])[1 + floor(random() * 4)::int],
       1 + floor(random() * 3)::int
from generate_series(1, :accounts) i;
insert into billing.usage_events (event_id, account_id, type, at, app, process_type, size, quantity)
select 'worker-' || i, md5('bench-' || i)::uuid, 'formation',
       timestamptz '2026-10-01Z' + floor(random() * 2678400) * interval '1 second', 'app-' || i, 'worker',
       'standard-1x', 1 + floor(random() * 2)::int
from generate_series(1, :accounts) i where i % 2 = 0;
insert into billing.usage_events (event_id, account_id, type, at, app, addon_id, plan)
select 'addon-' || i, md5('bench-' || i)::uuid, 'addon_attach', timestamptz '2026-10-05Z', 'app-' || i, 'pg-' || i,
       'heroku-postgresql:essential-0'
from generate_series(1, :accounts) i where i % 3 = 0;
insert into billing.usage_events (event_id, account_id, type, at, app)
select 'delete-' || i, md5('bench-' || i)::uuid, 'app_delete', timestamptz '2026-10-20Z', 'app-' || i
from generate_series(1, :accounts) i where i % 10 = 0;
insert into billing.credits (id, account_id, amount_cents, granted_at, expires_at, title)
select md5('credit-' || i)::uuid, md5('bench-' || i)::uuid, 1000, timestamptz '2026-09-01Z', null, 'bench'
from generate_series(1, :accounts) i where i % 5 = 0;
insert into billing.credit_ledger (account_id, credit_id, kind, amount_cents, at)
select account_id, id, 'grant', amount_cents, granted_at from billing.credits;
analyze billing.usage_events;
SQL
EVENTS=$(psql -tA -d "$DB" -c "select count(*) from billing.usage_events")

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
NOW=$(date +%s)
HEADER=$(printf '{"alg":"RS256","typ":"JWT","kid":"stratus-test"}' | b64url)
PAYLOAD=$(printf '{"iss":"https://auth.stratus.test","aud":"stratus","sub":"bench","groups":["service"],"scope":"billing:write","iat":%d,"exp":%d,"jti":"%s"}' \
    "$NOW" $((NOW + 3600)) "$(cat /proc/sys/kernel/random/uuid)" | b64url)
SIGNATURE=$(printf '%s.%s' "$HEADER" "$PAYLOAD" \
    | openssl dgst -sha256 -sign common/src/test/resources/stratus-test-keys/private.pem | b64url)
TOKEN="$HEADER.$PAYLOAD.$SIGNATURE"

echo "bench: invoice run for 2026-10 ($ACCOUNTS accounts, $EVENTS usage events)"
START=$(date +%s.%N)
curl -sf -X POST "http://127.0.0.1:$PORT/internal/billing/invoice-runs" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -H "Idempotency-Key: bench-run-$NOW" -d '{"period":"2026-10"}' \
    --max-time 900 > "$WORK/run.json"
END=$(date +%s.%N)
INVOICES=$(psql -tA -d "$DB" -c "select count(*) from billing.invoices")
LINES=$(psql -tA -d "$DB" -c "select count(*) from billing.invoice_lines")
RUN_SECONDS=$(echo "$END - $START" | bc -l)
printf 'invoice run: %d invoices (%d lines) in %.1f s wall = %.0f invoices/s  [%s]\n' "$INVOICES" "$LINES" \
    "$RUN_SECONDS" "$(echo "$INVOICES / $RUN_SECONDS" | bc -l)" "$(cat "$WORK/run.json")"

echo "bench: $CHARGES charges with Idempotency-Keys, $PARALLEL in parallel, through the test gateway"
psql -q -d "$DB" -v charges="$CHARGES" <<'SQL'
insert into billing.payment_methods (id, account_id, gateway_token, brand, last4, exp_month, exp_year)
select md5('pm-' || i)::uuid, md5('bench-' || i)::uuid, 'tok_test_ok_bench' || i, 'visa', '4242', 12, 2030
from generate_series(1, :charges) i;
SQL
psql -tA -d "$DB" -v charges="$CHARGES" -v now="$NOW" -v port="$PORT" -v token="$TOKEN" > "$WORK/charges.cfg" <<'SQL'
select string_agg(format(E'url = "http://127.0.0.1:%s/internal/billing/charges"\nrequest = "POST"\n'
              || E'header = "Authorization: Bearer %s"\nheader = "Content-Type: application/json"\n'
              || E'header = "Idempotency-Key: bench-%s-%s"\n'
              || E'data = "{\\"account_id\\":\\"%s\\",\\"amount_cents\\":%s,\\"currency\\":\\"usd\\"}"\n'
              || E'output = "/dev/null"\nwrite-out = "%%{http_code}\\n"',
              :'port', :'token', :'now', i, md5('bench-' || i)::uuid, 100 + i), E'\nnext\n')
from generate_series(1, :charges) i;
SQL
charge_pass() {
    curl --no-progress-meter --parallel --parallel-max "$PARALLEL" -K "$WORK/charges.cfg" \
        > "$WORK/codes.txt"
}
START=$(date +%s.%N); charge_pass; END=$(date +%s.%N)
CHARGE_SECONDS=$(echo "$END - $START" | bc -l)
OK=$(grep -c '^201$' "$WORK/codes.txt" || true)
printf 'charges: %d new (201) of %d in %.1f s = %.0f charges/s\n' "$OK" "$CHARGES" "$CHARGE_SECONDS" \
    "$(echo "$OK / $CHARGE_SECONDS" | bc -l)"
START=$(date +%s.%N); charge_pass; END=$(date +%s.%N)
REPLAY_SECONDS=$(echo "$END - $START" | bc -l)
OK=$(grep -c '^201$' "$WORK/codes.txt" || true)
PAYMENTS=$(psql -tA -d "$DB" -c "select count(*) from billing.payments")
printf 'replays: %d replayed (201) of %d in %.1f s = %.0f replays/s; payments stored: %d (one per key)\n' "$OK" \
    "$CHARGES" "$REPLAY_SECONDS" "$(echo "$OK / $REPLAY_SECONDS" | bc -l)" "$PAYMENTS"
