"""A thin list model over the photo desk's rows; thumbnails are asked for only when the view paints a tile."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from editor_app.domain.photos import PhotoRow
from editor_app.ui.photo_desk.thumbnails import ThumbnailLoader

Index = QModelIndex | QPersistentModelIndex

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the PhotoRow behind a tile
BROKEN_ROLE = Qt.ItemDataRole.UserRole + 2  # True when the photo's thumbnail cannot be made


def describe(row: PhotoRow) -> str:
    """What a tile says to a screen reader and in its tooltip."""
    parts = [row.caption.strip() or f"{row.filename} (no caption yet)"]
    if row.credit:
        parts.append(f"Credit: {row.credit}")
    if row.needs:
        parts.append("Needs " + ", ".join(need.label for need in row.needs))
    if row.location_found:
        parts.append("Location data in the original (removed from every copy sent out)")
    if row.serial_found:
        parts.append("Camera serial number in the original (removed from every copy sent out)")
    if row.stories:
        parts.append("Used in: " + "; ".join(f"{use.headline} ({use.role})" for use in row.stories[:3])
                     + (f" and {len(row.stories) - 3} more" if len(row.stories) > 3 else ""))
    return "\n".join(parts)


class PhotoGridModel(QAbstractListModel):
    """Rows are `PhotoRow`s, newest first. DecorationRole is the thumbnail (None until it arrives)."""

    def __init__(self, thumbnails: ThumbnailLoader, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PhotoRow] = []
        self._row_of: dict[int, int] = {}
        self.thumbnails = thumbnails
        thumbnails.ready.connect(self._thumbnail_ready)

    # --- feeding the model -------------------------------------------------
    def set_rows(self, rows: list[PhotoRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._row_of = {row.id: n for n, row in enumerate(self._rows)}
        self.endResetModel()

    def merge_rows(self, rows: list[PhotoRow]) -> None:
        """Show `rows`: when they are the current rows with new photos on top (an import going on), the new
        ones are inserted and the rest updated in place, so the view keeps its scroll and selection."""
        old_ids = [row.id for row in self._rows]
        new_ids = [row.id for row in rows]
        added = len(new_ids) - len(old_ids)
        if not old_ids or added < 0 or new_ids[added:] != old_ids:
            self.set_rows(rows)
            return
        if added:
            self.beginInsertRows(QModelIndex(), 0, added - 1)
            self._rows = list(rows[:added]) + self._rows
            self._row_of = {row.id: n for n, row in enumerate(self._rows)}
            self.endInsertRows()
        self.update_rows([row for row in rows[added:] if row != self._rows[self._row_of[row.id]]])

    def update_rows(self, rows: list[PhotoRow]) -> None:
        """Put changed photos in place (a save, a batch edit) without resetting the view."""
        for row in rows:
            n = self._row_of.get(row.id)
            if n is None:
                continue
            old = self._rows[n]
            self._rows[n] = row
            if (old.sha256, old.focal) != (row.sha256, row.focal):
                self.thumbnails.forget(row.id)
            index = self.index(n)
            self.dataChanged.emit(index, index)

    def row_at(self, n: int) -> PhotoRow | None:
        return self._rows[n] if 0 <= n < len(self._rows) else None

    def row_of(self, image_id: int) -> int:
        return self._row_of.get(image_id, -1)

    @property
    def rows(self) -> list[PhotoRow]:
        return list(self._rows)

    # --- Qt overrides --------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == Qt.ItemDataRole.DecorationRole:
            pixmap = self.thumbnails.pixmap(row.id)
            if pixmap is None:
                self.thumbnails.request(row.id, row.sha256, row.filename)
            return pixmap
        if role == ROW_ROLE:
            return row
        if role == BROKEN_ROLE:
            return self.thumbnails.is_broken(row.id)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return describe(row)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def _thumbnail_ready(self, image_id: int) -> None:
        n = self._row_of.get(image_id)
        if n is not None:
            index = self.index(n)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
