"""The board's two list models: the week's ordered picks, and the candidates they come from.

`PicksModel` changes only with begin/end calls that keep the view's selection and scroll (never a reset while
the editor works): `move_rows` is the one reordering path (drag and drop inside the list calls it through
`moveRows`, like novelWriter's internalMove; Alt+↑/↓ call it directly), `insert_stories` takes candidates
(dropped, or Enter), `remove_rows` takes picks out. It holds at most `slots` picks and no story twice; what it
refuses it says through `refused`. Every change the editor makes emits `edited` (the board saves the order).
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from editor_app.domain.top_stories import TopStory, moved

Index = QModelIndex | QPersistentModelIndex

MIME_TYPE = "application/x-editor-app-stories"  # JSON: {"ids": [...], "from": "picks" | "candidates"}
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the TopStory behind a row
RANK_ROLE = Qt.ItemDataRole.UserRole + 2  # 1, 2, … for picks; 0 for candidates
PICKED_ROLE = Qt.ItemDataRole.UserRole + 3  # a candidate already among the picks


def meta_line(story: TopStory) -> str:
    """ "Armenia · Published Tue 10:42 · Anna Petrosyan"."""
    when = story.when
    state = story.status.label
    if when is not None:
        local = when.astimezone()
        state += f" {local:%a} {local:%H:%M}"
    return " · ".join(part for part in (story.section, state, story.byline) if part)


def encode(ids: Sequence[int], source: str) -> QMimeData:
    data = QMimeData()
    data.setData(MIME_TYPE, QByteArray(json.dumps({"ids": list(ids), "from": source}).encode()))
    data.setText("\n".join(str(i) for i in ids))
    return data


def decode(data: QMimeData) -> tuple[list[int], str]:
    if not data.hasFormat(MIME_TYPE):
        return [], ""
    try:
        payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
        return [int(i) for i in payload.get("ids", [])], str(payload.get("from", ""))
    except (ValueError, TypeError, AttributeError):
        return [], ""


class _StoryRows(QAbstractListModel):
    """Rows of TopStory; what both lists share."""

    SOURCE = ""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TopStory] = []

    @property
    def stories(self) -> list[TopStory]:
        return list(self._rows)

    @property
    def ids(self) -> list[int]:
        return [s.id for s in self._rows]

    def story_at(self, row: int) -> TopStory | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, story_id: int) -> int:
        return next((n for n, s in enumerate(self._rows) if s.id == story_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        story = self.story_at(index.row()) if index.isValid() else None
        if story is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return story.headline
        if role == ROW_ROLE:
            return story
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.describe(index.row(), story)
        return None

    def describe(self, row: int, story: TopStory) -> str:
        return f"{story.headline}\n{meta_line(story)}"

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode([self._rows[r].id for r in rows if r < len(self._rows)], self.SOURCE)


class CandidatesModel(_StoryRows):
    """The week's candidates, newest out first; those already picked are marked (and not dragged again)."""

    SOURCE = "candidates"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._picked: set[int] = set()

    def set_rows(self, stories: Sequence[TopStory]) -> None:
        self.beginResetModel()
        self._rows = list(stories)
        self.endResetModel()

    def set_picked(self, ids: Sequence[int]) -> None:
        """Mark the candidates that are among the picks (updated in place)."""
        picked = set(ids)
        changed = picked ^ self._picked
        self._picked = picked
        for n, story in enumerate(self._rows):
            if story.id in changed:
                index = self.index(n)
                self.dataChanged.emit(index, index)

    def is_picked(self, story_id: int) -> bool:
        return story_id in self._picked

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == PICKED_ROLE:
            story = self.story_at(index.row()) if index.isValid() else None
            return story is not None and story.id in self._picked
        if role == RANK_ROLE:
            return 0
        return super().data(index, role)

    def describe(self, row: int, story: TopStory) -> str:
        picked = " (already a top story)" if story.id in self._picked else ""
        return f"{story.headline}{picked}\n{meta_line(story)}"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        story = self.story_at(index.row())
        if story is not None and story.id not in self._picked:
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction


