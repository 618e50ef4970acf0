#!/usr/bin/env bash
# Runs every test of Stratus against the local PostgreSQL (127.0.0.1:5432 unless QUARKUS_DATASOURCE_* say
# otherwise), creating the test database when it is missing. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export STRATUS_TEST_DB="${STRATUS_TEST_DB:-stratus_test}"
export QUARKUS_DATASOURCE_JDBC_URL="${QUARKUS_DATASOURCE_JDBC_URL:-jdbc:postgresql://$PGHOST:$PGPORT/$STRATUS_TEST_DB}"
export QUARKUS_DATASOURCE_USERNAME="${QUARKUS_DATASOURCE_USERNAME:-$PGUSER}"
export QUARKUS_DATASOURCE_PASSWORD="${QUARKUS_DATASOURCE_PASSWORD:-}"

if command -v psql >/dev/null 2>&1; then
    if ! psql -d postgres -tAc "select 1 from pg_database where datname = '$STRATUS_TEST_DB'" | grep -q 1; then
        echo "test.sh: creating database $STRATUS_TEST_DB"
        psql -d postgres -c "create database \"$STRATUS_TEST_DB\""
    fi
fi

exec ./mvnw -B verify "$@"
