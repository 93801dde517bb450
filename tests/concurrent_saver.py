"""A workstation in a separate process for the no-lost-update test: it increments its own counter in a
story's body COUNT times through save_story, reloading and retrying whenever its save was stale.

    python -m tests.concurrent_saver PROFILE_DIR DATABASE_URL USERNAME LABEL STORY_ID COUNT START_FILE

It waits for START_FILE to exist (so both processes start together) and prints one JSON line:
{"label": …, "saved": N, "conflicts": M}.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from editor_app.domain.errors import ConflictError
from editor_app.services.identity import actor_for
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_read import get_story
from editor_app.services.story_write import save_story
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile

_LINE = re.compile(r"^(\w+): (\d+)$", re.MULTILINE)


def counters(body: str) -> dict[str, int]:
    return {name: int(value) for name, value in _LINE.findall(body)}


def body_of(values: dict[str, int]) -> str:
    return "".join(f"{name}: {value}\n\n" for name, value in sorted(values.items()))


def main(argv: list[str]) -> int:
    profile_dir, url, username, label, story_id, count, start = argv
    db = open_database(resolve_profile(profile_dir, url or None))
    try:
        actor = actor_for(db, username)
        while not Path(start).exists():
            time.sleep(0.005)
        saved = conflicts = 0
        while saved < int(count):
            story = get_story(db, actor, int(story_id))
            values = counters(story.body)
            values[label] = values.get(label, 0) + 1
            try:
                save_story(db, actor, int(story_id), story.version, StoryChanges(body=body_of(values)))
                saved += 1
            except ConflictError:
                conflicts += 1
        print(json.dumps({"label": label, "saved": saved, "conflicts": conflicts}))
        return 0
    finally:
        db.dispose()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
