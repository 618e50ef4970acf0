#!/usr/bin/env bash
# The production topology in miniature, in one command: one PostgreSQL, N app instances (default 3), M auth
# instances (default 2), HAProxy in front of both with health checks on /q/health/ready; all on 127.0.0.1,
# ports 21000-21030 (README, "Cluster"). Installs HAProxy (apt-get, as root) and builds what is missing.
# Ctrl-C stops everything.
#   bench/cluster/run.sh            STRATUS_CLUSTER_APPS=3 STRATUS_CLUSTER_AUTHS=2 STRATUS_CLUSTER_PORT=21000
# While it runs, bench/cluster/ctl.sh kills, stops and restarts single processes.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

cluster_preflight
trap 'trap - INT TERM EXIT; clog "stopping"; cluster_stop; clog "stopped"' INT TERM EXIT
cluster_start
cluster_urls
while alive haproxy; do sleep 1; done
