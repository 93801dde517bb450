"""Wires the workflow into the main window in one place: the queues sidebar (a dock beside the list), the
editor's header (status, moves, banners) and tabs (checks, notes, trail), the edit lock, the live refresh,
the Workflow menu and the admin's screens. MainWindow makes one `WorkflowUi(self)` and calls `shut_down()`
when it closes; everything else connects here."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu

from editor_app.ui.workflow.admin_actions import AdminActions
from editor_app.ui.workflow.banner import Banner
from editor_app.ui.workflow.edit_lock import EditLockKeeper
from editor_app.ui.workflow.editor_workflow import EditorWorkflow
from editor_app.ui.workflow.findings import FindingsChecker, FindingsPanel
from editor_app.ui.workflow.live_refresh import ListRefresher, LiveRefresh
from editor_app.ui.workflow.move_actions import MoveActions
from editor_app.ui.workflow.notes_panel import NotesPanel
from editor_app.ui.workflow.open_story_refresh import OpenStoryRefresh
from editor_app.ui.workflow.opener import NewsroomOpener
from editor_app.ui.workflow.queues_panel import ALL, QueuesController, QueuesPanel
from editor_app.ui.workflow.story_side import StorySide, TrailPanel
from editor_app.ui.workflow.workflow_bar import WorkflowBar

if TYPE_CHECKING:
    from editor_app.domain.house_style import Finding
    from editor_app.services.changes import ChangeBatch
    from editor_app.ui.editor.jobs import OpenedStory
    from editor_app.ui.main_window import MainWindow
    from editor_app.ui.newsroom_jobs import OpenedNewsroom

logger = logging.getLogger(__name__)

QUEUES_WIDTH = 186  # the sidebar: room for "Published this week" and a count, not more
QUEUE_KEYS = ("my_drafts", "awaiting_review", "changes_requested", "approved", "scheduled", "published_this_week")


class WorkflowUi(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        runner, controller, pane = window.runner, window.desk.controller, window.desk.editor
        self.opener = NewsroomOpener(runner, window)
        self.controller = controller
        self.lock_banner = Banner("lockBanner", pane)
        self.change_banner = Banner("changeBanner", pane)
        self.moves = MoveActions(window)
        self.bar = WorkflowBar(self.moves, pane)
        for widget in (self.bar, self.lock_banner, self.change_banner):
            pane.header.addWidget(widget)
        self.findings = FindingsPanel(pane)
        self.notes = NotesPanel(pane)
        self.trail = TrailPanel(pane)
        pane.tabs.insertTab(1, self.findings, "Chec&ks")  # the workflow's tabs first: they change as people work
        pane.tabs.insertTab(2, self.notes, "Notes")
        pane.tabs.addTab(self.trail, "T&rail")

        self.workflow = EditorWorkflow(runner, controller, self.moves, self.bar, self)
        self.checker = FindingsChecker(runner, controller, self.findings, self)
        self.side = StorySide(runner, controller, self.notes, self.trail, self)
        self.locks = EditLockKeeper(runner, controller, self.lock_banner, self)
        self.open_story = OpenStoryRefresh(controller, self.workflow, self.side, self.locks, self.change_banner, self)

        self.queues_panel = QueuesPanel(window)
        self.queues_dock = QDockWidget("Queues", window)
        self.queues_dock.setObjectName("queuesDock")
        self.queues_dock.setWidget(self.queues_panel)
        self.queues_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                                     | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.queues_dock)
        window.resizeDocks([self.queues_dock], [QUEUES_WIDTH], Qt.Orientation.Horizontal)
        self.queues = QueuesController(runner, self.queues_panel, window.list_pane, self)
        self.live = LiveRefresh(runner, parent=self)
        self.list_refresher = ListRefresher(runner, window.list_pane, self)
        self.admin = AdminActions(window, self)
        self._build_menu()
        self._connect()

    # --- menus ----------------------------------------------------------------------------------------
    def _action(self, text: str, shortcut: str | None, tip: str, slot: object) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def _build_menu(self) -> None:
        self.take_over_action = self._action("&Take Over Editing", "Ctrl+Shift+G", "Take the story over from the "
                                             "colleague editing it (editors)", self.locks.take_over)
        self.add_note_action = self._action("Add a &Note", "Ctrl+Shift+N", "Write a note on the story",
                                            self.focus_note)
        self.checks_action = self._action("Show the Chec&ks", "Ctrl+Shift+K", "The house-style findings",
                                          lambda: self._show_tab(self.findings))
        self.trail_action = self._action("Show the T&rail", "Ctrl+Shift+J", "Who did what to the story, when",
                                         lambda: self._show_tab(self.trail))
        self.queue_actions = [self._action("&All Stories", "Alt+0", "The story list with its filters",
                                           lambda: self.queues_panel.select(ALL, emit=True))]
        for number, key in enumerate(QUEUE_KEYS, start=1):
            label = key.replace("_", " ").capitalize()
            self.queue_actions.append(self._action(f"&{number} {label}", f"Alt+{number}", f"The “{label}” queue",
                                                   lambda _c=False, key=key: self.queues_panel.select(key, emit=True)))
        menu = QMenu("&Workflow", self.window.menuBar())
        menu.setToolTipsVisible(True)
        menu.addActions(list(self.moves.actions.values()))
        menu.addSeparator()
        menu.addActions([self.take_over_action, self.add_note_action, self.checks_action, self.trail_action])
        queues = menu.addMenu("&Queues")
        queues.addActions(self.queue_actions)
        queues.addAction(self.queues_dock.toggleViewAction())
        self.menu = menu
        bar = self.window.menuBar()
        view = next((a for a in bar.actions() if a.text() == "&View"), None)
        bar.insertMenu(view, menu) if view is not None else bar.addMenu(menu)
        self.admin.add_to_menu(bar)
        self._set_story_actions(False)

    def _set_story_actions(self, open_story: bool) -> None:
        for action in (self.add_note_action, self.checks_action, self.trail_action):
            action.setEnabled(open_story)
        self.take_over_action.setEnabled(open_story and self.lock_banner.button("Take over") is not None)

    def focus_note(self) -> None:
        self._show_tab(self.notes)
        self.notes.input.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _show_tab(self, widget: object) -> None:
        tabs = self.controller.pane.tabs
        index = tabs.indexOf(widget)  # type: ignore[arg-type]
        if index >= 0:
            tabs.setCurrentIndex(index)

    # --- wiring -----------------------------------------------------------------------------------------
    def _connect(self) -> None:
        hub = self.window.hub
        hub.newsroom_opened.connect(self._newsroom_opened)
        hub.stories_changed.connect(self.queues.refresh)
        self.controller.opened.connect(self._opened)
        self.controller.saved.connect(lambda _saved: self.queues.refresh())
        self.workflow.moved.connect(self._moved)
        self.checker.checked.connect(self._checked)
        self.live.changed.connect(self._changed)
        self.locks.lost.connect(lambda _error: self._set_story_actions(True))
        self.admin.settings_changed.connect(self._settings_changed)

    def _newsroom_opened(self, newsroom: OpenedNewsroom | None) -> None:
        self.list_refresher.newsroom = newsroom
        self.queues.set_newsroom(newsroom)
        self.admin.set_newsroom(newsroom)
        self.checker.forget_vocabulary()
        if newsroom is not None:
            self.live.start(newsroom)

    def _settings_changed(self, newsroom: OpenedNewsroom) -> None:
        """New settings (an admin saved them): the preview, the bylines and the queues' week follow."""
        self.controller.set_newsroom(newsroom)
        self.list_refresher.newsroom = newsroom
        self.queues.newsroom = newsroom
        self.queues.refresh()

    def _opened(self, opened: OpenedStory) -> None:
        self._set_story_actions(opened.editable.may_edit)

    def _checked(self, findings: list[Finding]) -> None:
        self.moves.set_blockers([f for f in findings if f.blocks])
        self.bar.show_buttons()
        tabs = self.controller.pane.tabs
        index = tabs.indexOf(self.findings)
        tabs.setTabText(index, self.findings.tab_title())
        tabs.setTabIcon(index, self.window.style().standardIcon(self.findings.tab_icon()))

    def _moved(self, story_id: int) -> None:
        self.queues.refresh()
        self.list_refresher.refresh_ids([story_id])
        if story_id == self.controller.story_id:  # a note may come with the move; the trail has a new line
            self.side.load_notes()
            self.side.load_trail()

    def _changed(self, batch: ChangeBatch) -> None:
        self.list_refresher.changed(batch)
        if batch.reload_all or any(any(k.value == "story" for k in kinds) for kinds in batch.stories.values()):
            self.queues.refresh()
        self.open_story.changed(batch)

    def shut_down(self) -> None:
        """The window closes: stop polling, give the edit lock back (after the last save, on the lane)."""
        self.locks.release()
        self.live.stop()
        self.opener.shut_down()
