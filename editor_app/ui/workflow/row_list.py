"""A vertical list of row widgets that scrolls up and down and wraps to its width (never sideways): the
findings and the notes threads."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


class RowList(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.holder = QWidget(self)
        self._layout = QVBoxLayout(self.holder)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)
        self.setWidget(self.holder)
        self._rows: list[QWidget] = []

    def set_rows(self, rows: Sequence[QWidget]) -> None:
        """Show `rows` (made with `holder` as their parent) instead of the ones shown."""
        for old in self._rows:
            self._layout.removeWidget(old)
            old.deleteLater()
        self._rows = list(rows)
        for row in self._rows:
            self._layout.insertWidget(self._layout.count() - 1, row)
