"""A process killed with SIGKILL in the middle of typing loses at most the last two seconds: a real editor
process (real window, real worker threads, real SQLite) types until it is killed, then the database is read."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from editor_app.services.actor import Actor
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from tests.ui.conftest import add_stories

TYPING_BEFORE_KILL_S = 4.0
PROMISE_S = 2.0
REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_sigkill_mid_typing_loses_at_most_two_seconds(profile: Profile, newsroom: Database, owner: Actor,
                                                      tmp_path: Path) -> None:
    add_stories(newsroom, owner, 1)
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen", "EDITOR_APP_CONFIG_DIR": str(tmp_path / "config")}
    errors = tmp_path / "driver-stderr.txt"
    typed: list[tuple[int, float]] = []
    story_id = None
    first_word_at = None
    with errors.open("w") as stderr, subprocess.Popen(
            [sys.executable, "-m", "tests.ui.autosave_driver", str(profile.dir), str(tmp_path / "config")],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True) as child:
        assert child.stdout is not None
        for line in child.stdout:
            if found := re.match(r"OPENED (\d+)", line):
                story_id = int(found[1])
            elif found := re.match(r"TYPED (\d+) ([\d.]+)", line):
                typed.append((int(found[1]), float(found[2])))
                first_word_at = first_word_at or time.monotonic()
                if time.monotonic() - first_word_at > TYPING_BEFORE_KILL_S:
                    break
        killed_at = time.monotonic()
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL, errors.read_text()
    assert story_id is not None and len(typed) > 20, "the driver never got to type"
    body = get_story(newsroom, owner, story_id).body
    promised = [n for n, at in typed if at <= killed_at - PROMISE_S]
    assert promised, "nothing was typed more than two seconds before the kill"
    expected = "".join(f" w{n}" for n in range(1, promised[-1] + 1))
    assert body.startswith("Body text 0." + expected), (
        f"typed up to w{typed[-1][0]}, w{promised[-1]} two seconds before the kill; the database has "
        f"…{body[-80:]!r}")
    saved_words = len(re.findall(r" w\d+", body))
    assert saved_words <= typed[-1][0]
