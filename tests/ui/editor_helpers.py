"""Helpers for the editor's UI tests: a window whose autosave waits 100 ms, and reading what was saved."""

from __future__ import annotations

from pathlib import Path

from editor_app.domain.stories import StoryDetail
from editor_app.services.story_read import get_story
from editor_app.ui.main_window import MainWindow

FAST_AUTOSAVE_MS = 100


def fast_autosave(config_dir: Path) -> None:
    """Preferences that make autosave wait 100 ms (the shortest it may) instead of a second."""
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "preferences.ini").write_text(f"[editor]\nautosave_delay_ms={FAST_AUTOSAVE_MS}\n", encoding="utf-8")


def saved(window: MainWindow, story_id: int) -> StoryDetail:
    assert window.db is not None and window.actor is not None
    return get_story(window.db, window.actor, story_id)


def open_in_editor(window: MainWindow, story_id: int) -> None:
    window.show_story(story_id)
    assert window.desk.editing and window.desk.controller.story_id == story_id
