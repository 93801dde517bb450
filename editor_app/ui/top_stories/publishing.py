"""The board's sending out: Publish (a `top_stories` job on the chosen target's queue, the picks not on the target
offered to be published first), the job's progress as the publishing queue runs it, the newsletter, and the
"Most read" panel for the chosen target (network work, on the network lane)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from editor_app.ui.tasks import Lane, TaskRunner
from editor_app.ui.top_stories import jobs
from editor_app.ui.top_stories.bars import PublishBar
from editor_app.ui.top_stories.panels import SidePanels

if TYPE_CHECKING:
    from editor_app.domain.weeks import IsoWeek
    from editor_app.services.actor import Actor
    from editor_app.services.publishing.outbox import JobInfo
    from editor_app.services.top_stories_publish import TopStoriesQueued
    from editor_app.storage.engine import Database

Context = Callable[[], "tuple[Database, Actor, IsoWeek] | None"]


class BoardPublishing(QObject):
    failed = Signal(object)
    message = Signal(str)
    job_queued = Signal(int)  # run the publishing queue
    published = Signal()  # our roundup job ended: the history changed

    def __init__(self, runner: TaskRunner, bar: PublishBar, panels: SidePanels, context: Context,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self._runner = runner
        self.bar = bar
        self.panels = panels
        self._context = context
        self._parent = parent
        self.jobs: set[int] = set()
        self.missing_box: QMessageBox | None = None
        bar.publish.connect(self.publish)
        bar.newsletter.connect(self.write_newsletter)
        bar.target_changed.connect(self.refresh_most_read)

    def refresh_most_read(self) -> None:
        context, target_id = self._context(), self.bar.target_id()
        if context is None or target_id is None:
            self.panels.show_most_read(None)
            return
        db, actor, _week = context
        self.panels.show_most_read_loading()
        self._runner.run(lambda: jobs.most_read(db, actor, target_id), self.panels.show_most_read,
                         self.failed.emit, lane=Lane.NETWORK)

    def publish(self, *, publish_missing: bool = False) -> None:
        context, target_id = self._context(), self.bar.target_id()
        if context is None or target_id is None:
            return
        db, actor, week = context
        sticky = self.bar.sticky.isChecked()
        self.bar.busy("Queueing…")

        def failed(error: BaseException) -> None:
            from editor_app.services.top_stories_publish import PicksNotPublishedError

            self.bar.finished("")
            if isinstance(error, PicksNotPublishedError) and not publish_missing:
                self._offer_missing(error)
            else:
                self.failed.emit(error)

        self._runner.run(lambda: jobs.publish(db, actor, week, target_id, publish_missing=publish_missing,
                                              sticky_first=sticky), self._queued, failed)

    def _offer_missing(self, error: BaseException) -> None:
        from editor_app.services.top_stories_publish import PicksNotPublishedError

        assert isinstance(error, PicksNotPublishedError)
        them = "them" if len(error.headlines) > 1 else "it"
        box = QMessageBox(QMessageBox.Icon.Question, "Publish the picks first?",
                          f"{error.message}\n\nPublish {them} now, just before the top stories?",
                          QMessageBox.StandardButton.Cancel, self._parent)
        go = box.addButton(f"Publish {them.capitalize()} Too", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(go)
        go.clicked.connect(lambda: self.publish(publish_missing=True))
        box.open()
        self.missing_box = box

    def _queued(self, queued: TopStoriesQueued) -> None:
        self.jobs = {queued.job.id, *(j.id for j in queued.story_jobs)}
        first = f"{len(queued.story_jobs)} stories, then " if queued.story_jobs else ""
        self.bar.busy(f"Publishing {first}the top stories to {queued.job.target_name}…")
        for job_id in sorted(self.jobs):
            self.job_queued.emit(job_id)

    def show_job_progress(self, job_id: int, done: int, total: int, text: str) -> None:
        if job_id in self.jobs:
            self.bar.step(done, total, text)

    def jobs_finished(self, ran: list[JobInfo]) -> None:
        """The queue ran: say how our roundup job ended."""
        for job in ran:
            if job.id not in self.jobs or job.kind.value != "top_stories":
                continue
            if job.state.value == "done":
                link = f'<a href="{job.result_url}">{job.result_url}</a>' if job.result_url else ""
                self.bar.finished(f"Published to {job.target_name}. {link}")
                self.message.emit(f"Top stories published to {job.target_name}.")
            elif job.state.value in ("queued", "retry"):  # it waits (for its picks, or the network): still ours
                self.bar.step(0, 1, f"{job.state.label}: {job.last_error or job.progress_text}".strip())
                continue
            else:
                self.bar.finished(f"{job.state.label}: {job.last_error} {job.error_hint}".strip())
            self.jobs.clear()
            self.published.emit()

    def write_newsletter(self, folder: Path | None = None) -> None:
        context, target_id = self._context(), self.bar.target_id()
        if context is None or target_id is None:
            return
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(self._parent, "Write the newsletter into", str(Path.home()))
            if not chosen:
                return
            folder = Path(chosen)
        db, actor, week = context
        where = folder
        self._runner.run(lambda: jobs.newsletter(db, actor, week, target_id, where),
                         lambda html: self.message.emit(f"Newsletter written: {html} (and newsletter.txt)."),
                         self.failed.emit)
