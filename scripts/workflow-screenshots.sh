#!/usr/bin/env bash
# Screenshots of the workflow screens on the demo newsroom, in an X server (Xvfb):
#   scripts/workflow-screenshots.sh [OUT_DIR]   (default docs/workflow)
# queues.png (the "Awaiting review" queue), findings.png (the checks of a hurried edit), notes.png,
# trail.png, lock.png (somebody else editing), conflict.png (two desks saved the same story), and,
# when a PostgreSQL server is running (EDITOR_APP_TEST_PG_URL, from scripts/pg-up.sh), sign-in.png (a wrong
# password tried). The staging hooks are in editor_app/ui/workflow/screenshot_hooks.py.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath -m "${1:-docs/workflow}")"
scripts/setup.sh --test >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

shot() {  # NAME [VAR=VALUE...]: a fresh demo profile each time, so one picture's staging never shows in another
  local name="$1"
  shift
  rm -rf "$work/demo" "$work/config"
  env "$@" EDITOR_APP_CONFIG_DIR="$work/config" EDITOR_APP_SCREENSHOT="$out/$name.png" QT_QPA_PLATFORM=xcb \
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/editor-app --demo --profile-dir "$work/demo"
  echo "Screenshot saved to $out/$name.png"
}

story=chess-school-gyumri
shot queues EDITOR_APP_SCREENSHOT_QUEUE=awaiting_review EDITOR_APP_SCREENSHOT_TAB=trail
shot findings EDITOR_APP_SCREENSHOT_STORY=ganja-hosts-cross-border-meeting-of-women-journalists EDITOR_APP_SCREENSHOT_FINDINGS=1 EDITOR_APP_SCREENSHOT_TAB=checks
shot notes EDITOR_APP_SCREENSHOT_STORY=$story EDITOR_APP_SCREENSHOT_NOTES=1 EDITOR_APP_SCREENSHOT_TAB=notes
shot trail EDITOR_APP_SCREENSHOT_STORY=$story EDITOR_APP_SCREENSHOT_TAB=trail
shot lock EDITOR_APP_SCREENSHOT_STORY=$story EDITOR_APP_SCREENSHOT_LOCKED_BY=anna.petrosyan
shot conflict EDITOR_APP_SCREENSHOT_STORY=$story EDITOR_APP_SCREENSHOT_CONFLICT=1

if [[ -n "${EDITOR_APP_TEST_PG_URL:-}" ]]; then
  # a fresh newsroom database on the test server, with one admin who has a password
  url="$(.venv/bin/python - <<'EOF'
import os, uuid
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
server = os.environ["EDITOR_APP_TEST_PG_URL"]
name = f"editor_shots_{uuid.uuid4().hex[:10]}"
engine = create_engine(server, isolation_level="AUTOCOMMIT")
with engine.connect() as conn:
    conn.execute(text(f'CREATE DATABASE "{name}"'))
print(make_url(server).set(database=name).render_as_string(hide_password=False))
EOF
)"
  printf 'correct horse battery\n' | .venv/bin/editor-app --profile-dir "$work/pg" --database-url "$url" users add \
    nora.levi --name "Nora Levi" --role admin --password-stdin >/dev/null
  rm -rf "$work/config"
  EDITOR_APP_CONFIG_DIR="$work/config" EDITOR_APP_SCREENSHOT="$out/sign-in.png" \
    EDITOR_APP_SCREENSHOT_SIGN_IN="nora.levi:not her password" QT_QPA_PLATFORM=xcb \
    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/editor-app --profile-dir "$work/pg" --database-url "$url"
  echo "Screenshot saved to $out/sign-in.png"
  .venv/bin/python - "$url" <<'EOF'
import os, sys
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
engine = create_engine(os.environ["EDITOR_APP_TEST_PG_URL"], isolation_level="AUTOCOMMIT")
with engine.connect() as conn:
    conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(sys.argv[1]).database}" WITH (FORCE)'))
EOF
fi
