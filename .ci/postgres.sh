#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for aegrade's tests and benchmarks, on loopback only.
#
#   .ci/postgres.sh start DIR   initdb into DIR (created, must not hold a cluster), start the server on
#                               127.0.0.1 at a free port with its socket in DIR, make the trial
#                               database and the roles, and print the environment to use it
#                               (AEGRADE_TEST_POSTGRES and PGPASSFILE) as `export` lines
#   .ci/postgres.sh env DIR     print the same lines again
#   .ci/postgres.sh restart DIR restart the server at once (`pg_ctl restart -m immediate`: every
#                               connection cut, no checkpoint, WAL replayed at start), as a crash
#                               of the server would; returns once it accepts connections again
#   .ci/postgres.sh stop DIR    stop the server (immediate shutdown) and remove DIR
#
# Roles (README, "The log on PostgreSQL"): aegrade_admin is the cluster's superuser (the tests'
# tamperer); aegrade_owner owns the database and creates the log's tables; aegrade is the product's
# role, which `log init` grants INSERT and SELECT on the events only. Every role's password is in
# DIR/pgpass (mode 0600), which libpq's tools and aegrade read through PGPASSFILE.
#
# initdb refuses to run as root: as root the cluster belongs to the `postgres` user (made by
# Debian's package) and every server command runs as that user through setpriv.
set -euo pipefail

# The server daemon must hold no descriptor of whoever ran this script: a test runner that started
# it waits for its child's descriptors to close (swift-corelibs-foundation's Process does), and
# would wait for the server's end. Every descriptor above 2 is closed first.
for fd in /proc/$$/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
done

command=${1:-}
dir=${2:-}
[ -n "$command" ] && [ -n "$dir" ] || { echo "usage: $0 start|env|restart|stop DIR" >&2; exit 2; }

# The server's binaries: PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin, else PATH.
bin=${PG_BIN:-}
if [ -z "$bin" ]; then
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [ -x "$candidate/initdb" ] && { bin=$candidate; break; }
    done
fi
if [ -z "$bin" ] && command -v initdb >/dev/null 2>&1; then bin=$(dirname "$(command -v initdb)"); fi
[ -n "$bin" ] || { echo "postgres.sh: no initdb found (install Debian's postgresql or set PG_BIN)" >&2; exit 1; }

as_server() {
    if [ "$(id -u)" -eq 0 ]; then
        setpriv --reuid=postgres --regid=postgres --init-groups -- "$@"
    else
        "$@"
    fi
}

print_env() {
    local port
    port=$(cat "$dir/port")
    echo "export AEGRADE_TEST_POSTGRES=postgres://aegrade_owner@127.0.0.1:$port/aegrade_test"
    echo "export PGPASSFILE=$dir/pgpass"
}

case "$command" in
start)
    [ -e "$dir/data" ] && { echo "postgres.sh: $dir already holds a cluster" >&2; exit 1; }
    mkdir -p "$dir"
    # A free port on loopback, chosen by the kernel (bind to port 0), then handed to the server.
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    echo "$port" > "$dir/port"
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    printf '%s\n' "$password" > "$dir/password"
    {
        for role in aegrade_admin aegrade_owner aegrade; do
            echo "127.0.0.1:$port:*:$role:$password"
        done
    } > "$dir/pgpass"
    chmod 600 "$dir/pgpass" "$dir/password"
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir" && chmod 700 "$dir"
    as_server "$bin/initdb" -D "$dir/data" -U aegrade_admin --pwfile="$dir/password" --auth=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # synchronous_commit = on and fsync = on are PostgreSQL's defaults, and the log relies on them:
    # they are set again so that a changed default never weakens the tests.
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-k $dir -h 127.0.0.1 -p $port -c fsync=on -c synchronous_commit=on -c max_connections=200" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    export PGPASSFILE="$dir/pgpass"
    psql_admin=(as_server env PGPASSFILE="$dir/pgpass" "$bin/../bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U aegrade_admin)
    [ -x "$bin/psql" ] || psql_admin=(as_server env PGPASSFILE="$dir/pgpass" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U aegrade_admin)
    "${psql_admin[@]}" -d postgres <<SQL
CREATE ROLE aegrade_owner LOGIN PASSWORD '$password';
CREATE ROLE aegrade LOGIN PASSWORD '$password';
CREATE DATABASE aegrade_test OWNER aegrade_owner;
SQL
    # The tests (run as root on CI) read the password file too.
    [ "$(id -u)" -eq 0 ] && chmod 755 "$dir" && chown root:root "$dir/pgpass"
    print_env
    ;;
env)
    print_env
    ;;
restart)
    # pg_ctl restarts with the options the server was started with (DATA/postmaster.opts).
    as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m immediate -w -t 60 restart >/dev/null \
        || { tail -20 "$dir/server.log" >&2; exit 1; }
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_server "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|env|restart|stop DIR" >&2; exit 2
    ;;
esac
