#!/usr/bin/env bash
# A real screenshot of the app on the demo newsroom, in an X server (Xvfb): scripts/screenshot.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-docs/screenshot.png}")"
scripts/setup.sh --test >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"
EDITOR_APP_CONFIG_DIR="$work/config" EDITOR_APP_SCREENSHOT="$out" QT_QPA_PLATFORM=xcb \
  xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/editor-app --demo --profile-dir "$work/demo"
echo "Screenshot saved to $out"
