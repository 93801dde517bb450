"""The story's revisions, newest first: pick one to see what it says against the editor (word by word),
restore it (a restore is itself a new revision)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.word_diff import Change, Span, changed_words
from editor_app.ui.editor.jobs import RevisionDiff
from editor_app.ui.story_list_model import format_updated

if TYPE_CHECKING:
    from editor_app.services.revisions import RevisionInfo

KIND_LABELS = {"autosave": "Autosave", "save": "Saved", "submit": "Submitted", "conflict": "Conflict (kept)",
               "restore": "Restored", "import": "Imported"}


def spans_html(spans: list[Span]) -> str:
    """Removed words struck through in red, added ones underlined in green (readable on paper and on screen)."""
    out = []
    for span in spans:
        text = escape(span.text).replace("\n", "<br>")
        if span.change is Change.ADDED:
            out.append(f'<span style="background:#d9f2dd; color:#0b5d1e; text-decoration: underline;">{text}</span>')
        elif span.change is Change.REMOVED:
            out.append(f'<span style="background:#fbdcdc; color:#8e1c1c; text-decoration: line-through;">{text}'
                       "</span>")
        else:
            out.append(text)
    return "".join(out)


def diff_html(diff: RevisionDiff) -> str:
    added = removed = 0
    parts = []
    for label, spans in (("Headline", diff.headline), ("Deck", diff.deck), ("Body", diff.body)):
        plus, minus = changed_words(spans)
        added, removed = added + plus, removed + minus
        if plus or minus or label == "Body":
            parts.append(f"<h3>{label}</h3><p>{spans_html(spans)}</p>")
    summary = (f"<p><b>Revision {diff.number} → the editor now:</b> {added:,} words added, {removed:,} removed"
               + (f"; also changed: {escape(', '.join(diff.other))}" if diff.other else "") + ".</p>")
    return summary + "".join(parts)


class HistoryPanel(QWidget):
    revision_chosen = Signal(int)
    restore_wanted = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("revisionList")
        self.list.setAccessibleName("Revisions, newest first")
        self.diff = QTextBrowser(self)
        self.diff.setObjectName("revisionDiff")
        self.diff.setAccessibleName("Differences between the revision and the editor")
        self.restore_button = QPushButton("Restore this revision", self)
        self.restore_button.setAccessibleName("Restore the chosen revision")
        self.restore_button.setEnabled(False)
        self.info = QLabel("Pick a revision to compare it with the text in the editor.", self)
        self.info.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.list)
        splitter.addWidget(self.diff)
        splitter.setSizes([160, 400])
        row = QHBoxLayout()
        row.addWidget(self.info, 1)
        row.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(row)
        self.list.currentItemChanged.connect(self._chosen)
        self.restore_button.clicked.connect(self._restore)

    def set_revisions(self, revisions: list[RevisionInfo]) -> None:
        keep = self.current_number()
        self.list.blockSignals(True)
        self.list.clear()
        for info in revisions:
            note = f" — {info.note}" if info.note else ""
            item = QListWidgetItem(f"{info.number}. {KIND_LABELS.get(info.kind.value, info.kind.value)} · "
                                   f"{info.author} · {format_updated(info.created)}{note}")
            item.setData(Qt.ItemDataRole.UserRole, info.number)
            self.list.addItem(item)
            if info.number == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.restore_button.setEnabled(self.current_number() is not None)

    def current_number(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def show_diff(self, diff: RevisionDiff) -> None:
        if diff.number == self.current_number():
            self.diff.setHtml(diff_html(diff))

    def clear(self) -> None:
        self.list.clear()
        self.diff.clear()
        self.restore_button.setEnabled(False)

    def _chosen(self, *_args: object) -> None:
        number = self.current_number()
        self.restore_button.setEnabled(number is not None)
        if number is not None:
            self.revision_chosen.emit(number)

    def _restore(self) -> None:
        number = self.current_number()
        if number is not None:
            self.restore_wanted.emit(number)
