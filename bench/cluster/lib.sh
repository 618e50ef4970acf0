# Shared by bench/cluster/run.sh, bench/cluster/ctl.sh and bench/faults/run.sh (source it; it does nothing alone).
# The production topology in miniature on one machine: one PostgreSQL (embedded binaries, its own data dir and
# port, so a fault can stop it without touching anyone else's server), N app instances, M auth instances, and
# HAProxy in front of both with health checks on /q/health/ready. Every process listens on 127.0.0.1 only.
# State (pid files, logs, data) lives in $CLUSTER_DIR so that ctl.sh can act on a running cluster.

ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
CLUSTER_DIR=${STRATUS_CLUSTER_DIR:-$ROOT/.run-bench/cluster}
CLUSTER_APPS=${STRATUS_CLUSTER_APPS:-3}
CLUSTER_AUTHS=${STRATUS_CLUSTER_AUTHS:-2}
# Port block 21000-21999: balancer fronts, then app, auth and PostgreSQL.
LB_PORT=${STRATUS_CLUSTER_PORT:-21000}
AUTH_LB_PORT=$((LB_PORT + 1))
STATS_PORT=$((LB_PORT + 2))
APP_PORT_BASE=$((LB_PORT + 10))
AUTH_PORT_BASE=$((LB_PORT + 20))
PG_PORT=$((LB_PORT + 30))
PG_VERSION=${STRATUS_EMBEDDED_PG_VERSION:-16.9.0}
LB_URL=http://127.0.0.1:$LB_PORT
AUTH_LB_URL=http://127.0.0.1:$AUTH_LB_PORT
PG_HOME=$CLUSTER_DIR/postgres-$PG_VERSION
PG_DATA=$CLUSTER_DIR/pgdata

# The README's production flags, read from run.sh so that the cluster runs exactly what is documented.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
APP_JAVA_OPTS=${APP_JAVA_OPTS:-$(sed -n 's/^APP_JAVA_OPTS=\${APP_JAVA_OPTS:-\(.*\)}$/\1/p' "$ROOT/run.sh")}
AUTH_JAVA_OPTS=${AUTH_JAVA_OPTS:-$(sed -n 's/^AUTH_JAVA_OPTS=\${AUTH_JAVA_OPTS:-\(.*\)}$/\1/p' "$ROOT/run.sh")}

clog() { printf '\033[1m[cluster]\033[0m %s\n' "$*" >&2; }

app_port() { echo $((APP_PORT_BASE + $1)); }
auth_port() { echo $((AUTH_PORT_BASE + $1)); }
pid_of() { cat "$CLUSTER_DIR/$1.pid" 2>/dev/null || true; }
alive() { local pid; pid=$(pid_of "$1"); [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; }

# PostgreSQL refuses to run as root: as root, run it as `nobody` (as run.sh does).
as_pg() {
    if [[ $EUID -eq 0 ]]; then
        setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups --inh-caps=-all env HOME="$CLUSTER_DIR" "$@"
    else
        "$@"
    fi
}

cluster_install() {
    if ! command -v haproxy >/dev/null; then
        [[ $EUID -eq 0 ]] || { clog "HAProxy is missing: run as root or apt-get install haproxy"; return 1; }
        clog "installing HAProxy from Debian"
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y haproxy >/dev/null
    fi
    if [[ ! -f $ROOT/app/target/quarkus-app/quarkus-run.jar || ! -f $ROOT/auth/target/quarkus-app/quarkus-run.jar ]]
    then
        clog "building app and auth (tests skipped)"
        (cd "$ROOT" && ./mvnw -B -DskipTests package -pl app,auth -am)
    fi
    local arch
    case "$(uname -s)-$(uname -m)" in
        Linux-x86_64) arch=linux-amd64 ;;
        Linux-aarch64) arch=linux-arm64v8 ;;
        *) clog "no embedded PostgreSQL for $(uname -s)-$(uname -m)"; return 1 ;;
    esac
    if [[ ! -x $PG_HOME/bin/postgres ]]; then
        clog "fetching embedded PostgreSQL $PG_VERSION ($arch)"
        mkdir -p "$CLUSTER_DIR/dist" "$PG_HOME"
        (cd "$ROOT" && ./mvnw -B -q dependency:copy \
            -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-$arch:$PG_VERSION" \
            -DoutputDirectory="$CLUSTER_DIR/dist")
        (cd "$CLUSTER_DIR/dist" && unzip -o -q "embedded-postgres-binaries-$arch-$PG_VERSION.jar" '*.txz')
        tar -xJf "$CLUSTER_DIR"/dist/postgres-*.txz -C "$PG_HOME"
        chmod -R a+rX "$PG_HOME"
    fi
}

