"""The Top stories board: one ISO week's candidates beside its ordered picks, with the week's latest articles, the
month's most read stories and what was published, and Publish / Newsletter for a chosen target.

Keys (inside the board): Enter on a candidate adds it; Alt+↑/↓ move the chosen pick; Delete takes it out;
Alt+←/→ go to the previous/next week, Alt+Home to this week. Picks also move
by drag and drop (from the candidates, and within the picks). Every change is saved at once with the list's
version; if a colleague saved the week meanwhile, both orders are shown and the editor chooses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.top_stories import PicksConflictError, TopStory, WeekPicks
from editor_app.domain.weeks import IsoWeek
from editor_app.ui.tasks import TaskRunner
from editor_app.ui.top_stories import jobs
from editor_app.ui.top_stories.bars import PublishBar, WeekBar
from editor_app.ui.top_stories.conflict import PicksConflictDialog
from editor_app.ui.top_stories.model import CandidatesModel, PicksModel
from editor_app.ui.top_stories.panels import SidePanels
from editor_app.ui.top_stories.publishing import BoardPublishing
from editor_app.ui.top_stories.views import BoardList, PicksView

if TYPE_CHECKING:
    from editor_app.services.actor import Actor
    from editor_app.storage.engine import Database
    from editor_app.ui.newsroom_jobs import OpenedNewsroom

logger = logging.getLogger(__name__)

SEARCH_DELAY_MS = 250


def _button(parent: QWidget, text: str, tip: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setToolTip(tip)
    return button


class TopStoriesBoard(QWidget):
    failed = Signal(object)  # an exception for the one error path
    message = Signal(str)  # a line for the status bar
    job_queued = Signal(int)  # a publishing job was queued: run the queue
    story_wanted = Signal(int)  # open this story
    loaded = Signal()  # a week is on screen

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topStoriesBoard")
        self._runner = runner
        self.db: Database | None = None
        self.actor: Actor | None = None
        self.week: IsoWeek | None = None
        self.this_week: IsoWeek | None = None
        self.version = 0
        self._saved: tuple[int, ...] = ()
        self._saving = False
        self._generation = 0
        self._jobs: set[int] = set()
        self.picks_model = PicksModel(parent=self)
        self.candidates_model = CandidatesModel(self)
        self._build()
        self._connect()
        self.setEnabled(False)

    # --- building ---------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.week_bar = WeekBar(self)
        self.publish_bar = PublishBar(self)
        self.panels = SidePanels(self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("topStoriesSplitter")
        self.splitter.addWidget(self._lists())
        self.splitter.addWidget(self.panels)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([940, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addWidget(self.week_bar)
        layout.addWidget(self.splitter, 1)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self.publishing = BoardPublishing(self._runner, self.publish_bar, self.panels, self._context, self)

    def _context(self) -> tuple[Database, Actor, IsoWeek] | None:
        if self.db is None or self.actor is None or self.week is None:
            return None
        return self.db, self.actor, self.week

    def _lists(self) -> QWidget:
        """Candidates (searchable) | add, remove, up, down | the picks, their counter and save state."""
        self.search = QLineEdit(self)
        self.search.setObjectName("candidateSearch")
        self.search.setPlaceholderText("Search the week's candidates")
        self.search.setClearButtonEnabled(True)
        self.candidates = BoardList("candidates", "Candidates: approved, scheduled and published stories", self)
        self.candidates.setModel(self.candidates_model)
        self.candidates.setDragEnabled(True)
        self.candidates.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.candidates.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.candidates_label = QLabel("<b>Candidates</b>", self)
        self.picks = PicksView("picks", "Top stories, in order", self)
        self.picks.setModel(self.picks_model)
        self.picks.setDragEnabled(True)
        self.picks.setAcceptDrops(True)
        self.picks.setDropIndicatorShown(True)
        self.picks.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.picks.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.picks.setDragDropOverwriteMode(False)
        self.picks_label = QLabel(self)
        self.counter = QLabel(self)
        self.counter.setObjectName("slotsCounter")
        self.save_state = QLabel(self)
        self.save_state.setObjectName("saveState")
        self.add_button = _button(self, "Add ▶", "Add the chosen candidates to the top stories (Enter)")
        self.remove_button = _button(self, "◀ Remove", "Take the chosen picks out (Delete)")
        self.up_button = _button(self, "▲ Up", "Move the chosen pick up (Alt+↑)")
        self.down_button = _button(self, "▼ Down", "Move the chosen pick down (Alt+↓)")
        left = QVBoxLayout()
        for widget in (self.candidates_label, self.search, self.candidates):
            left.addWidget(widget)
        middle = QVBoxLayout()
        middle.addStretch(1)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            middle.addWidget(button)
        middle.addStretch(2)
        heading = QHBoxLayout()
        heading.addWidget(self.picks_label, 1)
        heading.addWidget(self.counter)
        centre = QVBoxLayout()
        centre.addLayout(heading)
        centre.addWidget(self.picks, 1)
        centre.addWidget(self.save_state)
        centre.addWidget(self.publish_bar)
        columns = QWidget(self)
        row = QHBoxLayout(columns)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(left, 5)
        row.addLayout(middle)
        row.addLayout(centre, 6)
        return columns

    def _shortcut(self, keys: str, slot: Callable[[], object], parent: QWidget | None = None) -> None:
        shortcut = QShortcut(QKeySequence(keys), parent or self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def _connect(self) -> None:
        self.week_bar.shift.connect(self.shift_week)
        self.week_bar.this_week.connect(lambda: self.show_week(None))
        self.week_bar.picked.connect(lambda week: self.show_week(week) if week != self.week else None)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self._search_timer.timeout.connect(self._search)
        self.add_button.clicked.connect(self.add_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.candidates.activated.connect(lambda _index: self.add_selected())
        self.picks.doubleClicked.connect(self._open_pick)
        self.picks_model.edited.connect(self._edited)
        self.picks_model.refused.connect(self.message)
        for signal in (self.picks_model.rowsInserted, self.picks_model.rowsRemoved, self.picks_model.modelReset):
            signal.connect(self._show_counter)
        self.publishing.failed.connect(self.failed)
        self.publishing.message.connect(self.message)
        self.publishing.job_queued.connect(self.job_queued)
        self.publishing.published.connect(self.reload)
        self.picks.move_wanted.connect(self.move_selected)
        self.picks.remove_wanted.connect(self.remove_selected)
        for view in (self.picks, self.candidates):
            view.week_shift.connect(self.shift_week)
            view.this_week.connect(lambda: self.show_week(None))
        self._shortcut("Alt+Left", lambda: self.shift_week(-1))
        self._shortcut("Alt+Right", lambda: self.shift_week(1))
        self._shortcut("Alt+Home", lambda: self.show_week(None))

    # --- the newsroom and the week --------------------------------------------------------------------------
    def set_newsroom(self, opened: OpenedNewsroom) -> None:
        self.db, self.actor = opened.db, opened.actor
        self.setEnabled(True)
        self.show_week(None)

    def shift_week(self, weeks: int) -> None:
        if self.week is not None:
            self.show_week(self.week.shifted(weeks))

    def show_week(self, week: IsoWeek | None) -> None:
        """Load `week` (this week on the newsroom's calendar when None)."""
        if self.db is None or self.actor is None:
            return
        db, actor = self.db, self.actor
        self._generation += 1
        generation = self._generation
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)

        def shown(loaded: jobs.Loaded) -> None:
            if generation == self._generation:
                self._show(loaded)

        self._runner.run(lambda: jobs.load(db, actor, week), shown, self.failed.emit)

    def reload(self) -> None:
        """The stories changed elsewhere: read the week again (unless a save is on its way)."""
        if self.week is not None and not self._saving and self.isVisible():
            self.show_week(self.week)

    def refresh_picks(self) -> None:
        """A colleague may have changed the week's picks: read them again and show them when their version moved
        on (our own saves come back with the version we already show; nothing is read while one is on its way).
        The candidates, their search and the selection stay as they are."""
        if self.db is None or self.actor is None or self.week is None or self._saving or not self.isVisible():
            return
        db, actor, week = self.db, self.actor, self.week

        def read(picks: WeekPicks) -> None:
            if picks.week == self.week and picks.version != self.version and not self._saving:
                self._take_picks(picks)
                who = f" by {picks.updated_by}" if picks.updated_by else ""
                self.message.emit(f"The top stories of week {picks.week.week} were changed{who}.")

        self._runner.run(lambda: jobs.picks(db, actor, week), read, self.failed.emit)

    def _show(self, loaded: jobs.Loaded) -> None:
        board = loaded.board
        picks = board.picks
        self.week, self.this_week = picks.week, board.current_week
        self.week_bar.show_week(picks.week, board.current_week)
        self.picks_label.setText(f"<b>Top stories of week {picks.week.week}</b>")
        self._take_picks(picks)
        self._show_candidates(list(board.candidates))
        self.panels.show_latest(list(board.latest))
        self.panels.show_history(list(board.history))
        self.publish_bar.fill(loaded.targets, may_publish=loaded.may_publish)
        self.publishing.refresh_most_read()
        for widget in (self.add_button, self.remove_button, self.up_button, self.down_button):
            widget.setEnabled(loaded.may_pick)
        self.picks.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop if loaded.may_pick
                                   else QAbstractItemView.DragDropMode.NoDragDrop)
        self.loaded.emit()

    def _take_picks(self, picks: WeekPicks) -> None:
        self.version, self._saved = picks.version, picks.ids
        self.picks_model.set_picks(list(picks.picks), picks.slots)
        self.candidates_model.set_picked(picks.ids)
        when = f" by {picks.updated_by}" if picks.updated_by else ""
        self.save_state.setText(f"Saved{when} · version {picks.version}" if picks.version else
                                "No picks yet: drag candidates here, or choose one and press Enter.")

    def _show_candidates(self, stories: list[TopStory]) -> None:
        self.candidates_model.set_rows(stories)
        self.candidates_model.set_picked(self.picks_model.ids)
        self.picks_model.lookup.update({s.id: s for s in stories})
        self.candidates_label.setText(f"<b>Candidates</b> ({len(stories)})")

    def _show_counter(self) -> None:
        self.counter.setText(self.picks_model.counter)
        self.counter.setToolTip(f"{self.picks_model.counter} slots taken (the newsroom settings set the slots)")

    def _search(self) -> None:
        if self.db is None or self.actor is None or self.week is None:
            return
        db, actor, week, text = self.db, self.actor, self.week, self.search.text()
        self._runner.run(lambda: jobs.search(db, actor, week, text), self._show_candidates, self.failed.emit)

    def _open_pick(self) -> None:
        story = self.picks_model.story_at(self.picks.currentIndex().row())
        if story is not None:
            self.story_wanted.emit(story.id)

    # --- picking ----------------------------------------------------------------------------------------------
    def add_selected(self) -> None:
        rows = sorted(i.row() for i in self.candidates.selectionModel().selectedRows())
        stories = [s for r in rows if (s := self.candidates_model.story_at(r)) is not None]
        if stories:
            self.picks_model.insert_stories(stories, self.picks_model.rowCount())

    def remove_selected(self) -> None:
        rows = [i.row() for i in self.picks.selectionModel().selectedRows()] or [self.picks.currentIndex().row()]
        self.picks_model.remove_rows([r for r in rows if r >= 0])

    def move_selected(self, step: int) -> None:
        row = self.picks.currentIndex().row()
        if row < 0:
            return
        target = row + step
        if 0 <= target < self.picks_model.rowCount():
            self.picks_model.move_rows([row], target + 1 if step > 0 else target)
            self.picks.setCurrentIndex(self.picks_model.index(target))

    def _edited(self) -> None:
        self.candidates_model.set_picked(self.picks_model.ids)
        self._save()

    def _save(self, ids: tuple[int, ...] | None = None, version: int | None = None) -> None:
        """Save the order shown (one save at a time; a change made meanwhile is saved right after)."""
        if self.db is None or self.actor is None or self.week is None or self._saving:
            return
        wanted = ids if ids is not None else tuple(self.picks_model.ids)
        if wanted == self._saved and ids is None:
            return
        db, actor, week, base = self.db, self.actor, self.week, self.version if version is None else version
        self._saving = True
        self.save_state.setText("Saving…")
        self._runner.run(lambda: jobs.save(db, actor, week, wanted, base), self._saved_picks, self._save_failed)

    def _saved_picks(self, picks: WeekPicks) -> None:
        self._saving = False
        if picks.week != self.week:
            return
        self.version, self._saved = picks.version, picks.ids
        self.save_state.setText(f"Saved · version {picks.version}")
        if tuple(self.picks_model.ids) != picks.ids:
            self._save()

    def _save_failed(self, error: BaseException) -> None:
        self._saving = False
        if isinstance(error, PicksConflictError):
            self.save_state.setText("Not saved: the week was changed meanwhile.")
            self.show_conflict(error)
            return
        self.failed.emit(error)
        self.show_week(self.week)  # show what is saved

    def show_conflict(self, conflict: PicksConflictError) -> PicksConflictDialog:
        dialog = PicksConflictDialog(conflict, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.keep_mine.connect(lambda: self._save(conflict.mine, conflict.theirs.version))
        dialog.take_theirs.connect(lambda: self._take_picks(conflict.theirs))
        dialog.open()
        self.conflict_dialog = dialog
        return dialog
