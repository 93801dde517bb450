"""The story editor as a writer uses it: typing, autosave, slugs, bylines, city chips, preview, find/replace."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.story_state import RevisionKind
from editor_app.services.actor import Actor
from editor_app.services.revisions import list_revisions
from editor_app.services.story_read import get_story
from editor_app.services.vocab import list_cities, list_contributors
from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from editor_app.ui.main_window import MainWindow
from tests.ui.conftest import WindowFactory
from tests.ui.editor_helpers import fast_autosave, open_in_editor, saved


@pytest.fixture
def window(qtbot: QtBot, make_window: WindowFactory, profile: Profile, sample_stories: list[int],
           tmp_path: Path) -> MainWindow:
    fast_autosave(tmp_path / "config")
    made = make_window(profile.dir)
    qtbot.waitUntil(lambda: made.desk.controller.story_id is not None)  # the list opens its first line
    return made


def test_typing_reaches_the_database_by_autosave(qtbot: QtBot, window: MainWindow, sample_stories: list[int]) -> None:
    story_id = sample_stories[0]
    open_in_editor(window, story_id)
    body = window.desk.editor.body
    body.setFocus()
    body.moveCursor(body.textCursor().MoveOperation.End)
    qtbot.keyClicks(body, " More words here.")
    qtbot.waitUntil(lambda: saved(window, story_id).body.endswith("More words here."), timeout=3000)
    qtbot.waitUntil(lambda: window.desk.editor.words.text() == "10 words")
    assert "All changes saved" in window.desk.editor.status.text()
    assert list_revisions(window.db, window.actor, story_id)[-1].kind is RevisionKind.AUTOSAVE  # type: ignore[arg-type]
    qtbot.keyClicks(body, " Again.")
    window.editor_actions.save.trigger()  # Ctrl+S: saved at once, with a "save" revision
    assert saved(window, story_id).body.endswith("Again.")
    assert list_revisions(window.db, window.actor, story_id)[-1].kind is RevisionKind.SAVE  # type: ignore[arg-type]


def test_switching_stories_and_closing_flush_at_once(qtbot: QtBot, window: MainWindow, sample_stories: list[int],
                                                     newsroom: Database, owner: Actor) -> None:
    first, second = sample_stories[0], sample_stories[2]
    open_in_editor(window, first)
    window.desk.editor.deck.end(False)
    qtbot.keyClicks(window.desk.editor.deck, " (updated)")
    open_in_editor(window, second)  # before autosave's timer could fire
    assert saved(window, first).deck == "Talks on cooperation (updated)"
    body = window.desk.editor.body
    qtbot.keyClicks(body, "Last words before closing. ")
    window.close()
    assert get_story(newsroom, owner, second).body.startswith("Last words before closing.")


def test_the_slug_follows_the_headline_in_latin_letters(qtbot: QtBot, window: MainWindow,
                                                        sample_stories: list[int]) -> None:
    story_id = sample_stories[2]
    open_in_editor(window, story_id)
    editor = window.desk.editor
    assert editor.slug_note.text() == "follows the headline"
    editor.headline.setText("Երևանում բացվեց նոր գրադարան")  # QTest cannot type Armenian keys
    editor.headline.textEdited.emit(editor.headline.text())
    assert editor.slug.text() == "erevanowm-bats-vets-nor-gradaran"
    window.editor_actions.save.trigger()
    assert saved(window, story_id).slug == "erevanowm-bats-vets-nor-gradaran"
    row = window.list_pane.model.row_at(window.list_pane.model.row_of(story_id))
    assert row is not None and row.headline == "Երևանում բացվեց նոր գրադարան"
    editor.slug.clear()
    qtbot.keyClicks(editor.slug, "library-opens")
    assert editor.slug_note.text() == "your own"
    qtbot.keyClicks(editor.headline, " today")
    assert editor.slug.text() == "library-opens"
    window.editor_actions.save.trigger()
    assert saved(window, story_id).slug == "library-opens"


def test_bylines_complete_add_reorder_and_change_role(qtbot: QtBot, window: MainWindow,
                                                       sample_stories: list[int]) -> None:
    story_id = sample_stories[0]
    open_in_editor(window, story_id)
    bylines = window.desk.editor.bylines
    window.desk.controller.ask = lambda _title, _question: True
    qtbot.keyClicks(bylines.name_box, "ani")
    assert bylines.completer.offered() == ["Ani Sarkissian · freelance"]
    bylines.role_box.setCurrentIndex(bylines.role_box.findData(BylineRole.TRANSLATOR.value))
    qtbot.keyClick(bylines.name_box, Qt.Key.Key_Return)
    assert bylines.bylines() == (Byline("Ash Obel"), Byline("Ani Sarkissian", BylineRole.TRANSLATOR))
    bylines.role_box.setCurrentIndex(bylines.role_box.findData(BylineRole.AUTHOR.value))
    qtbot.keyClicks(bylines.name_box, "Nora Sarkissian")  # not in the registry: asked, then added
    qtbot.keyClick(bylines.name_box, Qt.Key.Key_Return)
    assert "Nora Sarkissian" in [c.name for c in list_contributors(window.db, window.actor)]  # type: ignore[arg-type]
    assert bylines.text_label.text() == "By Ash Obel and Nora Sarkissian; translated by Ani Sarkissian"
    view = bylines.view
    view.setFocus()
    view.setCurrentIndex(bylines.model.index(2))
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert [b.name for b in bylines.bylines()] == ["Nora Sarkissian", "Ash Obel", "Ani Sarkissian"]
    bylines.model.setData(bylines.model.index(1), BylineRole.PHOTOGRAPHER.value)
    window.editor_actions.save.trigger()
    assert saved(window, story_id).bylines == (Byline("Nora Sarkissian"), Byline("Ash Obel", BylineRole.PHOTOGRAPHER),
                                               Byline("Ani Sarkissian", BylineRole.TRANSLATOR))
    view.setCurrentIndex(bylines.model.index(0))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [b.name for b in bylines.bylines()] == ["Ash Obel", "Ani Sarkissian"]


def test_bylines_move_by_drag_and_drop(window: MainWindow, sample_stories: list[int]) -> None:
    open_in_editor(window, sample_stories[0])
    model = window.desk.editor.bylines.model
    model.set_rows([Byline("A"), Byline("B"), Byline("C")])
    data = model.mimeData([model.index(0)])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 3, 0, model.index(-1))
    assert [b.name for b in model.rows()] == ["B", "C", "A"]
    model.dropMimeData(model.mimeData([model.index(2)]), Qt.DropAction.MoveAction, 0, 0, model.index(-1))
    assert [b.name for b in model.rows()] == ["A", "B", "C"]


def test_city_chips_by_keyboard(qtbot: QtBot, window: MainWindow, sample_stories: list[int]) -> None:
    story_id = sample_stories[2]
    open_in_editor(window, story_id)
    chips = window.desk.editor.cities
    asked: list[str] = []

    def ask(_title: str, question: str) -> bool:
        asked.append(question)
        return len(asked) > 1  # no the first time, yes after

    window.desk.controller.ask = ask
    qtbot.keyClicks(chips.input, "BAKU")
    assert chips.completer.offered() == ["Baku (Bakı, Баку)"]
    qtbot.keyClick(chips.input, Qt.Key.Key_Return)
    chips.input.setText("Գյումրի")
    qtbot.keyClick(chips.input, Qt.Key.Key_Return)
    assert chips.names() == ("Baku", "Gyumri")
    qtbot.keyClicks(chips.input, "Vanadzor")
    qtbot.keyClick(chips.input, Qt.Key.Key_Return)  # a new city: asked, declined
    assert chips.names() == ("Baku", "Gyumri") and len(asked) == 1
    qtbot.keyClick(chips.input, Qt.Key.Key_Return)  # asked again, accepted: it joins the vocabulary
    assert chips.names() == ("Baku", "Gyumri", "Vanadzor")
    assert "Vanadzor" in [c.name for c in list_cities(window.db, window.actor)]  # type: ignore[arg-type]
    qtbot.keyClick(chips.input, Qt.Key.Key_Backspace)  # the box is empty: the last chip goes
    assert chips.names() == ("Baku", "Gyumri")
    chips.chips()[0].setFocus()
    qtbot.keyClick(chips.chips()[0], Qt.Key.Key_Delete)
    assert chips.names() == ("Gyumri",)
    window.editor_actions.save.trigger()
    assert saved(window, story_id).cities == ("Gyumri",)


def test_the_preview_follows_the_text(qtbot: QtBot, window: MainWindow, sample_stories: list[int]) -> None:
    open_in_editor(window, sample_stories[0])
    editor = window.desk.editor
    assert "TEL AVIV (Wire) —" in editor.preview.toPlainText()
    assert editor.dateline_text.text() == "TEL AVIV (Wire) —"
    editor.source.clear()
    qtbot.keyClicks(editor.source, "Times of Israel")
    qtbot.keyClicks(editor.body, "## A new subhead")
    qtbot.keyClick(editor.body, Qt.Key.Key_Return)
    qtbot.keyClick(editor.body, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "A new subhead" in editor.preview.toPlainText(), timeout=3000)
    assert "TEL AVIV (Times of Israel) —" in editor.preview.toPlainText()
    assert editor.dateline_text.text() == "TEL AVIV (Times of Israel) —"


def test_find_and_replace_in_the_body(qtbot: QtBot, window: MainWindow, sample_stories: list[int]) -> None:
    story_id = sample_stories[0]
    open_in_editor(window, story_id)
    editor = window.desk.editor
    editor.body.set_text("Baku talks. In Baku, more talks. baku again.")
    editor.body.setFocus()
    window.find_action.trigger()  # Ctrl+F in the editor finds in the story, not in the list
    assert editor.find_bar.isVisible() and window.focusWidget() is editor.find_bar.find_box
    qtbot.keyClicks(editor.find_bar.find_box, "talks")
    qtbot.keyClick(editor.find_bar.find_box, Qt.Key.Key_Return)
    assert editor.body.textCursor().selectedText() == "talks"
    window.editor_actions.replace.trigger()
    editor.find_bar.find_box.setText("baku")
    editor.find_bar.replace_box.setText("Bakı")
    assert editor.find_bar.replace_all() == 3
    assert editor.body.toPlainText() == "Bakı talks. In Bakı, more talks. Bakı again."
    editor.body.undo()  # one step undoes the whole replacement
    assert editor.body.toPlainText() == "Baku talks. In Baku, more talks. baku again."
    qtbot.keyClick(editor.find_bar.find_box, Qt.Key.Key_Escape)
    assert not editor.find_bar.isVisible()
    window.list_pane.table.setFocus()
    window.find_action.trigger()
    assert window.focusWidget() is window.list_pane.search


def test_shortcuts_help_lists_every_action(window: MainWindow) -> None:
    from editor_app.ui.shortcuts import shortcuts_html

    actions = window.findChildren(QAction)
    text = shortcuts_html(actions)
    for keys in ("Ctrl+N", "Ctrl+S", "Ctrl+H", "F3", "F9", "Ctrl+Shift+D", "Ctrl+Shift+B", "Ctrl+Shift+T", "F1"):
        assert f"<b>{keys}</b>" in text, keys
    unnamed = [a.text() for a in actions if not a.shortcut().isEmpty() and not a.text()]
    assert unnamed == []


def test_the_story_list_hides_for_more_room(window: MainWindow, sample_stories: list[int]) -> None:
    open_in_editor(window, sample_stories[0])
    window.editor_actions.toggle_list.trigger()
    assert not window.list_pane.isVisible()
    assert window.focusWidget() is window.desk.editor.body
    window.editor_actions.toggle_list.trigger()
    assert window.list_pane.isVisible()
    QApplication.processEvents()
