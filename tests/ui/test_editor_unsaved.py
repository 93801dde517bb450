"""A save the newsroom refuses (here: the newsroom file locked by another program) keeps the text on this
computer and in the editor, tries again by itself, and what was left when the window closed is saved when it
opens again."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import event

from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from editor_app.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory
from tests.ui.editor_helpers import open_in_editor, saved


def _impatient(db: Database) -> None:
    """Wait 0.2 s for a locked file instead of the app's 5 s, so the test does not sit idle."""
    event.listen(db.engine, "connect", lambda conn, _record: conn.execute("PRAGMA busy_timeout=200"))
    db.engine.dispose()


@contextmanager
def locked(profile: Profile) -> Iterator[None]:
    """Another program holds the newsroom file's write lock."""
    assert profile.sqlite_path is not None
    other = sqlite3.connect(profile.sqlite_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


def _type(window: MainWindow, text: str) -> None:
    body = window.desk.editor.body
    body.set_text(text)
    body.document().contentsChanged.emit()


def _kept_files(profile: Profile) -> list[Path]:
    return sorted((profile.dir / "unsaved").glob("*.json"))


def _opened(qtbot: QtBot, make_window: WindowFactory, profile: Profile) -> MainWindow:
    window = make_window(profile.dir)
    qtbot.waitUntil(lambda: window.desk.controller.story_id is not None)
    assert window.db is not None
    _impatient(window.db)
    return window


def test_a_refused_save_is_kept_here_and_tried_again(qtbot: QtBot, make_window: WindowFactory, profile: Profile,
                                                     sample_stories: list[int]) -> None:
    window = _opened(qtbot, make_window, profile)
    story_id = sample_stories[0]
    open_in_editor(window, story_id)
    controller = window.desk.controller
    controller._retry.setInterval(50)
    _type(window, "Typed while another program held the file.")
    with locked(profile):
        controller.flush()
        status = window.desk.editor.status.text()
        assert status.startswith("Not saved: ") and "is busy" in status
        assert "Your text is kept on this computer; saving is tried again every 10 seconds." in status
        [kept] = _kept_files(profile)
        assert "Typed while another program held the file." in kept.read_text(encoding="utf-8")
        assert saved(window, story_id).body != "Typed while another program held the file."
        assert window.desk.editor.body.toPlainText() == "Typed while another program held the file."
    qtbot.waitUntil(lambda: saved(window, story_id).body == "Typed while another program held the file.",
                    timeout=5000)  # tried again without a keystroke
    assert _kept_files(profile) == []
    qtbot.waitUntil(lambda: window.desk.editor.status.text().startswith("All changes saved"))


def test_text_left_unsaved_at_closing_is_saved_when_the_window_opens_again(qtbot: QtBot, make_window: WindowFactory,
                                                                           profile: Profile,
                                                                           sample_stories: list[int]) -> None:
    window = _opened(qtbot, make_window, profile)
    story_id = sample_stories[0]
    open_in_editor(window, story_id)
    before = saved(window, story_id)
    _type(window, "The last words before the window closed.")
    with locked(profile):
        window.close()  # the closing save fails: the file is locked
    [kept] = _kept_files(profile)
    assert "The last words before the window closed." in kept.read_text(encoding="utf-8")

    again = make_window(profile.dir)
    qtbot.waitUntil(lambda: "saved now" in again.statusBar().currentMessage())
    message = again.statusBar().currentMessage()
    assert "Defense minister visits Azerbaijan" in message and f"(version {before.version + 1})" in message
    after = saved(again, story_id)
    assert (after.body, after.version) == ("The last words before the window closed.", before.version + 1)
    assert _kept_files(profile) == []
