#!/usr/bin/env bash
# Stop the private PostgreSQL cluster that scripts/pg-up.sh started (its data stays in .artifacts/pg).
# Safe to run when it is not running.
set -euo pipefail
# shellcheck source=scripts/pg-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-common.sh"

pg_find_binaries
if [[ ! -f "$PG_DATA/postmaster.pid" ]]; then
    note "PostgreSQL is not running."
    exit 0
fi
if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 -s stop >&2; then
    note "PostgreSQL stopped."
else
    pg_clear_stale_pid
    pg_is_ready && die "could not stop PostgreSQL (see $PG_ROOT/server.log)."
    note "PostgreSQL was not running."
fi
