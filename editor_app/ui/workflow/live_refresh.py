"""Live refresh: every 1.5 seconds the database lane asks the change feed (services.changes) what other
desks committed; a quiet newsroom costs no query (SQLite's data_version, PostgreSQL's NOTIFY). What
changed is handed on as a ChangeBatch; `ListRefresher` updates the story list without reloading it
where it can."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from editor_app.domain.stories import SortKey, StoryFilter, StoryRow
from editor_app.ui.workflow import jobs

if TYPE_CHECKING:
    from editor_app.services.changes import ChangeBatch, ChangeFeed
    from editor_app.ui.newsroom_jobs import OpenedNewsroom
    from editor_app.ui.story_list_pane import StoryListPane
    from editor_app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)

POLL_MS = 1500
FIRST_PAGE = 200  # services.story_list.PAGE_SIZE: past it the user has scrolled, and a reload would jump


class LiveRefresh(QObject):
    changed = Signal(object)  # a ChangeBatch that is not empty

    def __init__(self, runner: TaskRunner, interval_ms: int = POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.feed: ChangeFeed | None = None
        self._in_flight = False
        self._failures = 0
        self.timer = QTimer(self, interval=interval_ms)
        self.timer.timeout.connect(self.poll_now)

    def start(self, newsroom: OpenedNewsroom) -> None:
        self.stop()
        db, actor = newsroom.db, newsroom.actor
        self.runner.run(lambda: jobs.open_feed(db, actor), self._started,
                        lambda error: logger.warning("no live refresh: %s", error))

    def _started(self, feed: ChangeFeed) -> None:
        self.feed = feed
        self.timer.start()

    def poll_now(self) -> None:
        """Ask the feed once (skipped while the previous question is still on the lane)."""
        feed = self.feed
        if feed is None or self._in_flight:
            return
        self._in_flight = True
        self.runner.run(feed.poll, self._polled, self._poll_failed)

    def _polled(self, batch: ChangeBatch) -> None:
        self._in_flight = False
        self._failures = 0
        if not batch.empty:
            self.changed.emit(batch)

    def _poll_failed(self, error: BaseException) -> None:
        self._in_flight = False
        self._failures += 1
        if self._failures in (1, 10, 100):  # the server is away: say so in the log, not on every tick
            logger.warning("live refresh failed (%d in a row): %s", self._failures, error)

    def stop(self) -> None:
        """Stop polling and close the feed's connection (on the database lane, after what is queued)."""
        self.timer.stop()
        feed, self.feed = self.feed, None
        if feed is not None:
            self.runner.run(feed.close, lambda _none: None, lambda error: logger.debug("closing the feed: %s", error))


def may_show(row: StoryRow, flt: StoryFilter) -> bool:
    """Whether the row belongs in a list filtered by `flt` (search text aside: only the index knows)."""
    return ((flt.status is None or row.status is flt.status) and (not flt.section or row.section == flt.section)
            and (not flt.week or row.week == flt.week))


class ListRefresher(QObject):
    """Keeps the story list current: changed lines in place; a page reload only when a story may have
    joined or left what the list shows (and the user has not scrolled past the first page)."""

    def __init__(self, runner: TaskRunner, pane: StoryListPane, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.pane = pane
        self.newsroom: OpenedNewsroom | None = None

    def changed(self, batch: ChangeBatch) -> None:
        newsroom = self.newsroom
        if newsroom is None:
            return
        if batch.reload_all:
            self.pane.reload()
            return
        self.refresh_ids(sorted(story_id for story_id, kinds in batch.stories.items()
                                if any(k.value == "story" for k in kinds)))

    def refresh_ids(self, ids: list[int]) -> None:
        """Read these stories' lines again and show them (reloading the page only when it must)."""
        newsroom = self.newsroom
        if newsroom is None or not ids:
            return
        db, actor = newsroom.db, newsroom.actor
        self.runner.run(lambda: jobs.story_rows(db, actor, ids), self._rows_read,
                        lambda error: logger.info("refreshing list rows failed: %s", error))

    def _rows_read(self, rows: list[StoryRow]) -> None:
        pane, model = self.pane, self.pane.model
        before = {row.id: row for row in model.update_rows(rows)}
        flt = pane.current_filter
        moved = any(before[row.id].status is not row.status for row in rows if row.id in before)
        newcomers = [row for row in rows if row.id not in before]
        if pane.queue is not None:
            stale = moved or bool(newcomers)
        elif flt.search:
            stale = False  # only the search index knows whether a newcomer matches: it waits for a reload
        else:
            newest_first = flt.sort is SortKey.UPDATED and flt.descending
            oldest = min((r.updated for r in model.rows()), default=None)
            stale = any(not may_show(row, flt) for row in rows if row.id in before) or any(
                may_show(row, flt) and (not newest_first or oldest is None or row.updated >= oldest)
                for row in newcomers)
        if stale and model.rowCount() <= FIRST_PAGE:
            pane.reload()
