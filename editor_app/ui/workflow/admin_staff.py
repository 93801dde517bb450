"""Staff accounts, for an admin: the list (user name, name, role, active, password set), add an account with
a role and a password, rename, set a password, deactivate or reactivate. Every change goes through
services.users / services.auth (which refuse anyone but an admin); what they say is shown in the dialog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor_app.domain.errors import ValidationError
from editor_app.domain.passwords import MIN_LENGTH
from editor_app.domain.workflow import Role
from editor_app.ui.editor.editor_pane import NOTE_STYLE, WARNING_STYLE
from editor_app.ui.errors import describe
from editor_app.ui.workflow.sign_in import password_box

if TYPE_CHECKING:
    from editor_app.services.actor import Actor
    from editor_app.services.users import UserInfo
    from editor_app.storage.engine import Database
    from editor_app.ui.tasks import TaskRunner


@dataclass(frozen=True)
class NewAccount:
    username: str
    display_name: str
    role: Role
    password: str


def checked_password(password: str, again: str) -> str:
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"The password is too short ({len(password)} characters).",
                              hint=f"Use at least {MIN_LENGTH} characters; a few words make a good one.")
    if password != again:
        raise ValidationError("The two passwords differ.", hint="Type the same password twice.")
    return password


class AccountDialog(QDialog):
    """A new account: user name, the name shown, role, first password (typed twice)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a staff account")
        self.username = QLineEdit(self)
        self.username.setAccessibleName("User name (lower case, for signing in)")
        self.username.setPlaceholderText("anna.petrosyan")
        self.display_name = QLineEdit(self)
        self.display_name.setAccessibleName("Name as shown")
        self.role = QComboBox(self)
        self.role.setAccessibleName("Role")
        for role in Role:
            self.role.addItem(role.label, role.value)
        self.password = password_box(self, "First password")
        self.again = password_box(self, "First password again")
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(WARNING_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Add account")
        form = QFormLayout(self)
        form.addRow("&User name", self.username)
        form.addRow("&Name", self.display_name)
        form.addRow("&Role", self.role)
        form.addRow("&Password", self.password)
        form.addRow("&Again", self.again)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self._check)
        self.buttons.rejected.connect(self.reject)

    def _check(self) -> None:
        try:
            checked_password(self.password.text(), self.again.text())
        except ValidationError as error:
            self.problem.setText(f"{error.message} {error.hint}")
            return
        self.accept()

    def account(self) -> NewAccount:
        return NewAccount(self.username.text().strip().lower(), self.display_name.text().strip(),
                          Role(self.role.currentData()), self.password.text())


class PasswordDialog(QDialog):
    def __init__(self, username: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"New password for {username}")
        self.password = password_box(self, "New password")
        self.again = password_box(self, "New password again")
        self.problem = QLabel(self)
        self.problem.setStyleSheet(WARNING_STYLE)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        form = QFormLayout(self)
        form.addRow("&Password", self.password)
        form.addRow("&Again", self.again)
        form.addRow(self.problem)
        form.addRow(buttons)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)

    def _check(self) -> None:
        try:
            checked_password(self.password.text(), self.again.text())
        except ValidationError as error:
            self.problem.setText(f"{error.message} {error.hint}")
            return
        self.accept()


def _ask_account(parent: QWidget) -> NewAccount | None:
    dialog = AccountDialog(parent)
    return dialog.account() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _ask_name(parent: QWidget, current: str) -> str | None:
    name, ok = QInputDialog.getText(parent, "Rename", "Name as shown from now on:", text=current)
    return name if ok else None


def _ask_password(parent: QWidget, username: str) -> str | None:
    dialog = PasswordDialog(username, parent)
    return dialog.password.text() if dialog.exec() == QDialog.DialogCode.Accepted else None


