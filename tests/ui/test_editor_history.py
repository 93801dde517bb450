"""The editor when things go wrong or back: conflicts, history with word diffs and restore, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from editor_app.domain.story_state import RevisionKind
from editor_app.services.revisions import list_revisions
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_write import save_story
from editor_app.storage.profile import Profile
from editor_app.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory
from tests.ui.editor_helpers import fast_autosave, open_in_editor, saved


@pytest.fixture
def window(qtbot: QtBot, make_window: WindowFactory, profile: Profile, sample_stories: list[int],
           tmp_path: Path) -> MainWindow:
    fast_autosave(tmp_path / "config")
    made = make_window(profile.dir)
    qtbot.waitUntil(lambda: made.desk.controller.story_id is not None)
    return made


def test_a_conflict_opens_the_conflict_view_and_loses_nothing(qtbot: QtBot, window: MainWindow,
                                                               sample_stories: list[int]) -> None:
    story_id = sample_stories[0]
    open_in_editor(window, story_id)
    assert window.db is not None and window.actor is not None
    version = saved(window, story_id).version
    save_story(window.db, window.actor, story_id, version, StoryChanges(body="Their version of the story."))
    editor = window.desk.editor
    editor.body.set_text("My version of the story.")
    editor.body.document().contentsChanged.emit()
    window.editor_actions.save.trigger()
    assert editor.middle.currentWidget() is editor.conflict
    assert "revision" in editor.conflict.message.text() and "Nothing was overwritten" in editor.conflict.message.text()
    assert editor.conflict.mine.toPlainText() == "My version of the story."  # side by side
    assert editor.conflict.theirs.toPlainText() == "Their version of the story."
    assert editor.body.isReadOnly()
    assert saved(window, story_id).body == "Their version of the story."  # not overwritten
    kept = list_revisions(window.db, window.actor, story_id)[-1]
    assert kept.kind is RevisionKind.CONFLICT
    editor.conflict.copy_button.click()
    assert QApplication.clipboard().text().endswith("My version of the story.")
    editor.conflict.theirs_button.click()  # take theirs
    assert editor.middle.currentWidget() is editor.work and not editor.body.isReadOnly()
    assert editor.body.toPlainText() == "Their version of the story."
    qtbot.keyClicks(editor.body, "Now I edit theirs. ")
    window.editor_actions.save.trigger()
    assert saved(window, story_id).body == "Now I edit theirs. Their version of the story."


def test_history_shows_a_word_diff_and_restores(qtbot: QtBot, window: MainWindow, sample_stories: list[int]) -> None:
    story_id = sample_stories[0]
    open_in_editor(window, story_id)
    editor = window.desk.editor
    first_words = editor.body.toPlainText()
    editor.body.set_text("Talks in the capital focused on trade.")
    editor.body.document().contentsChanged.emit()
    window.editor_actions.save.trigger()
    editor.tabs.setCurrentWidget(editor.history)
    history = editor.history
    assert history.list.count() >= 2
    oldest = history.list.item(history.list.count() - 1)
    history.list.setCurrentItem(oldest)
    html = history.diff.toHtml()
    text = history.diff.toPlainText()
    assert "1 words added, 1 removed" in text
    assert "line-through" in html and "defense" in text and "trade" in text
    history.restore_button.click()
    assert editor.body.toPlainText() == first_words
    assert saved(window, story_id).body == first_words
    assert window.db is not None and window.actor is not None
    assert list_revisions(window.db, window.actor, story_id)[-1].kind is RevisionKind.RESTORE
    assert history.list.item(0).text().startswith(f"{history.list.count()}. Restored")


def test_a_long_or_empty_headline_warns_and_the_rest_is_saved(qtbot: QtBot, window: MainWindow,
                                                               sample_stories: list[int]) -> None:
    story_id = sample_stories[0]
    open_in_editor(window, story_id)
    editor = window.desk.editor
    long = "A headline that goes on " * 84  # about 2,000 characters
    editor.headline.setText(long)
    editor.headline.textEdited.emit(long)
    assert editor.headline_note.isVisible() and "limit is 300" in editor.headline_note.text()
    qtbot.keyClicks(editor.body, "Body typed meanwhile. ")
    window.editor_actions.save.trigger()
    story = saved(window, story_id)
    assert story.headline == "Defense minister visits Azerbaijan" and story.body.startswith("Body typed meanwhile.")
    assert editor.headline.text() == long  # the writer's text stays in the field
    assert "limit is 300" in editor.headline_note.text()
    assert editor.status.text().startswith("Saved, except: The headline is")
    editor.headline.setText("")
    editor.headline.textEdited.emit("")
    assert "needs a headline" in editor.headline_note.text()
    editor.headline.setText("A shorter headline")
    editor.headline.textEdited.emit("A shorter headline")
    assert not editor.headline_note.isVisible()
    window.editor_actions.save.trigger()
    assert saved(window, story_id).headline == "A shorter headline"


def test_a_slug_clash_is_shown_beside_the_slug(qtbot: QtBot, window: MainWindow, sample_stories: list[int]) -> None:
    taken = saved(window, sample_stories[1]).slug
    story_id = sample_stories[0]
    open_in_editor(window, story_id)
    editor = window.desk.editor
    editor.slug.clear()
    qtbot.keyClicks(editor.slug, taken)
    qtbot.keyClicks(editor.body, "Kept. ")
    window.editor_actions.save.trigger()
    assert editor.slug_note.text() == "taken: choose another"
    assert "already uses the slug" in editor.slug_note.toolTip()
    assert editor.status.text().startswith("Saved, except: Another story already uses the slug")
    story = saved(window, story_id)
    assert story.slug != taken and story.body.startswith("Kept.")


def test_pasted_garbage_and_a_huge_paste_keep_the_editor_working(qtbot: QtBot, window: MainWindow,
                                                                  sample_stories: list[int]) -> None:
    story_id = sample_stories[2]
    open_in_editor(window, story_id)
    editor = window.desk.editor
    garbage = QMimeData()
    garbage.setText("a\x00b\x01c\x1bd\r\ne\x7f")
    editor.body.insertFromMimeData(garbage)
    assert editor.body.toPlainText().startswith("a\ufffdbcd\ne")
    window.editor_actions.save.trigger()
    assert saved(window, story_id).body.startswith("a\ufffdbcd\ne")
    huge = QMimeData()
    paragraph = "Words of a very long wire story pasted by mistake, again and again. " * 15 + "\n\n"
    huge.setText(paragraph * (5_000_000 // len(paragraph)))
    editor.body.insertFromMimeData(huge)
    assert not editor.body.highlighting  # colouring five megabytes would freeze typing
    window.editor_actions.save.trigger()
    assert len(saved(window, story_id).body) > 4_900_000
    preview = window.desk.controller.preview
    preview.render_now()
    qtbot.waitUntil(lambda: "first 200,000" in editor.preview.toPlainText(), timeout=10_000)
    editor.body.selectAll()
    editor.body.textCursor().removeSelectedText()
    assert editor.body.highlighting


def test_html_and_scripts_in_the_body_never_run_in_the_preview(qtbot: QtBot, window: MainWindow,
                                                               sample_stories: list[int]) -> None:
    open_in_editor(window, sample_stories[2])
    editor = window.desk.editor
    editor.body.set_text('Hello <script>alert("x")</script> <b onclick="evil()">bold</b> '
                         '<a href="javascript:alert(1)">link</a> <img src=x onerror="alert(2)">')
    editor.body.document().contentsChanged.emit()
    window.desk.controller.preview.render_now()
    qtbot.waitUntil(lambda: "Hello" in editor.preview.toPlainText())
    html = editor.preview.toHtml()
    assert "<script" not in html and "onclick" not in html and "onerror" not in html
    assert "javascript:" not in html and "alert(" not in editor.preview.toPlainText()


def test_new_story_from_a_template_and_duplicate(qtbot: QtBot, window: MainWindow, sample_stories: list[int]) -> None:
    window.editor_actions.create_story("2-op-ed", "Why the library matters", "Community")
    editor = window.desk.editor
    new_id = window.desk.controller.story_id
    assert new_id not in sample_stories and new_id is not None
    assert editor.headline.text() == "Why the library matters" and "argument" in editor.body.toPlainText()
    assert window.list_pane.current_story_id() == new_id
    window.editor_actions.duplicate.trigger()
    copy_id = window.desk.controller.story_id
    assert copy_id not in (new_id, None)
    assert editor.headline.text() == "Why the library matters"
    assert editor.slug.text() == "why-the-library-matters-2"


def test_merging_cities_retags_the_open_story(window: MainWindow, sample_stories: list[int]) -> None:
    story_id = sample_stories[0]
    open_in_editor(window, story_id)
    assert window.editor_actions.cities.isEnabled()
    window.editor_actions.merge_cities("Baku", "Tel Aviv")
    assert saved(window, story_id).cities == ("Tel Aviv",)
    assert window.desk.editor.cities.names() == ("Tel Aviv",)


def test_a_file_that_is_not_utf8_is_refused_plainly(window: MainWindow, tmp_path: Path) -> None:
    story = tmp_path / "latin1.md"
    story.write_bytes("---\nheadline: Café\nsection: Community\n---\nCrème brûlée\n".encode("latin-1"))
    window.import_file(story)
    box = window.errors.last_box
    assert box is not None and "not UTF-8" in box.text() and "latin1.md" in box.text()
    assert "Save it as UTF-8" in box.informativeText()
    box.close()
