"""The workflow moves from the editor's header and the Workflow menu: schedule on the newsroom's clock,
unschedule, unpublish, reopen, a correction to approve, publishing left to the publishing queue, a move
refused by the service said plainly, and every move with a shortcut and a name."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from editor_app.domain.workflow import Correction, Status
from editor_app.services.settings import get_settings, update_settings
from editor_app.services.workflow import approve
from editor_app.storage.engine import Database
from editor_app.storage.models import Article
from editor_app.storage.profile import Profile
from editor_app.ui.main_window import MainWindow
from editor_app.ui.workflow.jobs import MoveKey
from editor_app.ui.workflow.move_actions import SPECS
from editor_app.ui.workflow.move_dialogs import NoteDialog, ScheduleDialog, default_time
from tests.ui.conftest import WindowFactory
from tests.ui.editor_helpers import open_in_editor
from tests.ui.workflow_ui_helpers import move, offered, status_shown, type_at_end
from tests.workflow_helpers import Staff, add_staff, force_status, new_story, status_of, version_of

NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    """The staff, in a newsroom on New York's clock."""
    staff = add_staff(newsroom)
    update_settings(newsroom, staff.admin, get_settings(newsroom, staff.admin).version, time_zone="America/New_York")
    return staff


@pytest.fixture
def editor(make_window: WindowFactory, profile: Profile, staff: Staff) -> MainWindow:
    return make_window(profile.dir, acting_user="anna")


def scheduled_at(db: Database, story_id: int) -> datetime | None:
    with db.session() as session:
        return session.get_one(Article, story_id, populate_existing=True).scheduled_at


def test_schedule_on_the_newsrooms_clock_then_unschedule(editor: MainWindow, newsroom: Database,
                                                         staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    force_status(newsroom, staff.admin, story_id, Status.SUBMITTED, Status.APPROVED)
    open_in_editor(editor, story_id)
    assert offered(editor) == {"Schedule…": True, "Publish": True}
    when = (datetime.now(NEW_YORK) + timedelta(days=3)).replace(hour=9, minute=0, second=0, microsecond=0)
    asked: list[str] = []

    def ask_time(zone: str, _current: datetime | None) -> datetime:
        asked.append(zone)
        return when

    editor.workflow.workflow.ask_time = ask_time
    move(editor, MoveKey.SCHEDULE)
    assert asked == ["America/New_York"]
    assert scheduled_at(newsroom, story_id) == when.astimezone(UTC)
    assert status_shown(editor).startswith("Scheduled · version")
    assert f"goes out {when:%a} {when.day} {when:%b}, 09:00 (America/New_York)" in status_shown(editor)
    assert editor.desk.editor.status.text().startswith("Scheduled: it goes out ")
    assert offered(editor) == {"Reschedule…": True, "Unschedule": True, "Publish": True}
    move(editor, MoveKey.UNSCHEDULE)
    assert status_of(newsroom, story_id) is Status.APPROVED and scheduled_at(newsroom, story_id) is None
    type_at_end(editor, " More.")
    editor.editor_actions.save.trigger()
    assert status_shown(editor) == f"Approved · version {version_of(newsroom, story_id)}"  # follows the saves


def test_the_schedule_dialog_reads_the_newsrooms_clock_and_refuses_the_past(editor: MainWindow) -> None:
    dialog = ScheduleDialog("America/New_York", None, editor)
    chosen = dialog.chosen()
    assert chosen.tzinfo == NEW_YORK and chosen == default_time(NEW_YORK)
    assert (chosen.hour, chosen.minute) == (9, 0)
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert dialog.zone_label.text() == "Time zone: America/New_York (the newsroom's clock)"
    dialog.when.setDate(dialog.when.date().addDays(-3))
    assert dialog.chosen() < datetime.now(NEW_YORK)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert dialog.problem.text() == "That time has already passed; choose one in the future."


def test_request_changes_needs_its_note(editor: MainWindow, newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    force_status(newsroom, staff.admin, story_id, Status.SUBMITTED)
    open_in_editor(editor, story_id)
    editor.workflow.workflow.ask_note = lambda headline: None  # the dialog was cancelled
    move(editor, MoveKey.REQUEST_CHANGES)
    assert status_of(newsroom, story_id) is Status.SUBMITTED
    dialog = NoteDialog("A headline", editor)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.text.setPlainText("   ")
    assert not ok.isEnabled()
    dialog.text.setPlainText("Tighten the lead.")
    assert ok.isEnabled() and dialog.note() == "Tighten the lead."


def test_unpublish_reopen_and_a_correction_to_approve(editor: MainWindow, newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    force_status(newsroom, staff.admin, story_id, Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED)
    open_in_editor(editor, story_id)
    assert offered(editor) == {"Unpublish": True}
    type_at_end(editor, " A corrected figure.")
    editor.editor_actions.save.trigger()  # editing a published story makes a correction: the header says so
    assert "Correction awaiting approval" in status_shown(editor)
    assert offered(editor) == {"Approve correction": True, "Unpublish": True}
    move(editor, MoveKey.APPROVE)
    assert editor.desk.editor.status.text() == "Correction approved."
    assert "Correction approved, to be republished" in status_shown(editor)
    assert offered(editor) == {"Publish correction": True, "Unpublish": True}  # the publishing queue is wired in
    assert editor.workflow.workflow.publish_handler == editor.publishing.publish_story
    published: list[int] = []
    editor.workflow.workflow.publish_handler = published.append  # what the publishing queue would be asked
    editor.workflow.moves.update([])
    editor.workflow.workflow.refresh()
    move(editor, MoveKey.PUBLISH)
    assert published == [story_id]

    move(editor, MoveKey.UNPUBLISH)
    assert status_of(newsroom, story_id) is Status.UNPUBLISHED
    assert offered(editor) == {"Reopen as draft": True, "Publish": True}
    move(editor, MoveKey.REOPEN)
    assert status_of(newsroom, story_id) is Status.DRAFT
    with newsroom.session() as session:
        assert session.get_one(Article, story_id).correction == Correction.NONE.value


def test_a_move_the_service_refuses_is_said_plainly(editor: MainWindow, newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    force_status(newsroom, staff.admin, story_id, Status.SUBMITTED)
    open_in_editor(editor, story_id)
    approve(newsroom, staff.editor2, story_id)  # Eddie approves first, from his desk
    move(editor, MoveKey.APPROVE)
    box = editor.errors.last_box
    assert box is not None and box.text().startswith(f"Story {story_id} was already approved by Eddie Editor at ")
    assert box.informativeText() == "Nothing was changed; reload to see it."
    assert status_shown(editor).startswith("Approved")  # the header read the story again
    assert offered(editor) == {"Schedule…": True, "Publish": True}


def test_every_move_has_a_shortcut_a_tip_and_a_name(editor: MainWindow) -> None:
    shortcuts = set()
    for key, action in editor.workflow.moves.actions.items():
        shortcut = SPECS[key][1]
        assert action.statusTip() and action.toolTip()
        if key is not MoveKey.PUBLISH:
            assert action.shortcut().toString() == shortcut
            shortcuts.add(shortcut)
    assert len(shortcuts) == len(SPECS) - 1  # no two alike
    taken = {a.shortcut().toString() for a in editor.findChildren(type(editor.quit_action))
             if a not in editor.workflow.moves.actions.values() and not a.shortcut().isEmpty()}
    assert not shortcuts & taken
    for button in editor.workflow.bar.buttons.values():
        assert button.accessibleName() == button.defaultAction().text().replace("&", "")
