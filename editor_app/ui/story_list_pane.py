"""The story list: filters, a debounced full-text search box and a table the database sorts and pages."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.stories import FilterChoices, SortKey, StoryFilter, StoryPage
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.ui import newsroom_jobs as jobs
from editor_app.ui.column_menu import install_column_menu
from editor_app.ui.combo import refill
from editor_app.ui.empty_state import EmptyState
from editor_app.ui.story_list_model import COL_HEADLINE, COL_SECTION, COL_UPDATED, COL_WEEK, StoryListModel
from editor_app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

COLUMN_WIDTHS = (0, 92, 124, 112, 74, 92)  # headline stretches
HIDDEN_AT_FIRST = (COL_SECTION, COL_WEEK)  # their filters and the editor say them; the header's menu shows them
PREVIEW_DELAY_MS = 120
PageFetch = Callable[[int], StoryPage]  # offset -> a page (runs on the database lane)


class StoryListPane(QWidget):
    story_selected = Signal(int)  # the current line moved: show it
    story_activated = Signal(int)  # Enter or double-click: open it
    load_demo_wanted = Signal()
    import_wanted = Signal()
    first_page_shown = Signal()
    failed = Signal(object)  # an exception for the one error path
    queue_left = Signal()  # the list shows the filtered stories again, not a workflow queue

    def __init__(self, runner: TaskRunner, search_delay_ms: int = 250, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._runner = runner
        self._newsroom: jobs.OpenedNewsroom | None = None
        self._filter = StoryFilter()
        self._generation = 0
        self._newsroom_total = 0
        self._shown_first_page = False
        self._wanted: int | None = None  # a story to select once the next page arrives (a new story)
        self._queue: tuple[str, PageFetch] | None = None  # a workflow queue shown instead of the filters

        self.search = QLineEdit(self)
        self.search.setObjectName("storySearch")
        self.search.setPlaceholderText("Search headlines, text and cities  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search stories")
        self.status_box = self._combo("Status filter")
        self.section_box = self._combo("Section filter")
        self.week_box = self._combo("Week filter")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("storyCount")

        self.model = StoryListModel(self)
        self.table = self._build_table()

        self.empty = EmptyState(self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.status_box, 1)
        filters.addWidget(self.section_box, 1)
        filters.addWidget(self.week_box, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.count_label)

        self._search_timer = QTimer(self, singleShot=True, interval=search_delay_ms)
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._connect()
        self._fill_status_box({})
        self._refill(self.section_box, "All sections", [])
        self._refill(self.week_box, "All weeks", [])
        self._set_filters_enabled(False)
        self.show_message("Opening the newsroom…")

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setObjectName("storyTable")
        table.setAccessibleName("Stories")
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(COL_HEADLINE, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate(COLUMN_WIDTHS):
            if width:
                table.setColumnWidth(column, width)
        header.setSortIndicator(COL_UPDATED, Qt.SortOrder.DescendingOrder)
        install_column_menu(table, HIDDEN_AT_FIRST)
        table.setSortingEnabled(True)
        return table

    def _combo(self, name: str) -> QComboBox:
        box = QComboBox(self)
        box.setAccessibleName(name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return box

    def _connect(self) -> None:
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._search_now)
        self._search_timer.timeout.connect(self._apply_filters)
        for box in (self.status_box, self.section_box, self.week_box):
            box.currentIndexChanged.connect(self._apply_filters)
        self.model.more_wanted.connect(self._fetch_more)
        self.model.sort_wanted.connect(self._sort)
        self.table.activated.connect(self._activated)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._preview_timer.start())
        self._preview_timer.timeout.connect(self._emit_selected)
        self.search.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in the search box clears it, or goes back to the list (a key, not a shortcut: a window-wide
        Esc shortcut would also fire in the editor's find bar)."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Escape:
            self._leave_search()
            return True
        return False

    # --- public ------------------------------------------------------------
    def set_newsroom(self, opened: jobs.OpenedNewsroom | None) -> None:
        self._newsroom = opened
        self._shown_first_page = False
        self._set_filters_enabled(opened is not None)
        if opened is not None:
            self.reload()

    def show_quick_page(self, quick: tuple[StoryPage, FilterChoices] | None) -> None:
        """The first page read straight from the file at start-up; the newsroom's own page replaces it."""
        if quick is None or self._newsroom is not None:
            return
        page, choices = quick
        self._set_choices(choices)
        self._first_page(self._generation, page)

    def _set_filters_enabled(self, enabled: bool) -> None:
        for widget in (self.search, self.status_box, self.section_box, self.week_box):
            widget.setEnabled(enabled)

    def reload(self) -> None:
        """Fetch the filter choices and the first page again (after stories changed)."""
        if self._newsroom is None:
            return
        db, actor = self._newsroom.db, self._newsroom.actor
        self._runner.run(lambda: jobs.filter_choices(db, actor), self._set_choices, self.failed.emit)
        self._query()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def show_queue(self, label: str, fetch: PageFetch) -> None:
        """List a workflow queue's stories (`fetch` pages it) until a filter or a sort leaves it."""
        self._queue = (label, fetch)
        self._query()

    @property
    def queue(self) -> str | None:
        """The label of the queue shown, or None for the filtered list."""
        return self._queue[0] if self._queue is not None else None

    @property
    def current_filter(self) -> StoryFilter:
        return self._filter

    def _leave_queue(self) -> bool:
        if self._queue is None:
            return False
        self._queue = None
        self.queue_left.emit()
        return True

    def clear_filters(self) -> None:
        for box in (self.status_box, self.section_box, self.week_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._apply_filters()

    def select_story(self, story_id: int) -> None:
        """Show a story that was just made: filters cleared, the list reloaded, its line selected."""
        self._wanted = story_id
        self.clear_filters()
        self.reload()

    def current_story_id(self) -> int | None:
        row = self.model.row_at(self.table.currentIndex().row())
        return row.id if row else None

    def show_message(self, title: str, text: str = "", actions: list[tuple[str, Any]] | None = None) -> None:
        self.empty.show_message(title, text, actions)
        self.stack.setCurrentWidget(self.empty)

    # --- filters -----------------------------------------------------------
    def _set_choices(self, choices: FilterChoices) -> None:
        self._newsroom_total = choices.total
        self._fill_status_box(choices.counts)
        self._refill(self.section_box, "All sections", [(name, name) for name in choices.sections])
        self._refill(self.week_box, "All weeks", [(_week_label(week), str(week)) for week in choices.weeks])

    def _fill_status_box(self, counts: dict[Status, int]) -> None:
        items = [(f"{s.label} ({counts.get(s, 0)})" if counts else s.label, s.value) for s in Status]
        self._refill(self.status_box, "All statuses", items)

    @staticmethod
    def _refill(box: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        refill(box, everything, items)

    def _search_now(self) -> None:
        self._search_timer.stop()
        self._apply_filters()

    def _leave_search(self) -> None:
        if self.search.text():
            self.search.clear()
            self._search_now()
        else:
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _apply_filters(self) -> None:
        status = self.status_box.currentData()
        flt = replace(self._filter, status=Status(status) if status else None,
                      section=self.section_box.currentData(), week=_week_of(self.week_box.currentData()),
                      search=self.search.text().strip())
        left = self._leave_queue()
        if flt != self._filter or left:
            self._filter = flt
            self._query()

    def _sort(self, key: SortKey, descending: bool) -> None:
        self._leave_queue()
        self._filter = replace(self._filter, sort=key, descending=descending)
        self._query()

    # --- loading pages -------------------------------------------------------
    def _query(self) -> None:
        if self._newsroom is None:
            return
        self._generation += 1
        generation, newsroom, flt = self._generation, self._newsroom, self._filter
        fetch = self._queue[1] if self._queue is not None else None
        self._runner.run(lambda: fetch(0) if fetch else jobs.list_page(newsroom.db, newsroom.actor, flt, 0),
                         lambda page: self._first_page(generation, page), self._page_failed)

    def _first_page(self, generation: int, page: StoryPage) -> None:
        if generation != self._generation:
            return  # the user typed on; a newer answer is coming
        wanted, self._wanted = self._wanted, None
        keep = wanted if wanted is not None and any(r.id == wanted for r in page.rows) else self.current_story_id()
        self.model.set_page(page)
        self._show_count(page.total)
        if page.total == 0:
            self._show_empty()
        else:
            self.stack.setCurrentWidget(self.table)
            row = self.model.row_of(keep) if keep is not None else -1
            self.table.selectionModel().setCurrentIndex(
                self.model.index(max(row, 0), COL_HEADLINE),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        if not self._shown_first_page:
            self._shown_first_page = True
            self.first_page_shown.emit()

    def _fetch_more(self, offset: int) -> None:
        if self._newsroom is None:
            return
        generation, newsroom, flt = self._generation, self._newsroom, self._filter
        fetch = self._queue[1] if self._queue is not None else None

        def done(page: StoryPage) -> None:
            if generation == self._generation:
                self.model.append_page(page)

        self._runner.run(lambda: fetch(offset) if fetch else jobs.list_page(newsroom.db, newsroom.actor, flt, offset),
                         done, self._page_failed)

    def _page_failed(self, error: BaseException) -> None:
        self.model.loading_failed()
        self.failed.emit(error)

    def _show_count(self, matching: int) -> None:
        if self._queue is not None:
            self.count_label.setText(f"{self._queue[0]}: {matching:,} stor{'ies' if matching != 1 else 'y'}")
        elif not self._filter.search and not self._filter.narrowed:
            self.count_label.setText(f"{matching:,} stories")
        else:
            self.count_label.setText(f"{matching:,} of {self._newsroom_total:,} stories match")

    def _show_empty(self) -> None:
        if self._queue is not None:
            self.show_message(f"Nothing in “{self._queue[0]}”", "No story waits here right now.",
                              [("Show all stories", self.clear_filters)])
        elif self._newsroom_total == 0 and not self._filter.search and self._filter.status is None:
            self.show_message(
                "This newsroom has no stories yet",
                "Load the demo newsroom to look around, or import a story file (Markdown with front matter).",
                [("Load the demo newsroom", self.load_demo_wanted.emit),
                 ("Import a story file…", self.import_wanted.emit)])
        else:
            what = f"“{self._filter.search}”" if self._filter.search else "these filters"
            self.show_message(f"No stories match {what}",
                              "Try fewer words, another week or status, or clear the filters.",
                              [("Clear filters", self.clear_filters)])

    # --- selection -----------------------------------------------------------
    def _emit_selected(self) -> None:
        story_id = self.current_story_id()
        if story_id is not None:
            self.story_selected.emit(story_id)

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self._preview_timer.stop()
            self.story_activated.emit(row.id)


def _week_label(week: IsoWeek) -> str:
    return f"{week.label} · {week.monday():%d %b}"


def _week_of(data: object) -> IsoWeek | None:
    """The week a menu item holds (as its text: Qt compares plain strings), or None for "all weeks"."""
    return IsoWeek.parse(data) if isinstance(data, str) and data else None
