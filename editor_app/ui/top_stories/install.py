"""Putting the Top stories board into the main window without the window knowing its insides: a view of the
window's stack, an action beside Stories (Ctrl+1) and Photo Desk (Ctrl+2) in the View menu and the toolbar, and
the wiring to the hub, the error path and the publishing queue (all in `_connect`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

if TYPE_CHECKING:
    from editor_app.services.changes import ChangeBatch
    from editor_app.ui.main_window import MainWindow
    from editor_app.ui.top_stories.board import TopStoriesBoard

SHORTCUT = "Ctrl+3"


class TopStoriesUi(QObject):
    """What the Top stories view adds to the main window; `window.top_stories` holds it."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._board: TopStoriesBoard | None = None  # built the first time it is wanted (see board)
        self.action = QAction("&Top Stories", window)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setStatusTip("Pick and order the week's top stories, publish them, write the newsletter")
        self.action.setCheckable(True)
        window.views_group.addAction(self.action)
        self._place_action()
        self.action.triggered.connect(self.show)
        window.workflow.live.changed.connect(self._changed)

    @property
    def board(self) -> TopStoriesBoard:
        """The board, built the first time it is wanted: start-up paints the window without it."""
        if self._board is None:
            from editor_app.ui.top_stories.board import TopStoriesBoard

            self._board = TopStoriesBoard(self.window.runner, self.window)
            self.window.views.addWidget(self._board)
            self._connect(self._board)
            if self.window.opened is not None:
                self._board.set_newsroom(self.window.opened)
        return self._board

    def _changed(self, batch: ChangeBatch) -> None:
        """The live refresh heard of other desks' changes: a colleague's new order shows on the board."""
        if self._board is not None and (batch.top_stories or batch.reload_all):
            self._board.refresh_picks()

    def _place_action(self) -> None:
        """After Photo Desk in the View menu and the toolbar (at the end when it cannot be found)."""
        anchor = self.window.photo_desk_action
        for menu in self.window.menuBar().findChildren(QMenu):
            if anchor in menu.actions():
                following = menu.actions()[menu.actions().index(anchor) + 1:]
                menu.insertAction(following[0], self.action) if following else menu.addAction(self.action)
        for toolbar in self.window.findChildren(QToolBar):
            if anchor in toolbar.actions():
                following = toolbar.actions()[toolbar.actions().index(anchor) + 1:]
                toolbar.insertAction(following[0], self.action) if following else toolbar.addAction(self.action)

    def _connect(self, board: TopStoriesBoard) -> None:
        window = self.window
        window.hub.newsroom_opened.connect(board.set_newsroom)
        window.hub.stories_changed.connect(board.reload)
        board.failed.connect(window.report)
        board.message.connect(window.hub.message)
        board.story_wanted.connect(self._open_story)
        publishing = getattr(window, "publishing", None)
        if publishing is not None:
            board.job_queued.connect(lambda _job: publishing.run_queue())
            publishing.job_progress.connect(board.publishing.show_job_progress)
            publishing.ran.connect(board.publishing.jobs_finished)

    def show(self) -> None:
        self.window.views.setCurrentWidget(self.board)
        self.action.setChecked(True)
        self.board.picks.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.board.reload()

    def _open_story(self, story_id: int) -> None:
        self.window.show_stories()
        self.window.show_story(story_id)


def install_top_stories(window: MainWindow) -> TopStoriesUi:
    """Add the Top stories view to the main window; the one hook main_window calls."""
    return TopStoriesUi(window)
