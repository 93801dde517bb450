"""Shown instead of the body when a save lost to a colleague's newer version: nothing was overwritten and the
writer's text is kept as a revision. Yours and theirs side by side, word by word (the words only one side
has are marked), and three ways out: keep mine (my edits saved over the new version, theirs stays in the
history), take theirs (reload), or merge by hand (an editable text, prefilled with mine, saved against the
new version). Copy mine puts my text on the clipboard whatever is chosen."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.word_diff import Change, Span, word_diff

_MINE_ONLY = "background:#d9f2dd; color:#0b5d1e; text-decoration: underline;"
_THEIRS_ONLY = "background:#fbdcdc; color:#8e1c1c; text-decoration: underline;"


def side_html(spans: list[Span], side: Change) -> str:
    """One side of a word diff: the words both have plain, the words only this side has marked."""
    style = _MINE_ONLY if side is Change.ADDED else _THEIRS_ONLY
    out = []
    for span in spans:
        if span.change not in (Change.SAME, side):
            continue
        text = escape(span.text).replace("\n", "<br>")
        out.append(text if span.change is Change.SAME else f'<span style="{style}">{text}</span>')
    return "".join(out)


def _button(text: str, accessible: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(accessible)
    button.setToolTip(accessible)
    button.setAutoDefault(False)
    return button


class ConflictView(QWidget):
    take_theirs = Signal()
    copy_mine = Signal()
    keep_mine = Signal()
    save_merged = Signal(str)  # the merged body

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictView")
        self.title = QLabel("<b>Someone else saved this story while you were writing.</b>", self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setObjectName("conflictMessage")
        self.also = QLabel(self)
        self.also.setWordWrap(True)
        self.also.setObjectName("conflictAlso")
        self.mine_button = _button("&Keep mine", "Keep mine: save my edits over the new version (theirs stays "
                                                 "in the history)", self)
        self.theirs_button = _button("&Take theirs", "Take theirs: reload the story; mine stays a revision", self)
        self.merge_button = _button("&Merge by hand…", "Merge by hand: edit a text that starts as mine, with "
                                                       "theirs beside it", self)
        self.copy_button = _button("&Copy mine", "Copy my text to the clipboard", self)
        buttons = QHBoxLayout()
        for button in (self.mine_button, self.theirs_button, self.merge_button, self.copy_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(self.also)
        key = QLabel("Words only you have are underlined in green; words only they have, in red.", self)
        key.setWordWrap(True)
        layout.addWidget(key)
        layout.addWidget(self._sides(), 1)
        self.theirs_button.clicked.connect(self.take_theirs)
        self.copy_button.clicked.connect(self.copy_mine)
        self.mine_button.clicked.connect(self.keep_mine)
        self.merge_button.clicked.connect(self.start_merge)
        self.save_merge_button.clicked.connect(lambda: self.save_merged.emit(self.merged.toPlainText()))
        self.cancel_merge_button.clicked.connect(lambda: self.left.setCurrentIndex(0))
        self._mine_text = ""
        self.set_busy(True)

    def _sides(self) -> QSplitter:
        """Mine (or the merge editor) on the left, theirs on the right."""
        self.mine_label = QLabel("<b>Yours</b>", self)
        self.mine = QTextBrowser(self)
        self.mine.setObjectName("conflictMine")
        self.mine.setAccessibleName("Your text; words only you have are marked")
        self.merged = QPlainTextEdit(self)
        self.merged.setObjectName("conflictMerged")
        self.merged.setAccessibleName("The merged text: edit it, then save it")
        self.save_merge_button = _button("&Save merged text", "Save the merged text over the new version", self)
        self.cancel_merge_button = _button("Back to the comparison", "Leave the merge; nothing is saved", self)
        merge_page = QWidget(self)
        merge_layout = QVBoxLayout(merge_page)
        merge_layout.setContentsMargins(0, 0, 0, 0)
        merge_layout.addWidget(self.merged, 1)
        merge_buttons = QHBoxLayout()
        merge_buttons.addWidget(self.save_merge_button)
        merge_buttons.addWidget(self.cancel_merge_button)
        merge_buttons.addStretch(1)
        merge_layout.addLayout(merge_buttons)
        self.left = QStackedWidget(self)
        self.left.addWidget(self.mine)
        self.left.addWidget(merge_page)
        self.theirs_label = QLabel("<b>Theirs</b>, saved in the database now", self)
        self.theirs = QTextBrowser(self)
        self.theirs.setObjectName("conflictTheirs")
        self.theirs.setAccessibleName("Their text, saved in the database; words only they have are marked")
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        for label, view in ((self.mine_label, self.left), (self.theirs_label, self.theirs)):
            column = QWidget(splitter)
            column_layout = QVBoxLayout(column)
            column_layout.setContentsMargins(0, 0, 0, 0)
            label.setWordWrap(True)
            column_layout.addWidget(label)
            column_layout.addWidget(view, 1)
            splitter.addWidget(column)
        return splitter

    def show_conflict(self, message: str, hint: str, mine: str, theirs: str | None, also: str = "") -> None:
        """`theirs` None: still being read (the choices wait for it)."""
        self.message.setText(f"{message} {hint}".strip())
        self._mine_text = mine
        spans = word_diff(theirs, mine) if theirs is not None else [Span(Change.ADDED, mine)]
        self.mine.setHtml(side_html(spans, Change.ADDED) if theirs is not None else escape(mine))
        self.theirs.setHtml(side_html(spans, Change.REMOVED) if theirs is not None else "<i>Reading…</i>")
        self.also.setText(also)
        self.also.setVisible(bool(also))
        self.left.setCurrentIndex(0)
        self.set_busy(theirs is None)

    def set_busy(self, busy: bool) -> None:
        """While their version is read, or a choice is being saved, the choices wait."""
        for button in (self.mine_button, self.theirs_button, self.merge_button, self.save_merge_button):
            button.setEnabled(not busy)

    def start_merge(self) -> None:
        self.merged.setPlainText(self._mine_text)
        self.left.setCurrentIndex(1)
        self.merged.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def merging(self) -> bool:
        return self.left.currentIndex() == 1
