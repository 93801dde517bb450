"""Hooks that stage the workflow screens for a screenshot (not for users; scripts/screenshot.sh and
scripts/workflow-screenshots.sh set them). With EDITOR_APP_SCREENSHOT_STORY naming a story:

- EDITOR_APP_SCREENSHOT_QUEUE=awaiting_review: that queue is chosen in the sidebar first;
- EDITOR_APP_SCREENSHOT_LOCKED_BY=USER: USER holds the story's edit lock before it opens (the banner);
- EDITOR_APP_SCREENSHOT_NOTES=1: colleagues write a few notes on it (one answered, one resolved);
- EDITOR_APP_SCREENSHOT_FINDINGS=1: the editor's fields get what a hurried writer leaves (no byline, a
  dateline city not among the tags), so the checks have something to say;
- EDITOR_APP_SCREENSHOT_CONFLICT=1: the same user saves other words from another desk while this one types
  (a colleague could not: the edit lock stops them): the conflict view;
- EDITOR_APP_SCREENSHOT_TAB=checks|notes|trail|history|photos|preview: the tab shown.

EDITOR_APP_SCREENSHOT_SIGN_IN=USER:PASSWORD (a shared newsroom) fills the sign-in dialog and tries once; the
picture shows the dialog with the newsroom's answer (a wrong password says so).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from editor_app.ui.workflow.sign_in import SignInDialog

if TYPE_CHECKING:
    from editor_app.services.actor import Actor
    from editor_app.storage.engine import Database
    from editor_app.ui.main_window import MainWindow

logger = logging.getLogger(__name__)

Take = Callable[[int], None]


def _env(name: str) -> str:
    return os.environ.get(f"EDITOR_APP_SCREENSHOT_{name}", "")


def choose_queue(window: MainWindow) -> None:
    queue = _env("QUEUE")
    if queue:
        window.workflow.queues_panel.select(queue, emit=True)
        show_tab(window)


def show_tab(window: MainWindow) -> None:
    workflow, pane = window.workflow, window.desk.editor
    tabs = {"checks": workflow.findings, "notes": workflow.notes, "trail": workflow.trail,
            "history": pane.history, "photos": pane.photos, "preview": pane.preview}
    tab = tabs.get(_env("TAB"))
    if tab is not None:
        pane.tabs.setCurrentWidget(tab)


def _stage_story(db: Database, owner: Actor, story_id: int, locked_by: str, notes: bool) -> None:
    """Runs on the database lane before the story opens."""
    from editor_app.services import locks
    from editor_app.services import notes as story_notes
    from editor_app.services.identity import actor_for

    if notes:
        editor, writer = actor_for(db, "ani.sarkissian"), actor_for(db, "ash.obel")
        first = story_notes.add_note(db, editor, story_id, "Check the mayor's title: deputy mayor since May?")
        story_notes.add_note(db, writer, story_id, "Done: she is deputy mayor, fixed in the second paragraph.",
                             reply_to=first.id)
        done = story_notes.add_note(db, editor, story_id, "Photo desk: we need a credit for the lead photo.")
        story_notes.resolve_thread(db, editor, done.id)
        story_notes.add_note(db, owner, story_id, "Hold for the Thursday edition; the interview runs first.")
    if locked_by:
        locks.open_for_editing(db, actor_for(db, locked_by), story_id)


def before_open(window: MainWindow, story_id: int) -> None:
    """Queue the staging on the database lane ahead of the story's opening."""
    db, actor = window.db, window.actor
    locked_by, notes = _env("LOCKED_BY"), _env("NOTES") == "1"
    if db is None or actor is None or not (locked_by or notes):
        return
    window.runner.run(lambda: _stage_story(db, actor, story_id, locked_by, notes), lambda _none: None,
                      lambda error: logger.error("staging the screenshot failed: %s", error))


def after_open(window: MainWindow, story_id: int, take: Take) -> None:
    """The story is open: mess up its fields, or make a conflict, show the tab, then take the picture."""
    workflow, pane = window.workflow, window.desk.editor
    if _env("FINDINGS") == "1":
        pane.place.setText("Yerevan")
        pane.place.textEdited.emit("Yerevan")
        pane.place_completer.hide_popup()
        pane.bylines.set_bylines(())
        pane.bylines.changed.emit()
        workflow.checker.check_now()
    if _env("CONFLICT") == "1":
        _make_conflict(window, story_id)
    show_tab(window)
    take(0)


def _make_conflict(window: MainWindow, story_id: int) -> None:
    db, them, pane = window.db, window.actor, window.desk.editor
    if db is None or them is None:
        return

    def their_save() -> None:
        from editor_app.services.story_changes import StoryChanges
        from editor_app.services.story_read import get_story
        from editor_app.services.story_write import save_story

        story = get_story(db, them, story_id)
        body = story.body.replace("Every Tuesday evening", "Every Tuesday and Thursday evening", 1)
        save_story(db, them, story_id, story.version, StoryChanges(body=body.replace("72", "74", 1)))

    window.runner.run(their_save, lambda _none: None, lambda error: logger.error("their save failed: %s", error))
    cursor = pane.body.textCursor()
    cursor.movePosition(cursor.MoveOperation.Start)
    cursor.insertText("Updated Friday: ")
    pane.body.setTextCursor(cursor)
    window.editor_actions.save.trigger()


def sign_in(window: MainWindow, take: Take) -> None:
    """Fill the sign-in dialog when it shows, try once, and take the picture of the answer."""
    user, _, password = _env("SIGN_IN").partition(":")

    def asked(dialog: object) -> None:
        if not isinstance(dialog, SignInDialog):
            take(1)
            return
        dialog.username.setText(user)
        dialog.password.setText(password)
        if password:
            dialog.submit()
        take(0)

    window.workflow.opener.asking.connect(asked)
