#!/usr/bin/env bash
# Start a private PostgreSQL cluster for the tests: data in .artifacts/pg (or, when we are root and the
# postgres user cannot reach the checkout, e.g. a clone in root's home, in a private 0700 folder
# /var/tmp/editor-app-pg-UID-HASH owned by postgres), listening only on a unix socket in a private folder
# (no TCP), port 54329, trust authentication for that socket. Needs Debian's
# `postgresql` package (scripts/setup.sh --test installs it). Safe to run again.
#
# The one line on stdout is meant for export (it holds & and ?, so do not eval it unquoted):
#   export "$(scripts/pg-up.sh)"
#   EDITOR_APP_TEST_PG_URL=postgresql+psycopg://postgres@/postgres?host=<socket dir>&port=54329
# Progress goes to stderr. Stop it with scripts/pg-down.sh.
set -euo pipefail
# shellcheck source=scripts/pg-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-common.sh"

pg_find_binaries
pg_prepare_dirs

if pg_is_ready; then
    note "PostgreSQL is already running (socket in $PG_SOCKDIR)."
else
    if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
        note "creating a private PostgreSQL $PG_VERSION cluster in $PG_DATA"
        locale_args=(--no-locale)
        # A UTF-8 locale, so that lower-casing (and thus search) works for Armenian and accented text.
        if locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
            locale_args=(--locale=C.UTF-8)
        elif locale -a 2>/dev/null | grep -qiE '^en_US\.utf-?8$'; then
            locale_args=(--locale=en_US.UTF-8)
        fi
        as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust --encoding=UTF8 "${locale_args[@]}" \
            >"$PG_ROOT/initdb.log" 2>&1 || { cat "$PG_ROOT/initdb.log" >&2; die "initdb failed (log above)."; }
    fi
    pg_clear_stale_pid
    note "starting PostgreSQL (log: $PG_ROOT/server.log)"
    # Settings on the command line win over postgresql.conf, so an old data folder cannot open TCP.
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_ROOT/server.log" -w -t 60 -s \
        -o "-c listen_addresses='' -c port=$PG_PORT -c unix_socket_directories='$PG_SOCKDIR' \
            -c unix_socket_permissions=0700 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
            -c max_connections=60 -c shared_buffers=64MB" start >&2; then
        tail -n 20 "$PG_ROOT/server.log" >&2 || true
        die "PostgreSQL did not start (last lines of $PG_ROOT/server.log above)."
    fi
    pg_is_ready || die "PostgreSQL started but does not answer on $PG_SOCKDIR (see $PG_ROOT/server.log)."
fi

echo "EDITOR_APP_TEST_PG_URL=$(pg_url)"
