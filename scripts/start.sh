#!/usr/bin/env bash
# Install what is missing (scripts/setup.sh), then start Editorial Workstation on the demo newsroom
# (an embedded SQLite profile, created and filled on first use). Extra arguments go to the app.
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$REPO/scripts/setup.sh"
exec "$REPO/.venv/bin/editor-app" --demo "$@"
