"""The preview and the read view show the rendered story with its photos, never wider than the view."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

from editor_app.domain.captions import caption_with_credit
from editor_app.domain.workflow import Role
from editor_app.services import users
from editor_app.services.actor import Actor
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from tests.ui.conftest import WindowFactory, add_stories


def test_photos_fit_the_view_and_follow_its_width(make_window: WindowFactory, tmp_path: Path) -> None:
    window = make_window(tmp_path / "demo", demo=True)
    pane = window.list_pane
    pane.search.setText("chess school")
    pane.search.returnPressed.emit()
    story_id = pane.current_story_id()
    assert story_id is not None
    window.splitter.setSizes([300, 1300])  # the editor with room for its preview, as on a desktop screen
    window.show_story(story_id)
    assert window.desk.editing
    view = window.desk.editor.preview
    text = view.toPlainText()
    assert "GYUMRI —" in text
    assert window.db is not None and window.actor is not None
    story = get_story(window.db, window.actor, story_id)
    captions = [caption_with_credit(p.caption, p.credit) for p in story.photos]
    lines = [line.strip() for line in text.splitlines()]
    assert len(captions) >= 2 and all(caption in lines for caption in captions)  # each on a line of its own
    widths = view.image_widths()
    assert len(widths) >= 2, "lead and inline photo"
    assert all(0 < w <= view.viewport().width() for w in widths.values())
    window.desk.editor.work.setSizes([900, 180])
    QApplication.processEvents()
    narrower = view.image_widths()
    assert all(narrower[src] < widths[src] for src in widths), (widths, narrower, view.viewport().width())


def test_a_story_the_user_may_not_edit_opens_in_the_read_view(make_window: WindowFactory, profile: Profile,
                                                             newsroom: Database, owner: Actor) -> None:
    [story_id] = add_stories(newsroom, owner, 1)
    users.add_user(newsroom, owner, "nora", "Nora Writer", Role.WRITER)
    window = make_window(profile.dir, acting_user="nora")
    window.show_story(story_id)
    assert not window.desk.editing
    assert window.story_view.story_id == story_id and "Story number 0" in window.story_view.toPlainText()
    assert "Read only" in window.desk.read_banner.text()
    assert not window.editor_actions.save.isEnabled()
