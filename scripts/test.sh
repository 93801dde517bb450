#!/usr/bin/env bash
# Install everything (scripts/setup.sh --test), start the private PostgreSQL cluster, then run
# ruff, mypy and the whole pytest suite (Qt offscreen). Extra arguments go to pytest.
# Exits non-zero when any of the three fails; PostgreSQL is stopped again on exit.
set -uo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO" || exit 1

scripts/setup.sh --test || exit 1

pg_line="$(scripts/pg-up.sh)" || { echo "test: could not start PostgreSQL (see the messages above)." >&2; exit 1; }
trap 'scripts/pg-down.sh || true' EXIT
export "${pg_line?}"
echo "test: PostgreSQL is up: $EDITOR_APP_TEST_PG_URL"

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