# A fresh database cluster per run: figures never depend on an earlier run's rows.
pg_init() {
    [[ -f $PG_DATA/postmaster.pid ]] && as_pg "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" -m immediate -w stop >/dev/null 2>&1
    rm -rf "$PG_DATA"
    mkdir -p "$PG_DATA"
    if [[ $EUID -eq 0 ]]; then
        chmod a+rx "$CLUSTER_DIR" "$(dirname "$CLUSTER_DIR")"
        chown nobody "$PG_DATA"
        if ! as_pg test -x "$CLUSTER_DIR"; then
            clog "user nobody cannot reach $CLUSTER_DIR (set STRATUS_CLUSTER_DIR)"; return 1
        fi
    fi
    as_pg "$PG_HOME/bin/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --no-locale >"$CLUSTER_DIR/initdb.log"
    printf 'CREATE DATABASE stratus;\nCREATE DATABASE stratus_auth;\n' \
        | as_pg "$PG_HOME/bin/postgres" --single -D "$PG_DATA" postgres >>"$CLUSTER_DIR/initdb.log" 2>&1
    touch "$CLUSTER_DIR/postgres.log"
    [[ $EUID -eq 0 ]] && chown nobody "$CLUSTER_DIR/postgres.log"
    return 0
}

pg_start() {
    as_pg "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" -l "$CLUSTER_DIR/postgres.log" -w \
        -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DATA -c max_connections=300" start >/dev/null
}

# -m fast: PostgreSQL ends every session and stops, as a crash or failover looks to the clients.
pg_stop() {
    as_pg "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
}

psql_app() { psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d stratus -tA "$@"; }

wait_ready() { # name port [seconds]
    local name=$1 port=$2 limit=${3:-240} i
    for ((i = 0; i < limit * 4; i++)); do
        curl -fsS -o /dev/null "http://127.0.0.1:$port/q/health/ready" 2>/dev/null && return 0
        if ! alive "$name"; then
            clog "$name exited during start (log: $CLUSTER_DIR/$name.log)"; tail -20 "$CLUSTER_DIR/$name.log" >&2
            return 1
        fi
        sleep 0.25
    done
    clog "$name did not become ready in ${limit}s"; return 1
}

auth_start() { # instance number, 1-based
    local i=$1 port
    port=$(auth_port "$i")
    QUARKUS_HTTP_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/stratus_auth" \
    QUARKUS_LOG_CONSOLE_JSON_ENABLED=false STRATUS_AUTH_ISSUER=$AUTH_LB_URL STRATUS_AUTH_DEMO_ENABLED=true \
    STRATUS_AUTH_MASTER_KEY=$(cat "$CLUSTER_DIR/master.key") \
        setsid java $AUTH_JAVA_OPTS -jar "$ROOT/auth/target/quarkus-app/quarkus-run.jar" \
        >>"$CLUSTER_DIR/auth$i.log" 2>&1 </dev/null &
    echo $! >"$CLUSTER_DIR/auth$i.pid"
    disown
}

