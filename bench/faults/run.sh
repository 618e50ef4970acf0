#!/usr/bin/env bash
# The fault suite (issue 11): one command, loopback only, bounded in time (10-25 min on a busy 2-core machine,
# plus the build):
#   bench/faults/run.sh [faults=1,2,3,4,5]
# Starts bench/cluster (3 app, 2 auth, HAProxy, its own PostgreSQL on 21030), runs a steady mixed load through
# the balancer (analytics ingestion, dashboard writes, billing charges, WebSocket clients) and injects, one at a
# time: 1 kill -9 of an app, 2 a rolling SIGTERM restart of all three, 3 PostgreSQL stopped for 30 s, 4 every auth
# instance down for 70 s, 5 a socket's instance killed. Per fault it prints requests sent, failed, accepted,
# stored, lost (with the allowed bound) and the recovery time; at the end the peak RSS of every process.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
source "$HERE/../cluster/lib.sh"
FAULTS=${1:-1,2,3,4,5}

# A small analytics queue, so that 30 s without PostgreSQL fill it and the 503 + Retry-After path is exercised:
# it is also the bound on what a kill -9 may lose (the queue plus every writer's batch being written).
export STRATUS_ANALYTICS_QUEUE_MAX_EVENTS=${STRATUS_ANALYTICS_QUEUE_MAX_EVENTS:-5000}
BATCH=$(sed -n 's/^stratus.analytics.batch-size=//p' "$ROOT/app/src/main/resources/application.properties")
WRITERS=$(sed -n 's/^stratus.analytics.writer-threads=//p' "$ROOT/app/src/main/resources/application.properties")
BOUND=$((STRATUS_ANALYTICS_QUEUE_MAX_EVENTS + ${WRITERS:-2} * ${BATCH:-1000}))

cluster_preflight
trap 'trap - INT TERM EXIT; clog "stopping"; cluster_stop; clog "stopped"' INT TERM EXIT
START=$(date +%s)
echo "faults: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at $(date -u +%FT%TZ)"
cluster_start
cluster_urls
echo "faults: cluster ready after $(($(date +%s) - START)) s; app flags: $APP_JAVA_OPTS"
echo "faults: auth flags: $AUTH_JAVA_OPTS"
timeout 1500 java -Xmx256m "$HERE/Faults.java" "$LB_URL" "$AUTH_LB_URL" "$CLUSTER_DIR" "$HERE/../cluster/ctl.sh" \
    "$PG_PORT" "$BOUND" "$FAULTS"
echo "faults: done in $(($(date +%s) - START)) s; load average now $(cut -d' ' -f1-3 /proc/loadavg)"
