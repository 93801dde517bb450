#!/usr/bin/env bash
# A real screenshot of the app on the demo newsroom, in an X server (Xvfb): scripts/screenshot.sh [OUT.png]
# The editor shows the demo story EDITOR_APP_SCREENSHOT_STORY (a slug; default: the Gyumri chess school);
# EDITOR_APP_COLOR_SCHEME=dark takes the dark palette.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-docs/screenshot.png}")"
scripts/setup.sh --test >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$(dirname "$out")"
EDITOR_APP_SCREENSHOT_STORY="${EDITOR_APP_SCREENSHOT_STORY-chess-school-gyumri}" \
EDITOR_APP_CONFIG_DIR="$work/config" EDITOR_APP_SCREENSHOT="$out" QT_QPA_PLATFORM=xcb \
  xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/editor-app --demo --profile-dir "$work/demo"
echo "Screenshot saved to $out"