app_start() { # instance number, 1-based
    local i=$1 port
    port=$(app_port "$i")
    QUARKUS_HTTP_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/stratus" \
    QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$AUTH_LB_URL/.well-known/jwks.json" MP_JWT_VERIFY_ISSUER=$AUTH_LB_URL \
    STRATUS_SECURITY_REVOCATIONS_URL="$AUTH_LB_URL/oauth/revocations" STRATUS_DASHBOARD_AUTH_URL=$AUTH_LB_URL \
        setsid java $APP_JAVA_OPTS -jar "$ROOT/app/target/quarkus-app/quarkus-run.jar" \
        >>"$CLUSTER_DIR/app$i.log" 2>&1 </dev/null &
    echo $! >"$CLUSTER_DIR/app$i.pid"
    disown
}

# SIGTERM and wait: the instance drains (readiness DOWN, in-flight requests finish, analytics queue written).
proc_term() { # name
    local pid; pid=$(pid_of "$1")
    [[ -n $pid ]] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    rm -f "$CLUSTER_DIR/$1.pid"
}

proc_kill() { # name
    local pid; pid=$(pid_of "$1")
    [[ -n $pid ]] && kill -KILL "$pid" 2>/dev/null
    while [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
    rm -f "$CLUSTER_DIR/$1.pid"
}

haproxy_config() {
    local i
    cat <<CFG
global
    maxconn 4096
    log stdout format raw local0 notice

defaults
    mode http
    log global
    option dontlognull
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # WebSockets: after the upgrade the connection is a tunnel, kept open while the event feed is.
    timeout tunnel 1h
    timeout http-keep-alive 10s
    # A request that never reached a server (refused connection: a dead or stopping instance) or was refused
    # with 503 before any work (a draining instance) goes to another server. Nothing else is replayed: a
    # request a server may have acted on is the client's to retry, with its idempotency key.
    retries 2
    option redispatch 1
    retry-on conn-failure 503
    default-server inter 1s fastinter 500ms downinter 1s fall 2 rise 2 on-marked-down shutdown-sessions

frontend app
    bind 127.0.0.1:$LB_PORT
    default_backend apps

backend apps
    balance leastconn
    option httpchk GET /q/health/ready
    http-check expect status 200
    # A JSON error rather than HAProxy's HTML page when no instance is up.
    errorfile 503 $CLUSTER_DIR/503.http
CFG
    for ((i = 1; i <= CLUSTER_APPS; i++)); do
        echo "    server app$i 127.0.0.1:$(app_port "$i") check"
    done
    cat <<CFG

frontend auth
    bind 127.0.0.1:$AUTH_LB_PORT
    default_backend auths

backend auths
    balance roundrobin
    option httpchk GET /q/health/ready
    http-check expect status 200
    errorfile 503 $CLUSTER_DIR/503.http
CFG
    for ((i = 1; i <= CLUSTER_AUTHS; i++)); do
        echo "    server auth$i 127.0.0.1:$(auth_port "$i") check"
    done
    cat <<CFG

listen stats
    bind 127.0.0.1:$STATS_PORT
    stats enable
    stats uri /
    stats refresh 2s
CFG
}

haproxy_start() {
    local body='{"id":"unavailable","message":"No instance is available. Retry later."}'
    printf '%s\r\n' 'HTTP/1.1 503 Service Unavailable' 'Content-Type: application/json' 'Retry-After: 1' \
        'Cache-Control: no-cache' 'Connection: close' "Content-Length: ${#body}" '' >"$CLUSTER_DIR/503.http"
    printf '%s' "$body" >>"$CLUSTER_DIR/503.http"
    haproxy_config >"$CLUSTER_DIR/haproxy.cfg"
    haproxy -c -q -f "$CLUSTER_DIR/haproxy.cfg"
    setsid haproxy -f "$CLUSTER_DIR/haproxy.cfg" >>"$CLUSTER_DIR/haproxy.log" 2>&1 </dev/null &
    echo $! >"$CLUSTER_DIR/haproxy.pid"
    disown
}

# Whether HAProxy sees a server as UP (its stats CSV: pxname,svname,...,status is field 18).
lb_server_up() { # server name
    curl -fsS "http://127.0.0.1:$STATS_PORT/;csv" 2>/dev/null | awk -F, -v s="$1" '$2 == s {print $18}' | grep -q '^UP'
}

wait_lb_up() { # server name [seconds]
    local i
    for ((i = 0; i < ${2:-60} * 10; i++)); do lb_server_up "$1" && return 0; sleep 0.1; done
    clog "HAProxy never saw $1 UP"; return 1
}

# Before the caller's trap: a failure here must not stop the cluster that holds the ports.
cluster_preflight() {
    local port
    for port in "$LB_PORT" "$AUTH_LB_PORT" "$PG_PORT" "$(app_port 1)" "$(auth_port 1)"; do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            clog "port $port is taken: is another cluster running? (bench/cluster/ctl.sh stop)"; return 1
        fi
    done
}

cluster_start() {
    local i
    cluster_install
    mkdir -p "$CLUSTER_DIR"
    rm -f "$CLUSTER_DIR"/*.log "$CLUSTER_DIR"/*.pid
    [[ -f $CLUSTER_DIR/master.key ]] || head -c 32 /dev/urandom | base64 >"$CLUSTER_DIR/master.key"
    pg_init
    pg_start
    clog "PostgreSQL $PG_VERSION on 127.0.0.1:$PG_PORT (data $PG_DATA)"
    haproxy_start
    # One instance first: it runs the migrations (and auth seeds its demo data); the others start on a ready schema.
    auth_start 1
    wait_ready auth1 "$(auth_port 1)"
    for ((i = 2; i <= CLUSTER_AUTHS; i++)); do auth_start "$i"; done
    app_start 1
    wait_ready app1 "$(app_port 1)"
    for ((i = 2; i <= CLUSTER_APPS; i++)); do app_start "$i"; done
    for ((i = 2; i <= CLUSTER_AUTHS; i++)); do wait_ready "auth$i" "$(auth_port "$i")"; done
    for ((i = 2; i <= CLUSTER_APPS; i++)); do wait_ready "app$i" "$(app_port "$i")"; done
    for ((i = 1; i <= CLUSTER_AUTHS; i++)); do wait_lb_up "auth$i"; done
    for ((i = 1; i <= CLUSTER_APPS; i++)); do wait_lb_up "app$i"; done
}

cluster_stop() {
    local name
    for f in "$CLUSTER_DIR"/app*.pid "$CLUSTER_DIR"/auth*.pid; do
        [[ -f $f ]] || continue
        name=$(basename "$f" .pid)
        kill -TERM "$(pid_of "$name")" 2>/dev/null || true
    done
    for f in "$CLUSTER_DIR"/app*.pid "$CLUSTER_DIR"/auth*.pid; do
        [[ -f $f ]] && proc_term "$(basename "$f" .pid)"
    done
    [[ -f $CLUSTER_DIR/haproxy.pid ]] && proc_term haproxy
    [[ -f $PG_DATA/postmaster.pid ]] && pg_stop
    return 0
}

ports() { # port function, count
    local i
    for ((i = 1; i <= $2; i++)); do printf '%s ' "$($1 "$i")"; done
}

cluster_urls() {
    cat <<MSG

  Stratus cluster: $CLUSTER_APPS app and $CLUSTER_AUTHS auth instances behind HAProxy, one PostgreSQL.
    app (balanced)   $LB_URL        instances: $(ports app_port "$CLUSTER_APPS")
    auth (balanced)  $AUTH_LB_URL        instances: $(ports auth_port "$CLUSTER_AUTHS")
    HAProxy stats    http://127.0.0.1:$STATS_PORT/
    PostgreSQL       127.0.0.1:$PG_PORT (user postgres; databases stratus, stratus_auth)
    logs, pids       $CLUSTER_DIR
  A token for the demo user:
    curl -s $AUTH_LB_URL/oauth/token -d grant_type=password \\
         -d username=demo@stratus.local -d password=stratus-demo-password

MSG
}
