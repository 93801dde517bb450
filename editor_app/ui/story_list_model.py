"""A thin Qt table model over the story list service's pages: rows arrive 200 at a time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication

from editor_app.domain.stories import SortKey, StoryPage, StoryRow
from editor_app.domain.workflow import Status
from editor_app.ui.palette import is_dark

Index = QModelIndex | QPersistentModelIndex

COL_HEADLINE, COL_SECTION, COL_BYLINE, COL_STATUS, COL_WEEK, COL_UPDATED = range(6)
HEADERS = ("Headline", "Section", "Byline", "Status", "Week", "Updated")
SORT_KEYS: dict[int, SortKey] = {
    COL_HEADLINE: SortKey.HEADLINE, COL_SECTION: SortKey.SECTION, COL_STATUS: SortKey.STATUS,
    COL_WEEK: SortKey.WEEK, COL_UPDATED: SortKey.UPDATED,
}
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the StoryRow behind a line

STATUS_COLOURS: dict[Status, str] = {
    Status.DRAFT: "#6b6b6b", Status.SUBMITTED: "#1f5fbf", Status.CHANGES_REQUESTED: "#b3261e",
    Status.APPROVED: "#1e7d32", Status.SCHEDULED: "#7b4fbf", Status.PUBLISHED: "#0b5345",
    Status.UNPUBLISHED: "#8d6e00",
}
STATUS_COLOURS_DARK: dict[Status, str] = {
    Status.DRAFT: "#a8a8a8", Status.SUBMITTED: "#7aa7ff", Status.CHANGES_REQUESTED: "#f28b82",
    Status.APPROVED: "#81c995", Status.SCHEDULED: "#c58af9", Status.PUBLISHED: "#6fd3b8",
    Status.UNPUBLISHED: "#fdd663",
}


def format_updated(when: datetime, now: datetime | None = None) -> str:
    """'14:05' today, '3 Nov 14:05' this year, '3 Nov 2024' before; in local time."""
    local = when.astimezone() if when.tzinfo else when.replace(tzinfo=UTC).astimezone()
    today = (now or datetime.now(UTC)).astimezone()
    if local.date() == today.date():
        return local.strftime("%H:%M")
    if local.year == today.year:
        return f"{local.day} {local:%b %H:%M}"
    return f"{local.day} {local:%b %Y}"


_CELLS: tuple[Callable[[StoryRow], str], ...] = (
    lambda r: r.headline, lambda r: r.section, lambda r: r.byline_names, lambda r: r.status.label,
    lambda r: str(r.week), lambda r: format_updated(r.updated),
)


class StoryListModel(QAbstractTableModel):
    """Rows are `StoryRow`s; asking for more or for another order is a signal the pane answers."""

    more_wanted = Signal(int)  # offset of the next page
    sort_wanted = Signal(object, bool)  # SortKey, descending

    def __init__(self, parent: object | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[StoryRow] = []
        self._total = 0
        self._loading = False

    # --- feeding the model -------------------------------------------------
    def set_page(self, page: StoryPage) -> None:
        """Replace everything with the first page of a new query."""
        self.beginResetModel()
        self._rows = list(page.rows)
        self._total = page.total
        self._loading = False
        self.endResetModel()

    def append_page(self, page: StoryPage) -> None:
        """Add the next page; a page for another offset (a stale answer) is ignored."""
        self._loading = False
        if page.offset != len(self._rows) or not page.rows:
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._rows.extend(page.rows)
        self._total = page.total
        self.endInsertRows()

    def rename(self, story_id: int, headline: str) -> None:
        """A story's headline changed in the editor: show it without reloading the list."""
        row = self.row_of(story_id)
        if row >= 0:
            self._rows[row] = replace(self._rows[row], headline=headline)
            self.dataChanged.emit(self.index(row, COL_HEADLINE), self.index(row, COL_HEADLINE))

    def update_rows(self, rows: list[StoryRow]) -> list[StoryRow]:
        """Rows changed elsewhere (a colleague's save): shown in place, without a reload. Returns the rows as
        they were before, for the lines the model holds."""
        before = []
        for fresh in rows:
            line = self.row_of(fresh.id)
            if line >= 0:
                before.append(self._rows[line])
                self._rows[line] = fresh
                self.dataChanged.emit(self.index(line, 0), self.index(line, len(HEADERS) - 1))
        return before

    def rows(self) -> list[StoryRow]:
        return list(self._rows)

    def loading_failed(self) -> None:
        self._loading = False

    @property
    def total(self) -> int:
        return self._total

    def row_at(self, row: int) -> StoryRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, story_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == story_id), -1)

    # --- Qt overrides --------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_HEADLINE:
                return row.headline + (f"\nCities: {', '.join(row.cities)}" if row.cities else "")
            if column == COL_UPDATED:
                return row.updated.astimezone().strftime("%A %d %B %Y, %H:%M")
            return None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_STATUS:
            colours = STATUS_COLOURS_DARK if is_dark(QGuiApplication.palette()) else STATUS_COLOURS
            return QColor(colours[row.status])
        return None

    @staticmethod
    def _display(row: StoryRow, column: int) -> str:
        return _CELLS[column](row)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._loading and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._loading = True
            self.more_wanted.emit(len(self._rows))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The database sorts (the model only holds the pages it has seen)."""
        key = SORT_KEYS.get(column)
        if key is not None:
            self.sort_wanted.emit(key, order == Qt.SortOrder.DescendingOrder)
