"""A strip across the top of the editor that says something the user must not miss ("Being edited by Anna
since 10:42"), with a button or two to act on it. Colours that read on light and dark palettes."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from editor_app.ui.palette import is_dark


class Level(Enum):
    INFO = "info"
    WARNING = "warning"


_COLOURS = {  # background, text, border
    (Level.INFO, False): ("#e8f0fe", "#0b2e6b", "#aac4f2"),
    (Level.INFO, True): ("#1d2b45", "#d6e4ff", "#34507f"),
    (Level.WARNING, False): ("#fff4ce", "#3b2f00", "#e0c060"),
    (Level.WARNING, True): ("#4a3f10", "#ffe9a6", "#7a6a2a"),
}

Button = tuple[str, str, Callable[[], None]]  # text, accessible name, what it does


class Banner(QFrame):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.label.setObjectName(f"{name}Text")
        self.buttons: list[QPushButton] = []
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(8, 4, 8, 4)
        self._row.addWidget(self.label, 1)
        self.hide()

    @property
    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def show_message(self, text: str, buttons: list[Button] | None = None, level: Level = Level.WARNING) -> None:
        for old in self.buttons:
            self._row.removeWidget(old)
            old.deleteLater()
        self.buttons = []
        for caption, accessible, slot in buttons or []:
            button = QPushButton(caption, self)
            button.setAccessibleName(accessible)
            button.setToolTip(accessible)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            self._row.addWidget(button)
            self.buttons.append(button)
        self.label.setText(text)
        self.setAccessibleDescription(text)
        background, text_colour, border = _COLOURS[(level, is_dark(QGuiApplication.palette()))]
        name = self.objectName()
        self.setStyleSheet(f"#{name} {{ background: {background}; border: 1px solid {border}; border-radius: 4px; }} "
                           f"#{name} QLabel {{ color: {text_colour}; border: none; background: transparent; }}")
        self.show()

    def button(self, caption: str) -> QPushButton | None:
        return next((b for b in self.buttons if b.text().replace("&", "") == caption.replace("&", "")), None)

    def clear(self) -> None:
        self.hide()
        self.label.clear()
