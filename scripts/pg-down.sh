#!/usr/bin/env bash
# Stop the private PostgreSQL cluster that scripts/pg-up.sh started. Safe to run when it is not running.
#   scripts/pg-down.sh           # stop it; the data stays (in .artifacts/pg, or /var/tmp for a clone
#                                # the postgres user cannot reach, see pg-common.sh)
#   scripts/pg-down.sh --purge   # stop it and delete the cluster's data and socket folder
set -euo pipefail
# shellcheck source=scripts/pg-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/pg-common.sh"

purge=0
case "${1:-}" in
    "") ;;
    --purge) purge=1 ;;
    *) die "unknown option '$1' (use --purge or nothing)." ;;
esac

pg_find_binaries
if [[ ! -f "$PG_DATA/postmaster.pid" ]]; then
    note "PostgreSQL is not running."
elif as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 -s stop >&2; then
    note "PostgreSQL stopped."
else
    pg_clear_stale_pid
    pg_is_ready && die "could not stop PostgreSQL (see $PG_ROOT/server.log)."
    note "PostgreSQL was not running."
fi
if (( purge )); then
    rm -rf -- "$PG_ROOT"
    if [[ "$PG_SOCKDIR" != "$PG_ROOT/run" ]]; then rm -rf -- "$PG_SOCKDIR"; fi
    note "removed $PG_ROOT"
fi
