#!/usr/bin/env bash
# Stop the private WordPress that scripts/wp-up.sh started (its PHP server and its MariaDB), by the pids it
# recorded and never by name. Safe to run when it is not running.
#   scripts/wp-down.sh           # stop it; the site (database, uploads) stays in .artifacts/wp
#   scripts/wp-down.sh --purge   # stop it and delete the site, for a completely fresh next start
set -euo pipefail
# shellcheck source=scripts/wp-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/wp-common.sh"

purge=0
case "${1:-}" in
    "") ;;
    --purge) purge=1 ;;
    *) die "unknown option '$1' (use --purge or nothing)." ;;
esac

stop() {  # stop NAME PIDFILE TIMEOUT_SECONDS
    local name=$1 pidfile=$2 timeout=$3 pid i
    [[ -f "$pidfile" ]] || { note "$name is not running."; return 0; }
    if wp_is_ours "$pidfile"; then
        pid="$(cat "$pidfile")"
        # Each server leads its own process group (setsid): signalling the group also stops the php -S
        # workers, which outlive a SIGTERM sent to their parent alone.
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        for (( i = 0; i < timeout * 10; i++ )); do
            wp_is_ours "$pidfile" || break
            sleep 0.1
        done
        if wp_is_ours "$pidfile"; then
            note "$name did not stop in ${timeout}s; killing it."
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        fi
        note "$name stopped."
    else
        note "$name was not running (removing a stale $pidfile)."
    fi
    rm -f "$pidfile"
}

stop "the PHP web server" "$WP_RUN/php.pid" 10
stop MariaDB "$WP_RUN/mysqld.pid" 60
if (( purge )); then
    rm -rf -- "$WP_DIR"
    if [[ "$WP_SOCKDIR" != "$WP_RUN" ]]; then rm -rf -- "$WP_SOCKDIR"; fi
    note "removed $WP_DIR"
fi
