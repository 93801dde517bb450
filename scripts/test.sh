#!/usr/bin/env bash
# Install everything (scripts/setup.sh --test), start the private PostgreSQL cluster (unix socket only) and
# the private WordPress (127.0.0.1 only), then run ruff, mypy and the whole pytest suite (Qt offscreen).
# Extra arguments go to pytest. Exits non-zero when any of the three fails; both servers are stopped on exit.
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO" || exit 1

scripts/setup.sh --test || exit 1

trap 'scripts/wp-down.sh || true; scripts/pg-down.sh || true' EXIT
pg_line="$(scripts/pg-up.sh)" || { echo "test: could not start PostgreSQL (see the messages above)." >&2; exit 1; }
export "${pg_line?}"
echo "test: PostgreSQL is up: $EDITOR_APP_TEST_PG_URL"

wp_lines="$(scripts/wp-up.sh)" || { echo "test: could not start WordPress (see the messages above)." >&2; exit 1; }
while IFS= read -r line; do
    case "$line" in
        EDITOR_APP_TEST_WP_URL=* | EDITOR_APP_TEST_WP_USER=* | EDITOR_APP_TEST_WP_APP_PASSWORD=*) export "${line?}" ;;
    esac
done <<<"$wp_lines"
unset wp_lines line
if [[ -z "${EDITOR_APP_TEST_WP_URL:-}" || -z "${EDITOR_APP_TEST_WP_USER:-}" || -z "${EDITOR_APP_TEST_WP_APP_PASSWORD:-}" ]]; then
    echo "test: scripts/wp-up.sh did not print the WordPress URL, user and password." >&2
    exit 1
fi
echo "test: WordPress is up: $EDITOR_APP_TEST_WP_URL (user $EDITOR_APP_TEST_WP_USER, Application Password exported)"

failed=()
echo "test: ruff check"
.venv/bin/ruff check . || failed+=(ruff)
echo "test: mypy"
.venv/bin/mypy || failed+=(mypy)
echo "test: pytest"
QT_QPA_PLATFORM=offscreen .venv/bin/pytest "$@" || failed+=(pytest)

if (( ${#failed[@]} )); then
    echo "test: FAILED: ${failed[*]}" >&2
    exit 1
fi
echo "test: all checks passed."
