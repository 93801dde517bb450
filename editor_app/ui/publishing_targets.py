"""Publishing → Targets: add, edit, test and remove where stories go (a local site folder, a WordPress site).

The Application Password field is never filled from storage: it goes to the OS keyring (or, without a secure
keyring, this session only, as the dialog says) and an empty field keeps what is stored.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.errors import KnownError
from editor_app.ui import publishing_jobs as jobs
from editor_app.ui.errors import describe
from editor_app.ui.tasks import Lane, TaskRunner

if TYPE_CHECKING:
    from editor_app.services.actor import Actor
    from editor_app.services.publishing.targets import CheckReport, TargetInfo
    from editor_app.storage.engine import Database

logger = logging.getLogger(__name__)

KINDS = (("local", "Local site (a folder)"), ("wordpress", "WordPress (REST API)"))


class TargetsDialog(QDialog):
    """The list of targets on the left, the chosen one's form on the right."""

    targets_changed = Signal()
    failed = Signal(object)  # a bug: the main window's crash dialog and log

    def __init__(self, runner: TaskRunner, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("targetsDialog")
        self.setWindowTitle("Publishing targets")
        self.resize(760, 440)
        self._runner, self._db, self._actor = runner, db, actor
        self._targets: list[TargetInfo] = []
        self._current: TargetInfo | None = None

        self.list = QListWidget(self)
        self.list.setAccessibleName("Publishing targets")
        self.list.setSpacing(3)
        self.new_button = QPushButton("&New Target", self)
        self.name = QLineEdit(self)
        self.kind = QComboBox(self)
        for value, label in KINDS:
            self.kind.addItem(label, value)
        self.path = QLineEdit(self)
        self.path.setPlaceholderText("The folder the site is written to")
        self.browse = QPushButton("Browse…", self)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://news.example.org")
        self.user = QLineEdit(self)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.keyring_note = QLabel(self)
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setObjectName("keyringNote")
        self.check_result = QLabel(self)
        self.check_result.setWordWrap(True)
        self.check_result.setObjectName("targetCheckResult")
        self.check_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton("&Save", self)
        self.test_button = QPushButton("&Test Connection", self)
        self.remove_button = QPushButton("&Remove", self)
        for widget, name in ((self.name, "Target name"), (self.kind, "Kind of target"), (self.path, "Site folder"),
                             (self.url, "Site address"), (self.user, "WordPress user"),
                             (self.password, "Application Password")):
            widget.setAccessibleName(name)
        self._layout()
        self.list.currentRowChanged.connect(self._row_changed)
        self.new_button.clicked.connect(self.start_new)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.browse.clicked.connect(self._choose_folder)
        self.save_button.clicked.connect(self.save)
        self.test_button.clicked.connect(self.test)
        self.remove_button.clicked.connect(self.remove)
        self._kind_changed()
        self.reload()

    def _layout(self) -> None:
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.path, 1)
        folder_row.addWidget(self.browse)
        self.form = QFormLayout()
        self.form.addRow("&Name:", self.name)
        self.form.addRow("&Kind:", self.kind)
        folder_label = QLabel("&Folder:", self)
        folder_label.setBuddy(self.path)  # a row holding a layout gets no buddy by itself
        self.form.addRow(folder_label, folder_row)
        self.form.addRow("&Address:", self.url)
        self.form.addRow("&User:", self.user)
        self.form.addRow("Application &Password:", self.password)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.test_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QVBoxLayout()
        right.addLayout(self.form)
        right.addWidget(self.keyring_note)
        right.addLayout(buttons)
        right.addWidget(self.check_result, 1)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 5)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)

    # --- loading ---------------------------------------------------------------------------------------------
    def reload(self, select: str | None = None) -> None:
        db, actor = self._db, self._actor
        self._runner.run(lambda: jobs.targets_state(db, actor), lambda state: self._loaded(state, select),
                         self._failed)

    def _loaded(self, state: jobs.TargetsState, select: str | None) -> None:
        self._targets = state.targets
        self.keyring_note.setText(state.keyring.explanation)
        chosen = select or (self._current.name if self._current else None)
        self.list.blockSignals(True)
        self.list.clear()
        for target in state.targets:
            item = QListWidgetItem(f"{target.name}\n{target.where}")
            item.setToolTip(target.where)
            self.list.addItem(item)
        self.list.blockSignals(False)
        names = [t.name for t in state.targets]
        if chosen in names:
            self.list.setCurrentRow(names.index(chosen))
        elif state.targets and self._current is not None:
            self.list.setCurrentRow(0)
        elif not state.targets and not self.name.text():
            self.start_new()

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self._targets):
            self.show_target(self._targets[row])

    def show_target(self, target: TargetInfo) -> None:
        self._current = target
        self.name.setText(target.name)
        self.kind.setCurrentIndex(self.kind.findData(target.kind.value))
        self.kind.setEnabled(False)  # a target's kind never changes
        self.path.setText(target.path)
        self.url.setText(target.url)
        self.user.setText(target.username)
        self.password.clear()
        where = {"keyring": "stored in the system keyring", "session": "kept for this session only",
                 "none": "not given on this computer"}[target.password.value]
        self.password.setPlaceholderText(f"Leave empty to keep it ({where})")
        self.check_result.clear()
        self.remove_button.setEnabled(True)
        self.test_button.setEnabled(True)

    def start_new(self, *, name: str = "", kind: str = "local", path: str = "") -> None:
        """An empty form (or one filled with a suggestion) for a new target."""
        self._current = None
        self.list.clearSelection()
        self.name.setText(name)
        self.kind.setEnabled(True)
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self.path.setText(path)
        self.url.clear()
        self.user.clear()
        self.password.clear()
        self.password.setPlaceholderText("Users → Profile → Application Passwords in WordPress")
        self.check_result.clear()
        self.remove_button.setEnabled(False)
        self.test_button.setEnabled(False)
        self.name.setFocus()

    def _kind_changed(self) -> None:
        local = self.kind.currentData() == "local"
        for widget in (self.path, self.browse):
            widget.setEnabled(local)
        for widget in (self.url, self.user, self.password):
            widget.setEnabled(not local)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder for the local site", self.path.text())
        if folder:
            self.path.setText(folder)

    # --- actions ------------------------------------------------------------------------------------------
    def save(self) -> None:
        db, actor, current = self._db, self._actor, self._current
        spec = jobs.spec(self.name.text(), str(self.kind.currentData()), path=self.path.text(), url=self.url.text(),
                         username=self.user.text(), options=dict(current.options) if current else {})
        password = self.password.text()
        self.password.clear()

        def saved(target: TargetInfo) -> None:
            self._current = target
            self.show_result(True, f"Saved “{target.name}”.", self._password_note(target, bool(password)))
            self.targets_changed.emit()
            self.reload(select=target.name)

        self._runner.run(lambda: jobs.save_target(db, actor, current, spec, password), saved, self._failed)

    @staticmethod
    def _password_note(target: TargetInfo, given: bool) -> list[str]:
        if not given or target.kind.value != "wordpress":
            return []
        if target.password.value == "session":
            return ["There is no secure keyring on this computer: the password is kept until the app closes."]
        return ["The password is in the system keyring."]

    def test(self) -> None:
        if self._current is None:
            return
        db, actor, target_id = self._db, self._actor, self._current.id
        self.check_result.setText("Testing…")
        self.test_button.setEnabled(False)

        def tested(report: CheckReport) -> None:
            self.test_button.setEnabled(True)
            self.show_result(report.ok, report.summary, list(report.details))

        def failed(error: BaseException) -> None:
            self.test_button.setEnabled(True)
            self._failed(error)

        self._runner.run(lambda: jobs.check_target(db, actor, target_id), tested, failed, lane=Lane.NETWORK)

    def remove(self) -> None:
        if self._current is None:
            return
        db, actor, target = self._db, self._actor, self._current

        def removed(_: Any) -> None:
            self.show_result(True, f"Removed “{target.name}”. What it published stays on the site.", [])
            self._current = None
            self.targets_changed.emit()
            self.start_new()
            self.reload()

        self._runner.run(lambda: jobs.remove_target(db, actor, target.id), removed, self._failed)

    def show_result(self, ok: bool, summary: str, details: list[str]) -> None:
        mark = "✔" if ok else "✘"
        self.check_result.setText("\n".join([f"{mark} {summary}", *details]))

    def _failed(self, error: BaseException) -> None:
        """A KnownError is said in place; a bug also goes to the one error path."""
        message, hint = describe(error)
        self.show_result(False, message, [hint] if hint else [])
        if not isinstance(error, KnownError):
            self.failed.emit(error)
