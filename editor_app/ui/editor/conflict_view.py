"""Shown instead of the body when a save lost to a colleague's newer version: nothing was overwritten and the
writer's text is kept as a revision. Take theirs (reload), copy mine, or look at the two side by side in words.
(The full merge comes with the workflow.)"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from editor_app.domain.word_diff import word_diff
from editor_app.ui.editor.history_panel import spans_html


class ConflictView(QWidget):
    take_theirs = Signal()
    copy_mine = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictView")
        self.title = QLabel("<b>Someone else saved this story while you were writing.</b>", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("conflictMessage")
        self.diff = QTextBrowser(self)
        self.diff.setAccessibleName("Their text against yours: yours underlined in green, theirs struck through")
        self.theirs_button = QPushButton("Take theirs (reload the story)", self)
        self.theirs_button.setAccessibleName("Take theirs: reload the story; yours stays a revision")
        self.copy_button = QPushButton("Copy mine to the clipboard", self)
        self.copy_button.setAccessibleName("Copy my text to the clipboard")
        self.theirs_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.theirs_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(QLabel("Their text (struck through where yours differs) and yours (underlined):", self))
        layout.addWidget(self.diff, 1)
        self.theirs_button.clicked.connect(self.take_theirs)
        self.copy_button.clicked.connect(self.copy_mine)

    def show_conflict(self, message: str, hint: str, mine: str, theirs: str | None) -> None:
        self.message.setText(f"{message} {hint}".strip())
        self.diff.setHtml(spans_html(word_diff(theirs, mine)) if theirs is not None else "")
