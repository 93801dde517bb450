"""The board's two list views: their keys, handled in the view itself (so they work wherever focus is in the
list, as the byline list does): Alt+←/→ and Alt+Home change the week in both; in the picks, Alt+↑/↓ move the
current pick and Delete takes the chosen ones out."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from editor_app.ui.top_stories.delegate import StoryDelegate

_WEEK_KEYS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}


class BoardList(QListView):
    week_shift = Signal(int)  # -1 | 1
    this_week = Signal()

    def __init__(self, name: str, accessible: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setItemDelegate(StoryDelegate(self))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the delegate elides
        self.setMinimumWidth(240)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.AltModifier:
            key = Qt.Key(event.key())
            if key in _WEEK_KEYS:
                self.week_shift.emit(_WEEK_KEYS[key])
                return
            if key == Qt.Key.Key_Home:
                self.this_week.emit()
                return
        super().keyPressEvent(event)


class PicksView(BoardList):
    move_wanted = Signal(int)  # -1: up, 1: down
    remove_wanted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.move_wanted.emit(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        if event.key() == Qt.Key.Key_Delete and not event.modifiers():
            self.remove_wanted.emit()
            return
        super().keyPressEvent(event)
