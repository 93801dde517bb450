# Shared by scripts/pg-up.sh and scripts/pg-down.sh (sourced, not run): where the private cluster lives
# and how to run the server's programs (as the `postgres` user when we are root: initdb refuses root).
# shellcheck shell=bash

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_PORT=54329
# A short name for this checkout, so that several checkouts (worktrees) keep separate clusters and sockets.
CHECKOUT_ID="$(id -u)-$(printf '%s' "$REPO" | sha256sum | cut -c1-10)"

note() { printf 'pg: %s\n' "$*" >&2; }
die() { printf 'pg: %s\n' "$*" >&2; exit 1; }

as_pg() {
    if [[ $(id -u) == 0 ]]; then
        # From /, because the caller's folder may be one the postgres user cannot enter (root's home).
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

# True when the postgres user can walk down to FOLDER (every parent searchable by it).
postgres_can_reach() {
    runuser -u postgres -- test -x "$1" 2>/dev/null
}

# Where the cluster lives: .artifacts/pg in the checkout, unless we are root and the postgres user (who
# runs the server: initdb refuses root) cannot reach the checkout, e.g. a clone in root's 0700 home. Then a
# private folder in /var/tmp named after this checkout, owned by postgres, mode 0700.
pg_choose_root() {
    local artifacts="$REPO/.artifacts"
    if [[ $(id -u) != 0 ]] || ! id postgres >/dev/null 2>&1; then
        echo "$artifacts/pg"
    elif postgres_can_reach "$REPO" && { [[ ! -e "$artifacts" ]] || postgres_can_reach "$artifacts"; }; then
        echo "$artifacts/pg"
    else
        echo "/var/tmp/editor-app-pg-$CHECKOUT_ID"
    fi
}
PG_ROOT="$(pg_choose_root)"
PG_DATA="$PG_ROOT/data"

# Create (or check) a private folder in a shared place such as /tmp: a real folder, not a link, owned by
# the server's user, mode 0700; anything else there is refused rather than trusted.
private_dir() {
    local dir="$1" owner
    owner="$(if [[ $(id -u) == 0 ]]; then echo postgres; else id -un; fi)"
    mkdir -p -m 0700 "$dir"
    [[ -d "$dir" && ! -L "$dir" ]] || die "$dir is not a folder; remove it and run this again."
    if [[ $(id -u) == 0 ]]; then chown "$owner": "$dir"; fi
    [[ "$(stat -c %U "$dir")" == "$owner" ]] || die "$dir belongs to $(stat -c %U "$dir"), not $owner; remove it and run this again."
    chmod 0700 "$dir"
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
        echo "/tmp/editor-app-pg-$CHECKOUT_ID"
    fi
}
PG_SOCKDIR="$(pg_socket_dir)"

pg_prepare_dirs() {
    if [[ $(id -u) == 0 ]]; then
        id postgres >/dev/null 2>&1 || die "there is no 'postgres' user to run the server as (is postgresql installed?)."
    fi
    if [[ "$PG_ROOT" == "$REPO/.artifacts/pg" ]]; then
        # Open to the postgres user whatever the umask, so the next run makes the same choice of place.
        if [[ ! -d "$REPO/.artifacts" ]]; then mkdir -m 0755 "$REPO/.artifacts"; fi
        mkdir -p "$PG_ROOT"
        if [[ $(id -u) == 0 ]]; then chown postgres: "$PG_ROOT"; fi
    else
        note "the postgres user cannot reach $REPO; keeping the cluster in $PG_ROOT"
        private_dir "$PG_ROOT"
    fi
    if [[ "$PG_SOCKDIR" == "$PG_ROOT/run" ]]; then
        mkdir -p "$PG_SOCKDIR"
        chmod 0700 "$PG_SOCKDIR"
        if [[ $(id -u) == 0 ]]; then chown postgres: "$PG_SOCKDIR"; fi
    else
        private_dir "$PG_SOCKDIR"
    fi
    if [[ $(id -u) == 0 ]]; then
        if [[ -d "$PG_DATA" ]]; then chown -R postgres: "$PG_DATA"; fi
        runuser -u postgres -- test -w "$PG_ROOT" \
            || die "the postgres user cannot write to $PG_ROOT; remove it and run this again."
    fi
    return 0
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
