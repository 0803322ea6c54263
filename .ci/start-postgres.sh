#!/usr/bin/env bash
# Install (if needed) and start a PostgreSQL server on 127.0.0.1 for the store tests,
# create the role and database, and print the line to export. Idempotent.
# Usage: eval "$(.ci/start-postgres.sh)"   (progress goes to stderr, the export line to stdout)
set -euo pipefail

PG_USER=${PG_USER:-frontwatch}
PG_PASS=${PG_PASS:-frontwatch}
PG_DB=${PG_DB:-frontwatch_test}
PG_PORT=${PG_PORT:-5432}
log() { echo "start-postgres: $*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "installing postgresql"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >&2
    $SUDO apt-get install -y -qq postgresql >&2
fi

VER=$(ls /usr/lib/postgresql | sort -V | tail -n1)
if ! pg_lsclusters -h | awk -v v="$VER" '$1==v && $2=="main"' | grep -q .; then
    log "creating cluster $VER/main"
    $SUDO pg_createcluster "$VER" main -p "$PG_PORT" -- --auth-local=peer --auth-host=scram-sha-256 >&2
fi

STATUS=$(pg_lsclusters -h | awk -v v="$VER" '$1==v && $2=="main" {print $4}')
if [ "$STATUS" != "online" ]; then
    log "starting cluster $VER/main"
    $SUDO pg_ctlcluster "$VER" main start -o "-c listen_addresses=127.0.0.1 -p $PG_PORT" >&2 \
        || $SUDO pg_ctlcluster "$VER" main start >&2
fi

as_postgres() {
    if [ -z "$SUDO" ]; then su postgres -s /bin/sh -c "$(printf '%q ' "$@")";
    else sudo -u postgres "$@"; fi
}
psql_admin() { as_postgres psql -v ON_ERROR_STOP=1 -qAt -p "$PG_PORT" -d postgres -c "$1"; }

# wait until it accepts connections
for _ in $(seq 1 60); do
    if as_postgres pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then break; fi
    sleep 0.5
done

if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'")" != "1" ]; then
    log "creating role $PG_USER"
    psql_admin "CREATE ROLE $PG_USER LOGIN PASSWORD '$PG_PASS'" >&2
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname='$PG_DB'")" != "1" ]; then
    log "creating database $PG_DB"
    psql_admin "CREATE DATABASE $PG_DB OWNER $PG_USER" >&2
fi

echo "export FRONTWATCH_TEST_PG=postgresql://$PG_USER:$PG_PASS@127.0.0.1:$PG_PORT/$PG_DB"
