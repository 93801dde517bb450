"""A calm panel in place of an empty list: what is going on and what one can do about it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyState(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.title = QLabel(self)
        self.title.setObjectName("emptyStateTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._buttons = QHBoxLayout()
        self._buttons.addStretch(1)
        self._buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addSpacing(12)
        layout.addLayout(self._buttons)
        layout.addStretch(3)
        self._button_widgets: list[QPushButton] = []

    def show_message(self, title: str, text: str = "",
                     actions: list[tuple[str, Callable[[], None]]] | None = None) -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.text.setVisible(bool(text))
        for button in self._button_widgets:
            self._buttons.removeWidget(button)
            button.deleteLater()
        self._button_widgets = []
        for position, (label, callback) in enumerate(actions or []):
            button = QPushButton(label, self)
            button.clicked.connect(callback)
            self._buttons.insertWidget(1 + position, button)
            self._button_widgets.append(button)
        if self._button_widgets:
            self._button_widgets[0].setDefault(True)

    def button_labels(self) -> list[str]:
        return [b.text() for b in self._button_widgets]

    def click(self, label: str) -> None:
        """Press a button by its label (keyboard users and tests)."""
        next(b for b in self._button_widgets if b.text() == label).click()
