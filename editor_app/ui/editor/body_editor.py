"""The Markdown body: plain text only (pasted rich text arrives as its text, control characters as visible
marks), highlighted while it is of a size that highlighting cannot slow down, with a find/replace bar."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor_app.ui.editor.highlighter import MAX_HIGHLIGHTED_CHARS, MarkdownHighlighter
from editor_app.ui.palette import is_dark

# C0 controls other than tab and newline, DEL and the C1 block: nothing a writer means to type.
_CONTROLS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_pasted(text: str) -> str:
    """Text as the editor takes it from the clipboard: Windows and old Mac line ends made \\n, NUL shown as
    U+FFFD (as the database keeps it), other control characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    return _CONTROLS.sub("", text)


PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".tif", ".tiff", ".gif")


def holds_photos(source: QMimeData) -> bool:
    """Image data, or local files that are photos by their names (a dragged text file stays text)."""
    files = [url.toLocalFile().lower() for url in source.urls() if url.isLocalFile()]
    return source.hasImage() or (bool(files) and all(name.endswith(PHOTO_SUFFIXES) for name in files))


class BodyEditor(QPlainTextEdit):
    photos_offered = Signal(object, int)  # dropped or pasted photos (QMimeData), the cursor position for them

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyBody")
        self.setAccessibleName("Story body (Markdown)")
        self.setTabChangesFocus(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setPlaceholderText("Write the story in Markdown: ## subhead, **bold**, *italic*, [link](https://…), "
                                "> quote, - list, [^1] footnote")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.setFont(font)
        self.document().setDocumentMargin(10)
        self._switching = False
        self.highlighter: MarkdownHighlighter | None = MarkdownHighlighter(self.document(), is_dark(self.palette()))
        self.document().contentsChanged.connect(self._check_size)

    @property
    def highlighting(self) -> bool:
        return self.highlighter is not None

    def _check_size(self) -> None:
        if self._switching:
            return  # a highlighter being attached re-colours the text, which says the contents changed
        large = self.document().characterCount() > MAX_HIGHLIGHTED_CHARS
        if large == (self.highlighter is None):
            return
        self._switching = True
        try:
            if large and self.highlighter is not None:
                self.highlighter.setDocument(None)
                self.highlighter = None
            else:
                self.highlighter = MarkdownHighlighter(self.document(), is_dark(self.palette()))
        finally:
            self._switching = False

    def set_text(self, text: str) -> None:
        """Replace the whole text (a story opened): no undo step back into another story."""
        if len(text) > MAX_HIGHLIGHTED_CHARS and self.highlighter is not None:
            self._switching = True
            self.highlighter.setDocument(None)
            self.highlighter = None
            self._switching = False
        self.setPlainText(text)
        self.document().clearUndoRedoStacks()
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        return holds_photos(source) or super().canInsertFromMimeData(source)

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Photos dropped or pasted become the story's photos (placed at the cursor); text goes in as text."""
        if holds_photos(source):
            self.photos_offered.emit(source, self.textCursor().position())
        elif source.hasText():
            self.insertPlainText(clean_pasted(source.text()))

    def insert_at_cursor(self, markdown: str) -> None:
        """Put `markdown` on a line of its own at the cursor (a photo's figure)."""
        cursor = self.textCursor()
        before = "" if cursor.atBlockStart() else "\n\n"
        cursor.insertText(f"{before}{markdown}\n\n")
        self.setTextCursor(cursor)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self.highlighter is not None:
            self.highlighter.set_dark(is_dark(self.palette()))


class FindBar(QWidget):
    """Find (Ctrl+F in the editor) and replace (Ctrl+H) in the body; Esc closes it, F3/Shift+F3 move."""

    closed = Signal()

    def __init__(self, editor: BodyEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.editor = editor
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText("Find in the story")
        self.find_box.setAccessibleName("Find text")
        self.find_box.setClearButtonEnabled(True)
        self.replace_box = QLineEdit(self)
        self.replace_box.setPlaceholderText("Replace with")
        self.replace_box.setAccessibleName("Replace with")
        self.case_box = QCheckBox("Match case", self)
        self.status = QLabel(self)
        self.status.setObjectName("findStatus")
        buttons = []
        for text, slot, name in (("Previous", self.find_previous, "Find previous (Shift+F3)"),
                                 ("Next", self.find_next, "Find next (F3)"),
                                 ("Replace", self.replace_one, "Replace this match"),
                                 ("Replace all", self.replace_all, "Replace every match")):
            button = QPushButton(text, self)
            button.setAccessibleName(name)
            button.setToolTip(name)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            buttons.append(button)
        self.replace_buttons = buttons[2:]
        close = QPushButton("Close", self)
        close.setAccessibleName("Close the find bar (Esc)")
        close.clicked.connect(self.close_bar)
        find_row = QHBoxLayout()
        find_row.addWidget(self.find_box, 1)
        find_row.addWidget(buttons[0])
        find_row.addWidget(buttons[1])
        find_row.addWidget(self.case_box)
        find_row.addWidget(self.status)
        find_row.addWidget(close)
        self.replace_row = QWidget(self)
        replace_layout = QHBoxLayout(self.replace_row)
        replace_layout.setContentsMargins(0, 0, 0, 0)
        replace_layout.addWidget(self.replace_box, 1)
        replace_layout.addWidget(buttons[2])
        replace_layout.addWidget(buttons[3])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addLayout(find_row)
        layout.addWidget(self.replace_row)
        self.find_box.returnPressed.connect(self.find_next)
        self.replace_box.returnPressed.connect(self.replace_one)
        for box in (self.find_box, self.replace_box):
            box.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in either field closes the bar."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return True
        return False

    def open_find(self, replace: bool = False) -> None:
        selected = self.editor.textCursor().selectedText()
        if selected and "\u2029" not in selected:
            self.find_box.setText(selected)
        self.replace_row.setVisible(replace)
        self.show()
        target = self.replace_box if replace and self.find_box.text() else self.find_box
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        target.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.closed.emit()

    def _flags(self, backward: bool = False) -> QTextDocument.FindFlag:
        flags = QTextDocument.FindFlag(0)
        if self.case_box.isChecked():
            flags |= QTextDocument.FindFlag.FindCaseSensitively
        if backward:
            flags |= QTextDocument.FindFlag.FindBackward
        return flags

    def _find(self, backward: bool) -> bool:
        text = self.find_box.text()
        if not text:
            return False
        if self.editor.find(text, self._flags(backward)):
            self.status.setText("")
            return True
        cursor = self.editor.textCursor()  # wrap around once
        cursor.movePosition(QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start)
        self.editor.setTextCursor(cursor)
        found = self.editor.find(text, self._flags(backward))
        self.status.setText("Wrapped around" if found else "Not found")
        return found

    def find_next(self) -> bool:
        return self._find(False)

    def find_previous(self) -> bool:
        return self._find(True)

    def _selection_matches(self) -> bool:
        selected = self.editor.textCursor().selectedText()
        wanted = self.find_box.text()
        return bool(wanted) and (selected == wanted if self.case_box.isChecked()
                                 else selected.casefold() == wanted.casefold())

    def replace_one(self) -> None:
        """Replace the selected match (one undo step), then go to the next."""
        if self._selection_matches():
            self.editor.textCursor().insertText(self.replace_box.text())
        self.find_next()

    def replace_all(self) -> int:
        """Replace every match as one undo step; says how many."""
        wanted = self.find_box.text()
        if not wanted:
            return 0
        cursor = QTextCursor(self.editor.document())
        cursor.beginEditBlock()
        count = 0
        document = self.editor.document()
        found = document.find(wanted, 0, self._flags())
        while not found.isNull():
            found.insertText(self.replace_box.text())
            count += 1
            found = document.find(wanted, found.position(), self._flags())
        cursor.endEditBlock()
        self.status.setText(f"Replaced {count}" if count else "Not found")
        return count
