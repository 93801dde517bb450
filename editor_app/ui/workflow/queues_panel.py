"""The workflow queues in a sidebar with their counts (My drafts, Awaiting review, Changes requested,
Approved, Scheduled, Published this week, as services.queues defines them for the user). Choosing one lists
its stories; "All stories" goes back to the filtered list. Counts are read again whenever stories change."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from editor_app.ui.workflow import jobs

if TYPE_CHECKING:
    from editor_app.ui.newsroom_jobs import OpenedNewsroom
    from editor_app.ui.story_list_pane import StoryListPane
    from editor_app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

KEY_ROLE = Qt.ItemDataRole.UserRole
ALL = ""  # the key of "All stories"


class QueuesPanel(QWidget):
    queue_chosen = Signal(str, str)  # key ("" for all stories), label

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("queuesPanel")
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("queueList")
        self.tree.setAccessibleName("Workflow queues")
        self.tree.setColumnCount(2)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.counts: dict[str, int] = {}
        self._items: dict[str, QTreeWidgetItem] = {}
        self._pending = ""  # a queue chosen before the counts (and with them the queues) arrived
        self._add(ALL, "All stories")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tree)
        self.tree.itemClicked.connect(lambda item, _column: self._chosen(item))
        self.tree.itemActivated.connect(lambda item, _column: self._chosen(item))
        self.select(ALL)

    def _add(self, key: str, label: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([label, ""])
        item.setData(0, KEY_ROLE, key)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.tree.addTopLevelItem(item)
        self._items[key] = item
        return item

    def set_counts(self, counts: list[jobs.QueueCount]) -> None:
        for queue in counts:
            item = self._items.get(queue.key) or self._add(queue.key, queue.label)
            item.setText(1, str(queue.count))
            font = item.font(0)
            font.setBold(queue.count > 0)
            item.setFont(0, font)
            item.setFont(1, font)
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{queue.label}: {queue.count}")
            self.counts[queue.key] = queue.count
        self.tree.resizeColumnToContents(1)
        pending, self._pending = self._pending, ""
        if pending:
            self.select(pending, emit=True)

    def label_of(self, key: str) -> str:
        item = self._items.get(key)
        return item.text(0) if item is not None else key

    def count_of(self, label: str) -> int | None:
        """The count shown beside the queue called `label` (None before the counts arrive)."""
        for key, item in self._items.items():
            if item.text(0) == label and key in self.counts:
                return self.counts[key]
        return None

    def select(self, key: str, *, emit: bool = False) -> None:
        item = self._items.get(key)
        if item is None:
            self._pending = key if emit else ""
            return
        self.tree.setCurrentItem(item)
        if emit:
            self._chosen(item)

    def _chosen(self, item: QTreeWidgetItem) -> None:
        self.queue_chosen.emit(str(item.data(0, KEY_ROLE)), item.text(0))


class QueuesController(QObject):
    """Counts for the panel and the queue's pages for the story list."""

    def __init__(self, runner: TaskRunner, panel: QueuesPanel, list_pane: StoryListPane,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.panel = panel
        self.list_pane = list_pane
        self.newsroom: OpenedNewsroom | None = None
        self._in_flight = False
        self._again = False
        panel.queue_chosen.connect(self.show_queue)
        list_pane.queue_left.connect(lambda: panel.select(ALL))

    def set_newsroom(self, newsroom: OpenedNewsroom | None) -> None:
        self.newsroom = newsroom
        self.panel.select(ALL)
        self.refresh()

    def refresh(self) -> None:
        """Count the queues again (one count at a time; a request meanwhile counts once more after it)."""
        newsroom = self.newsroom
        if newsroom is None:
            return
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        db, actor, zone = newsroom.db, newsroom.actor, newsroom.settings.tz
        self.runner.run(lambda: jobs.queue_counts(db, actor, zone), self._counted, self._failed)

    def _counted(self, counts: list[jobs.QueueCount]) -> None:
        self._in_flight = False
        self.panel.set_counts(counts)
        if self._again:
            self._again = False
            self.refresh()

    def _failed(self, error: BaseException) -> None:
        self._in_flight = False
        logger.info("counting the queues failed: %s", error)

    def show_queue(self, key: str, label: str) -> None:
        newsroom = self.newsroom
        if newsroom is None:
            return
        if key == ALL:
            self.list_pane.clear_filters()
            return
        db, actor, zone = newsroom.db, newsroom.actor, newsroom.settings.tz
        self.list_pane.show_queue(label, lambda offset: jobs.queue_page(db, actor, key, offset, zone))
