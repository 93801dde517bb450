"""The board's side panels: "Latest articles of the week" (by publication time), "Most read stories of the month"
(when the target counts its readers, else why not) and the week's published orders (who, when, where)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from editor_app.domain.top_stories import Publication, TopStory

if TYPE_CHECKING:
    from editor_app.services.top_stories_publish import MostRead


def _heading(text: str, parent: QWidget) -> QLabel:
    label = QLabel(f"<b>{text}</b>", parent)
    label.setAccessibleName(text)
    return label


class SidePanels(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topStoriesPanels")
        self.latest = QListWidget(self)
        self.latest.setObjectName("latestOfWeek")
        self.latest.setAccessibleName("Latest articles of the week")
        self.most_read = QListWidget(self)
        self.most_read.setObjectName("mostRead")
        self.most_read.setAccessibleName("Most read stories of the month")
        self.most_read_note = QLabel(self)
        self.most_read_note.setWordWrap(True)
        self.most_read_note.setObjectName("mostReadNote")
        self.history = QListWidget(self)
        self.history.setObjectName("publishedOrders")
        self.history.setAccessibleName("Published orders of this week")
        for listing in (self.latest, self.most_read, self.history):
            listing.setWordWrap(True)
            listing.setSpacing(3)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(240)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(_heading("Latest articles of the week", self))
        layout.addWidget(self.latest, 3)
        layout.addWidget(_heading("Most read stories of the month", self))
        layout.addWidget(self.most_read_note)
        layout.addWidget(self.most_read, 2)
        layout.addWidget(_heading("Published orders", self))
        layout.addWidget(self.history, 2)

    def show_latest(self, stories: list[TopStory]) -> None:
        self.latest.clear()
        for story in stories:
            when = story.published.astimezone() if story.published else None
            stamp = f"{when:%a %H:%M} · " if when else ""
            item = QListWidgetItem(f"{stamp}{story.headline}")
            item.setToolTip(f"{story.headline}\n{story.section} · {story.byline}")
            self.latest.addItem(item)
        if not stories:
            self.latest.addItem("Nothing published this week yet.")

    def show_most_read_loading(self) -> None:
        self.most_read.clear()
        self.most_read_note.setText("Asking the site…")

    def show_most_read(self, read: MostRead | None) -> None:
        self.most_read.clear()
        if read is None:
            self.most_read_note.setText("Choose a publishing target to see what its readers read.")
            self.most_read.hide()
            return
        self.most_read_note.setText(read.note)
        for item in read.items:
            entry = QListWidgetItem(f"{item.views:,} · {item.headline}")
            entry.setToolTip(item.url)
            self.most_read.addItem(entry)
        self.most_read.setVisible(read.available)

    def show_history(self, entries: list[Publication]) -> None:
        self.history.clear()
        for entry in entries:
            when = entry.at.astimezone()
            order = "; ".join(f"{n}. {p.headline}" for n, p in enumerate(entry.picks, start=1))
            item = QListWidgetItem(f"{when:%a %d %b %H:%M} · {entry.user or 'someone'} → {entry.where}\n{order}")
            item.setToolTip(entry.url or entry.where)
            self.history.addItem(item)
        if not entries:
            self.history.addItem("Not published yet.")
