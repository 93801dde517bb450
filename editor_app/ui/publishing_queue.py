"""The publishing queue pane: every job with its progress and last error, and what one can do about it
(retry, cancel, compare an edit made on the site, publish a missed schedule now, open what was published)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from editor_app.services.publishing.outbox import JobInfo
    from editor_app.ui.publishing_jobs import Comparison

logger = logging.getLogger(__name__)

COLUMNS = ("Story", "Target", "Action", "State", "Progress", "Tries", "Last error")
STATE_COLOURS = {"failed": "#b3261e", "conflict": "#b3261e", "missed": "#9a6700", "retry": "#9a6700",
                 "done": "#1e7b34", "running": "#0b4f8a"}


NO_PASSWORD = "waits for the target's password on this computer"


def progress_text(job: JobInfo, live: tuple[int, int, str] | None = None, *, no_password: bool = False) -> str:
    if no_password and job.state.value in ("queued", "retry") and live is None:
        return NO_PASSWORD
    done, total, text = live if live is not None else (job.progress_done, job.progress_total, job.progress_text)
    if job.state.value in ("queued", "retry") and job.next_try_at is not None and live is None:
        return f"next try {job.next_try_at.astimezone():%H:%M:%S}" if job.state.value == "retry" else (
            f"waits until {job.next_try_at.astimezone():%Y-%m-%d %H:%M}")
    if total:
        return f"{done}/{total} {text}".strip()
    return text


class PublishingQueuePane(QWidget):
    """A table of jobs; the buttons act on the selected one (signals carry the job id and the action)."""

    action_wanted = Signal(int, str)  # job id, "retry" | "cancel" | "publish_now"
    compare_wanted = Signal(int)
    open_wanted = Signal(str)  # a URL
    refresh_wanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishingQueue")
        self.jobs: list[JobInfo] = []
        self.without_password: frozenset[int] = frozenset()
        self._live: dict[int, tuple[int, int, str]] = {}
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Publishing jobs")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        self.details = QTextBrowser(self)
        self.details.setObjectName("jobDetails")
        self.details.setAccessibleName("Job details")
        self.summary = QLabel(self)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, label in (("retry", "&Retry"), ("cancel", "&Cancel Job"), ("compare", "Co&mpare…"),
                           ("publish_now", "Publish &Now"), ("open", "&Open"), ("refresh", "Re&fresh")):
            button = QPushButton(label, self)
            button.setObjectName(f"queue-{key}")
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([220, 90])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(row)
        layout.addWidget(splitter, 1)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        for key in ("retry", "cancel", "publish_now"):
            self.buttons[key].clicked.connect(lambda _=False, k=key: self._act(k))
        self.buttons["compare"].clicked.connect(lambda: self._with_selected(self.compare_wanted.emit))
        self.buttons["open"].clicked.connect(self._open)
        self.buttons["refresh"].clicked.connect(self.refresh_wanted)
        self._selection_changed()

    # --- showing -----------------------------------------------------------------------------------------
    def set_jobs(self, jobs: list[JobInfo], without_password: frozenset[int] = frozenset()) -> None:
        """Show `jobs`; those on targets in `without_password` are said to wait for the password."""
        selected = self.selected()
        self.jobs = jobs
        self.without_password = without_password
        self._live = {k: v for k, v in self._live.items() if any(j.id == k and j.state.value == "running"
                                                                 for j in jobs)}
        self.table.setRowCount(len(jobs))
        for row, job in enumerate(jobs):
            self._fill(row, job)
        waiting = sum(j.state.value in ("queued", "retry", "running") for j in jobs)
        stopped = sum(j.state.value in ("failed", "conflict", "missed") for j in jobs)
        self.summary.setText(f"{waiting} waiting · {stopped} need attention" if jobs else "No publishing jobs")
        if selected is not None:
            ids = [j.id for j in jobs]
            if selected.id in ids:
                self.table.selectRow(ids.index(selected.id))
        self._selection_changed()

    def _fill(self, row: int, job: JobInfo) -> None:
        values = (job.headline or f"Story {job.story_id}", job.target_name, job.kind.label, job.state.label,
                  progress_text(job, self._live.get(job.id), no_password=job.target_id in self.without_password),
                  str(job.attempts), job.last_error)
        for column, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setData(Qt.ItemDataRole.UserRole, job.id)
            if column == 3 and job.state.value in STATE_COLOURS:
                from PySide6.QtGui import QColor

                item.setForeground(QColor(STATE_COLOURS[job.state.value]))
            if column == len(values) - 1 and job.error_hint:
                item.setToolTip(f"{job.last_error}\n\n{job.error_hint}")
            self.table.setItem(row, column, item)

    def show_progress(self, job_id: int, done: int, total: int, text: str) -> None:
        """Live progress from the running job (between database refreshes)."""
        self._live[job_id] = (done, total, text)
        for row, job in enumerate(self.jobs):
            if job.id == job_id:
                item = self.table.item(row, 4)
                if item is not None:
                    item.setText(progress_text(job, (done, total, text)))

    def selected(self) -> JobInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self.jobs[rows[0].row()] if rows and rows[0].row() < len(self.jobs) else None

    def select_job(self, job_id: int) -> None:
        ids = [j.id for j in self.jobs]
        if job_id in ids:
            self.table.selectRow(ids.index(job_id))

    def _selection_changed(self) -> None:
        job = self.selected()
        state = job.state.value if job else ""
        self.buttons["retry"].setEnabled(state in ("failed", "retry", "cancelled", "queued", "missed"))
        self.buttons["cancel"].setEnabled(state in ("queued", "retry", "running", "failed", "conflict", "missed"))
        self.buttons["compare"].setEnabled(state == "conflict")
        self.buttons["publish_now"].setEnabled(state == "missed")
        self.buttons["open"].setEnabled(bool(job and job.result_url))
        self.details.setPlainText(self._describe(job) if job else "")

    def _describe(self, job: JobInfo) -> str:
        lines = [f"{job.kind.label} “{job.headline}” on {job.target_name}: {job.state.label.lower()}"
                 + (f" (asked by {job.requested_by})" if job.requested_by else "")]
        if job.target_id in self.without_password and job.state.value in ("queued", "retry"):
            lines += ["", f"It {NO_PASSWORD}: enter it in Publishing → Publishing Targets (a computer without a "
                          "secure keyring keeps it only until the app closes)."]
        if job.last_error:
            lines += ["", job.last_error]
        if job.error_hint:
            lines.append(job.error_hint)
        if job.result_url:
            lines += ["", job.result_url]
        if job.journal:
            lines += ["", "What was done:", *(f"  • {line}" for line in job.journal[-12:])]
        return "\n".join(lines)

    # --- acting -------------------------------------------------------------------------------------------
    def _with_selected(self, act: object) -> None:
        job = self.selected()
        if job is not None and callable(act):
            act(job.id)

    def _act(self, action: str) -> None:
        job = self.selected()
        if job is not None:
            self.action_wanted.emit(job.id, action)

    def _open(self) -> None:
        job = self.selected()
        if job is not None and job.result_url:
            self.open_wanted.emit(job.result_url)


class ConflictDialog(QDialog):
    """The site's version beside the app's; overwrite the site's edit, or keep it."""

    decided = Signal(int, str)  # job id, "overwrite" | "keep"

    def __init__(self, comparison: Comparison, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        view = comparison.view
        self.job_id = view.job_id
        self.setWindowTitle(f"“{view.headline}” was edited on {view.target_name}")
        self.resize(980, 620)
        intro = QLabel(f"Someone changed this story on {view.target_name} (at {view.remote_modified} UTC) after the "
                       "app last published it. The site's version is on the left, the app's on the right.", self)
        intro.setWordWrap(True)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("conflictDiff")
        self.browser.setHtml(comparison.html)
        buttons = QDialogButtonBox(self)
        self.overwrite = buttons.addButton("&Overwrite the Site's Version", QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep = buttons.addButton("&Keep the Site's Version", QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.overwrite.clicked.connect(lambda: self._decide("overwrite"))
        self.keep.clicked.connect(lambda: self._decide("keep"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def _decide(self, decision: str) -> None:
        self.decided.emit(self.job_id, decision)
        self.accept()