class StaffDialog(QDialog):
    COLUMNS = ("User name", "Name", "Role", "Active", "Password")

    def __init__(self, runner: TaskRunner, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Staff accounts")
        self.resize(640, 420)
        self.runner, self.db, self.actor = runner, db, actor
        self.accounts: list[UserInfo] = []
        self.ask_account: Callable[[], NewAccount | None] = lambda: _ask_account(self)
        self.ask_name: Callable[[str], str | None] = lambda current: _ask_name(self, current)
        self.ask_password: Callable[[str], str | None] = lambda username: _ask_password(self, username)
        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("staffTable")
        self.table.setAccessibleName("Staff accounts")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.message = QLabel("Reading the accounts…", self)
        self.message.setWordWrap(True)
        self.add_button = QPushButton("&Add…", self)
        self.rename_button = QPushButton("&Rename…", self)
        self.password_button = QPushButton("Set &Password…", self)
        self.active_button = QPushButton("&Deactivate", self)
        close = QPushButton("Close", self)
        row = QHBoxLayout()
        for button in (self.add_button, self.rename_button, self.password_button, self.active_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.add_button.clicked.connect(self.add)
        self.rename_button.clicked.connect(self.rename)
        self.password_button.clicked.connect(self.set_password)
        self.active_button.clicked.connect(self.toggle_active)
        close.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.reload()

    # --- reading ---------------------------------------------------------------------------------------
    def reload(self, said: str = "") -> None:
        from editor_app.services.users import list_users

        db, actor = self.db, self.actor
        self.runner.run(lambda: list_users(db, actor), lambda accounts: self._show(accounts, said), self._failed)

    def _show(self, accounts: list[UserInfo], said: str) -> None:
        keep = self.selected()
        self.accounts = accounts
        self.table.setRowCount(len(accounts))
        for row, info in enumerate(accounts):
            cells = (info.username, info.display_name, info.role.label, "yes" if info.active else "deactivated",
                     "set" if info.has_password else "none")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not info.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
            if keep is not None and info.username == keep.username:
                self.table.selectRow(row)
        self.table.resizeColumnsToContents()
        self._say(said or f"{len(accounts)} accounts. A deactivated account keeps its history.", NOTE_STYLE)
        self._selection_changed()

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.accounts[rows[0].row()] if rows and rows[0].row() < len(self.accounts) else None

    def select(self, username: str) -> None:
        for row, info in enumerate(self.accounts):
            if info.username == username:
                self.table.selectRow(row)

    def _selection_changed(self) -> None:
        info = self.selected()
        for button in (self.rename_button, self.password_button, self.active_button):
            button.setEnabled(info is not None)
        self.active_button.setText("&Activate" if info is not None and not info.active else "&Deactivate")

    # --- changing --------------------------------------------------------------------------------------
    def add(self) -> None:
        from editor_app.services.users import add_user

        wanted = self.ask_account()
        if wanted is None:
            return
        db, actor = self.db, self.actor
        self._change(lambda: add_user(db, actor, wanted.username, wanted.display_name or wanted.username,
                                      wanted.role, wanted.password), f"Account '{wanted.username}' added.")

    def rename(self) -> None:
        from editor_app.services.users import rename_user

        info = self.selected()
        name = self.ask_name(info.display_name) if info is not None else None
        if info is None or name is None:
            return
        db, actor = self.db, self.actor
        self._change(lambda: rename_user(db, actor, info.username, name),
                     f"'{info.username}' is now shown as “{name.strip()}”; the history keeps the old name.")

    def set_password(self) -> None:
        from editor_app.services.auth import set_password

        info = self.selected()
        password = self.ask_password(info.username) if info is not None else None
        if info is None or password is None:
            return
        db, actor = self.db, self.actor
        self._change(lambda: set_password(db, actor, info.username, password),
                     f"New password set for '{info.username}' (a sign-in pause is lifted too).")

    def toggle_active(self) -> None:
        from editor_app.services.users import set_active

        info = self.selected()
        if info is None:
            return
        db, actor, active = self.db, self.actor, not info.active
        self._change(lambda: set_active(db, actor, info.username, active),
                     f"'{info.username}' {'reactivated' if active else 'deactivated: it can no longer sign in'}.")

    def _change(self, job: Callable[[], object], said: str) -> None:
        self._say("Saving…", NOTE_STYLE)
        self.runner.run(job, lambda _result: self.reload(said), self._failed)

    def _failed(self, error: BaseException) -> None:
        message, hint = describe(error)
        self._say(f"{message} {hint}".strip(), WARNING_STYLE)

    def _say(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
