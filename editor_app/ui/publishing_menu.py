"""The Publishing menu, the queue dock and the desk's queue runner, installed into the main window by one call.

`install_publishing(window)` adds the menu (Publish Story, Unpublish Story, Publishing Queue, Targets, Open
Local Site in Browser) and a dock with the queue pane. Once the newsroom is open, due jobs run on the network
lane (never on the GUI thread): at once, after every request, and every QUEUE_INTERVAL_MS for retries and
schedules. Closing the window stops the runner between jobs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDockWidget, QInputDialog, QMenu

from editor_app.ui import publishing_jobs as jobs
from editor_app.ui.publishing_queue import ConflictDialog, PublishingQueuePane
from editor_app.ui.publishing_targets import TargetsDialog
from editor_app.ui.tasks import Lane, TaskHandle

if TYPE_CHECKING:
    from editor_app.services.actor import Actor
    from editor_app.services.publishing.outbox import JobInfo
    from editor_app.services.publishing.targets import TargetInfo
    from editor_app.storage.engine import Database
    from editor_app.ui.main_window import MainWindow
    from editor_app.ui.newsroom_jobs import OpenedNewsroom

logger = logging.getLogger(__name__)

QUEUE_INTERVAL_MS = 15_000
TargetChooser = Callable[[list["TargetInfo"]], "TargetInfo | None"]


class PublishingUi(QObject):
    """Everything publishing adds to the main window; `window.publishing` holds it."""

    job_progress = Signal(int, int, int, str)  # job id, done, total, what it does (other panes follow their jobs)
    ran = Signal(list)  # the JobInfos of a queue run, as each run ends

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.runner = window.runner
        self.db: Database | None = None
        self.actor: Actor | None = None
        self.targets_dialog: TargetsDialog | None = None
        self.conflict_dialog: ConflictDialog | None = None
        self.open_url: Callable[[str], object] = lambda url: QDesktopServices.openUrl(QUrl(url))
        self.choose_target: TargetChooser = self._ask_for_target
        self._drain: TaskHandle | None = None
        self._draining = False
        self._again = False

        self.queue = PublishingQueuePane(window)
        self.dock = QDockWidget("Publishing queue", window)
        self.dock.setObjectName("publishingDock")
        self.dock.setWidget(self.queue)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.dock)
        self.dock.hide()
        self._create_actions()
        self.timer = QTimer(self)
        self.timer.setInterval(QUEUE_INTERVAL_MS)
        self.timer.timeout.connect(self.run_queue)

        window.hub.newsroom_opened.connect(self.set_newsroom)
        self.queue.action_wanted.connect(self.job_action)
        self.queue.compare_wanted.connect(self.compare)
        self.queue.open_wanted.connect(lambda url: self.open_url(url))  # noqa: PLW0108 - open_url may be swapped
        self.queue.refresh_wanted.connect(self.refresh)
        window.installEventFilter(self)

    def _action(self, text: str, shortcut: str | None, tip: str) -> QAction:
        action = QAction(text, self.window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setEnabled(False)
        return action

    def _create_actions(self) -> None:
        self.publish_action = self._action("&Publish Story…", "Ctrl+Shift+P", "Publish the selected story")
        self.unpublish_action = self._action("&Unpublish Story…", None, "Take the selected story off a target")
        self.targets_action = self._action("Publishing &Targets…", None, "Add, edit and test publishing targets")
        self.open_site_action = self._action("Open Local Site in &Browser", None, "Open the local site's home page")
        self.queue_action = self.dock.toggleViewAction()
        self.queue_action.setText("Publishing &Queue")
        self.queue_action.setShortcut(QKeySequence("Ctrl+Shift+U"))
        menu = QMenu("P&ublishing", self.window)
        menu.addActions([self.publish_action, self.unpublish_action])
        menu.addSeparator()
        menu.addActions([self.queue_action, self.targets_action, self.open_site_action])
        bar = self.window.menuBar()
        help_menu = bar.actions()[-1] if bar.actions() else None
        bar.insertMenu(help_menu, menu) if help_menu is not None else bar.addMenu(menu)
        self.menu = menu
        # lambdas drop the `checked` argument triggered() passes
        self.publish_action.triggered.connect(lambda: self.publish_selected())  # noqa: PLW0108
        self.unpublish_action.triggered.connect(lambda: self.publish_selected(unpublish=True))
        self.targets_action.triggered.connect(lambda: self.open_targets())  # noqa: PLW0108
        self.open_site_action.triggered.connect(self.open_local_site)

    # --- the newsroom and the queue ----------------------------------------------------------------------
    def set_newsroom(self, opened: OpenedNewsroom) -> None:
        self.db, self.actor = opened.db, opened.actor
        for action in (self.publish_action, self.unpublish_action, self.targets_action, self.open_site_action):
            action.setEnabled(True)
        self.refresh()
        self.run_queue()
        self.timer.start()

    def refresh(self) -> None:
        if self.db is None or self.actor is None:
            return
        db, actor = self.db, self.actor
        self.runner.run(lambda: jobs.queue_state(db, actor),
                        lambda state: self.queue.set_jobs(state.jobs, state.without_password), self.window.report)

    def run_queue(self) -> None:
        """Run due jobs on the network lane; asked again while running, it runs once more afterwards."""
        if self.db is None:
            return
        if self._draining:
            self._again = True
            return
        db = self.db
        self._draining = True
        handle = self.runner.start(lambda control: jobs.drain_queue(db, control), self._drained,
                                   self._drain_failed, lane=Lane.NETWORK, on_progress=self._progress)
        self._drain = handle if self._draining else None  # a synchronous runner has finished already

    def _drained(self, ran: list[JobInfo]) -> None:
        self._drain, self._draining = None, False
        self.ran.emit(ran)
        if ran:
            self.refresh()
            self.window.hub.stories_changed.emit()  # published, unpublished: the list shows the new status
            done = sum(j.state.value == "done" for j in ran)
            stopped = len(ran) - done
            self.window.hub.message.emit(f"Publishing: {done} done" + (f", {stopped} need attention" if stopped
                                                                        else "") + ".")
        if self._again:
            self._again = False
            self.run_queue()

    def _drain_failed(self, error: BaseException) -> None:
        self._drain, self._draining = None, False
        self.window.report(error)

    def _progress(self, done: int, total: int, text: str) -> None:
        job_id, _, what = text.partition(jobs.SEPARATOR)
        if job_id.isdigit():
            self.job_progress.emit(int(job_id), done, total, what)
            if not any(j.id == int(job_id) and j.state.value == "running" for j in self.queue.jobs):
                self.refresh()  # it just started: show it as running
            self.queue.show_progress(int(job_id), done, total, what)

    def stop(self) -> None:
        """Stop the runner between jobs (the window is closing)."""
        self.timer.stop()
        if self._drain is not None:
            self._drain.cancel()
        self._drain, self._draining = None, False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.stop()
        return False

    # --- publishing a story ------------------------------------------------------------------------------
    def publish_selected(self, *, unpublish: bool = False) -> None:
        story_id = self.window.list_pane.current_story_id()
        if story_id is None:
            self.window.hub.message.emit("Choose a story in the list first.")
            return
        self.publish_story(story_id, unpublish=unpublish)

    def publish_story(self, story_id: int, *, unpublish: bool = False) -> None:
        """Publish (or unpublish) `story_id` through the queue, asking which target when there are several."""
        if self.db is None or self.actor is None:
            return
        db, actor = self.db, self.actor

        def targets_known(state: jobs.TargetsState) -> None:
            if not state.targets:
                self.window.hub.message.emit("Add a publishing target first: a local site needs only a folder.")
                self.open_targets(suggest_local=True)
                return
            target = state.targets[0] if len(state.targets) == 1 else self.choose_target(state.targets)
            if target is not None:
                self._enqueue(story_id, target, unpublish)

        self.runner.run(lambda: jobs.targets_state(db, actor), targets_known, self.window.report)

    def _ask_for_target(self, targets: list[TargetInfo]) -> TargetInfo | None:
        names = [t.name for t in targets]
        name, ok = QInputDialog.getItem(self.window, "Publish", "Publish to:", names, 0, False)
        return targets[names.index(name)] if ok and name in names else None

    def _enqueue(self, story_id: int, target: TargetInfo, unpublish: bool) -> None:
        assert self.db is not None and self.actor is not None
        db, actor = self.db, self.actor

        def queued(job: JobInfo) -> None:
            verb = "Unpublishing" if unpublish else "Publishing"
            self.window.hub.message.emit(f"{verb} “{job.headline}” on {job.target_name}…")
            self.dock.show()
            self.refresh()
            self.run_queue()

        self.runner.run(lambda: jobs.enqueue(db, actor, story_id, target.id, unpublish=unpublish), queued,
                        self.window.report)

    # --- targets, jobs, the site ------------------------------------------------------------------------------
    def open_targets(self, *, suggest_local: bool = False) -> TargetsDialog | None:
        if self.db is None or self.actor is None:
            return None
        dialog = TargetsDialog(self.runner, self.db, self.actor, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.targets_changed.connect(self.refresh)
        dialog.targets_changed.connect(self.run_queue)
        dialog.failed.connect(self.window.report)
        if suggest_local:
            dialog.start_new(name="Local site", kind="local", path=str(jobs.default_site_folder(self.db)))
        dialog.open()
        self.targets_dialog = dialog
        return dialog

    def job_action(self, job_id: int, action: str) -> None:
        if self.db is None or self.actor is None:
            return
        db, actor = self.db, self.actor

        def done(_job: Any) -> None:
            self.refresh()
            self.run_queue()

        self.runner.run(lambda: jobs.job_action(db, actor, job_id, action), done, self.window.report)

    def compare(self, job_id: int) -> None:
        if self.db is None or self.actor is None:
            return
        db, actor = self.db, self.actor

        def show(comparison: jobs.Comparison) -> None:
            dialog = ConflictDialog(comparison, self.window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.decided.connect(self.job_action)
            dialog.open()
            self.conflict_dialog = dialog

        self.runner.run(lambda: jobs.compare(db, actor, job_id), show, self.window.report)

    def open_local_site(self) -> None:
        if self.db is None or self.actor is None:
            return
        db, actor = self.db, self.actor

        def found(url: str) -> None:
            if url:
                self.open_url(url)
            else:
                self.window.hub.message.emit("No local site has been published yet.")

        self.runner.run(lambda: jobs.local_home(db, actor), found, self.window.report)


def install_publishing(window: MainWindow) -> PublishingUi:
    """Add publishing to the main window (menu, queue dock, queue runner); the one hook main_window calls."""
    return PublishingUi(window)
