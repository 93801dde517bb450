# Shared by scripts/pg-up.sh and scripts/pg-down.sh (sourced, not run): where the private cluster lives
# and how to run the server's programs (as the `postgres` user when we are root: initdb refuses root).
# shellcheck shell=bash

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_PORT=54329
PG_ROOT="$REPO/.artifacts/pg"
PG_DATA="$PG_ROOT/data"

note() { printf 'pg: %s\n' "$*" >&2; }
die() { printf 'pg: %s\n' "$*" >&2; exit 1; }

as_pg() {
    if [[ $(id -u) == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_find_binaries() {
    local dir best="" best_version=0 version
    for dir in /usr/lib/postgresql/*/bin; do
        [[ -x "$dir/pg_ctl" ]] || continue
        version="$(basename "$(dirname "$dir")")"
        if [[ "$version" =~ ^[0-9]+$ ]] && (( version > best_version )); then
            best="$dir"
            best_version="$version"
        fi
    done
    [[ -n "$best" ]] || die "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl).
Install it with: scripts/setup.sh --test   (or: apt-get install postgresql)"
    PG_BIN="$best"
    # shellcheck disable=SC2034  # read by pg-up.sh
    PG_VERSION="$best_version"
}

# The socket folder: inside .artifacts/pg when the path is short enough for a unix socket (~107 bytes),
# otherwise a private folder in /tmp named after this checkout.
pg_socket_dir() {
    local inside="$PG_ROOT/run"
    if (( ${#inside} + 16 <= 100 )); then
        echo "$inside"
    else
        echo "/tmp/editor-app-pg-$(id -u)-$(printf '%s' "$REPO" | sha256sum | cut -c1-10)"
    fi
}
PG_SOCKDIR="$(pg_socket_dir)"

pg_prepare_dirs() {
    if [[ $(id -u) == 0 ]]; then
        id postgres >/dev/null 2>&1 || die "there is no 'postgres' user to run the server as (is postgresql installed?)."
    fi
    mkdir -p "$PG_ROOT" "$PG_SOCKDIR"
    chmod 0700 "$PG_SOCKDIR"
    if [[ $(id -u) == 0 ]]; then
        chown postgres: "$PG_ROOT" "$PG_SOCKDIR"
        [[ -d "$PG_DATA" ]] && chown -R postgres: "$PG_DATA"
        runuser -u postgres -- test -w "$PG_ROOT" \
            || die "the postgres user cannot reach $PG_ROOT (a parent folder is private); clone the repository elsewhere."
    fi
}

pg_is_ready() {
    "$PG_BIN/pg_isready" -q -h "$PG_SOCKDIR" -p "$PG_PORT" -U postgres -d postgres >/dev/null 2>&1
}

# A postmaster.pid left by a killed server (or a container restart that reused its pid) blocks a start.
pg_clear_stale_pid() {
    local pidfile="$PG_DATA/postmaster.pid" pid
    [[ -f "$pidfile" ]] || return 0
    pid="$(head -n 1 "$pidfile" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && [[ -r "/proc/$pid/cmdline" ]] \
        && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$PG_DATA"; then
        return 0  # a live server on this data folder that is not answering yet; pg_ctl will report it
    fi
    note "removing a stale $pidfile (pid ${pid:-?} is not our server)"
    rm -f "$pidfile" "$PG_SOCKDIR/.s.PGSQL.$PG_PORT" "$PG_SOCKDIR/.s.PGSQL.$PG_PORT.lock"
}

pg_url() {
    echo "postgresql+psycopg://postgres@/postgres?host=$PG_SOCKDIR&port=$PG_PORT"
}
