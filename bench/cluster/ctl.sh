#!/usr/bin/env bash
# Acts on a cluster started by bench/cluster/run.sh (or bench/faults/run.sh):
#   ctl.sh kill NAME       kill -9 (NAME: app1..appN, auth1..authM)
#   ctl.sh term NAME       SIGTERM and wait until it has drained and exited
#   ctl.sh start NAME      start it again and wait until HAProxy routes to it
#   ctl.sh restart NAME    term, then start
#   ctl.sh pg-stop | pg-start
#   ctl.sh rss NAME        resident set size in MB
#   ctl.sh stop            stop the whole cluster
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start() {
    case "$1" in
        app*) app_start "${1#app}"; wait_ready "$1" "$(app_port "${1#app}")" ;;
        auth*) auth_start "${1#auth}"; wait_ready "$1" "$(auth_port "${1#auth}")" ;;
        *) echo "ctl.sh: unknown process $1" >&2; exit 2 ;;
    esac
    wait_lb_up "$1"
}

case "${1:-}" in
    kill) proc_kill "$2" ;;
    term) proc_term "$2" ;;
    start) start "$2" ;;
    restart) proc_term "$2"; start "$2" ;;
    pg-stop) pg_stop ;;
    pg-start) pg_start ;;
    rss) awk '/VmRSS/ {printf "%.0f\n", $2 / 1024}' "/proc/$(pid_of "$2")/status" ;;
    stop) cluster_stop ;;
    *) sed -n '2,10p' "$0" | sed 's/^# //'; exit 2 ;;
esac