class PicksModel(_StoryRows):
    """The week's top stories in order. See the module docstring for how it changes."""

    SOURCE = "picks"
    edited = Signal()  # the editor changed the order (moved, added, removed): save it
    refused = Signal(str)  # a change the rules refuse, said plainly (the slots are full, already picked)

    def __init__(self, slots: int = 10, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.slots = slots
        self.lookup: dict[int, TopStory] = {}  # stories a drop may name (the candidates shown), by id

    # --- feeding -----------------------------------------------------------------------------------------
    def set_picks(self, stories: Sequence[TopStory], slots: int) -> None:
        """A week's picks as read (another week, a reload): the one place the model is reset."""
        self.beginResetModel()
        self._rows = list(stories)
        self.slots = slots
        self.endResetModel()

    @property
    def counter(self) -> str:
        return f"{len(self._rows)} of {self.slots}"

    @property
    def full(self) -> bool:
        return len(self._rows) >= self.slots

    # --- the editor's changes ------------------------------------------------------------------------------
    def move_rows(self, rows: Sequence[int], destination: int) -> bool:
        """Move the picks at `rows` before row `destination` (len = the end), keeping their order."""
        chosen = sorted({r for r in rows if 0 <= r < len(self._rows)})
        destination = max(0, min(destination, len(self._rows)))
        if not chosen:
            return False
        order = [s.id for s in self._rows]
        wanted = moved(order, chosen, destination)
        if wanted == order:
            return False
        by_id = {s.id: s for s in self._rows}
        # one contiguous block at a time, each a real move the view can follow
        for target, story_id in enumerate(wanted):
            current = self.row_of(story_id)
            if current == target:
                continue
            if not self.beginMoveRows(QModelIndex(), current, current, QModelIndex(), target):
                return False
            self._rows.insert(target, self._rows.pop(current))
            self.endMoveRows()
        assert [s.id for s in self._rows] == wanted and set(by_id) == set(wanted)
        self._ranks_changed()
        self.edited.emit()
        return True

    def insert_stories(self, stories: Sequence[TopStory], position: int) -> list[int]:
        """Insert candidates at `position`; the ones already picked or past the slots are refused (and said).
        Returns the ids added."""
        present = set(self.ids)
        fresh: list[TopStory] = []
        for story in stories:
            if story.id in present or any(f.id == story.id for f in fresh):
                self.refused.emit(f"“{story.headline}” is already a top story this week.")
                continue
            fresh.append(story)
        room = self.slots - len(self._rows)
        if len(fresh) > room:
            self.refused.emit(f"The week has {self.slots} slots and {len(self._rows)} are taken: "
                              f"{len(fresh) - max(room, 0)} could not be added. Remove a pick first.")
            fresh = fresh[:max(room, 0)]
        if not fresh:
            return []
        at = max(0, min(position, len(self._rows)))
        self.beginInsertRows(QModelIndex(), at, at + len(fresh) - 1)
        self._rows[at:at] = fresh
        self.endInsertRows()
        self._ranks_changed()
        self.edited.emit()
        return [s.id for s in fresh]

    def remove_rows(self, rows: Sequence[int]) -> list[int]:
        """Take the picks at `rows` out; returns their ids."""
        removed = []
        for row in sorted({r for r in rows if 0 <= r < len(self._rows)}, reverse=True):
            self.beginRemoveRows(QModelIndex(), row, row)
            removed.append(self._rows.pop(row).id)
            self.endRemoveRows()
        if removed:
            self._ranks_changed()
            self.edited.emit()
        return list(reversed(removed))

    def _ranks_changed(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [RANK_ROLE])

    # --- Qt: data, flags, drag and drop ----------------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role == RANK_ROLE:
            return index.row() + 1 if index.isValid() else 0
        if role == PICKED_ROLE:
            return False
        return super().data(index, role)

    def describe(self, row: int, story: TopStory) -> str:
        return f"Number {row + 1}: {story.headline}\n{meta_line(story)}"

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled  # drops land between picks, never on one
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
                | Qt.ItemFlag.ItemNeverHasChildren)

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        ids, source = decode(data)
        if not ids:
            return False
        return source == self.SOURCE or any(i not in self.ids for i in ids)

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: Index) -> bool:
        """Picks dropped inside the list move; candidates dropped in are inserted there. A move returns False, so
        that the view does not remove the dragged rows afterwards (they were moved, not copied)."""
        ids, source = decode(data)
        if not ids or action == Qt.DropAction.IgnoreAction:
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._rows)
        if source == self.SOURCE:
            self.move_rows([self.row_of(i) for i in ids if self.row_of(i) >= 0], row)
            return False
        stories = [self.lookup[i] for i in ids if i in self.lookup]
        return bool(self.insert_stories(stories, row))

    def moveRows(self, sourceParent: Index, sourceRow: int, count: int, destinationParent: Index,  # noqa: N803
                 destinationChild: int) -> bool:  # noqa: N803 - Qt's names
        """What QListView calls for a move inside the list (drag and drop with InternalMove)."""
        if sourceParent.isValid() or destinationParent.isValid() or count < 1:
            return False
        return self.move_rows(range(sourceRow, sourceRow + count), destinationChild)
