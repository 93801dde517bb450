# Shared by scripts/wp-up.sh and scripts/wp-down.sh (sourced, not run): where the private WordPress lives
# and how its two servers (MariaDB, php -S) are told apart from everything else on the machine.
# Both run as the user who runs the scripts, so a checkout in root's 0700 home is no obstacle.
# shellcheck shell=bash

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# A short name for this checkout, so that several checkouts (worktrees) run their own sites side by side.
WP_CHECKOUT_HASH="$(printf '%s' "$REPO" | sha256sum | cut -c1-10)"
WP_DIR="$REPO/.artifacts/wp"
WP_HTDOCS="$WP_DIR/htdocs"
WP_DB="$WP_DIR/db"
WP_RUN="$WP_DIR/run"
WP_LOG="$WP_DIR/logs"

note() { printf 'wp: %s\n' "$*" >&2; }
die() { printf 'wp: %s\n' "$*" >&2; exit 1; }

# MariaDB's unix socket: in run/ when the path is short enough for a socket (~107 bytes), otherwise in a
# private folder in /tmp named after this checkout.
wp_socket_dir() {
    if (( ${#WP_RUN} + 12 <= 100 )); then
        echo "$WP_RUN"
    else
        echo "/tmp/editor-app-wp-$(id -u)-$WP_CHECKOUT_HASH"
    fi
}
WP_SOCKDIR="$(wp_socket_dir)"
WP_SOCK="$WP_SOCKDIR/mysqld.sock"

# Running, not a zombie, and started on this checkout's data (guards against a reused pid)?
wp_is_ours() {  # wp_is_ours PIDFILE
    local pid
    pid="$(cat "$1" 2>/dev/null)" || return 1
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    grep -q '^State:[[:space:]]*Z' "/proc/$pid/status" 2>/dev/null && return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$WP_DIR"
}
