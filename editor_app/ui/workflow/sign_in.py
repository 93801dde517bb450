"""The two questions a shared newsroom asks before its story list opens: the database's own password (when
the address has none and the keyring keeps none), and who is signing in (user name and password). Each
dialog shows what went wrong in place and stays open; the work happens on the database lane."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from editor_app.ui.editor.editor_pane import NOTE_STYLE, WARNING_STYLE


def password_box(parent: QWidget, accessible: str) -> QLineEdit:
    box = QLineEdit(parent)
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setAccessibleName(accessible)
    return box


class SignInDialog(QDialog):
    """User name and password for a shared newsroom."""

    sign_in_wanted = Signal(str, str)  # user name, password

    def __init__(self, newsroom: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle("Sign in to the newsroom")
        self.setMinimumWidth(420)
        self.where = QLabel(f"Sign in to {newsroom}.", self)
        self.where.setWordWrap(True)
        self.username = QLineEdit(self)
        self.username.setObjectName("signInUser")
        self.username.setAccessibleName("User name")
        self.username.setPlaceholderText("your user name, e.g. anna.petrosyan")
        self.password = password_box(self, "Password")
        self.password.setObjectName("signInPassword")
        self.message = QLabel(self)
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText("Sign in")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit")
        form = QFormLayout(self)
        form.addRow(self.where)
        form.addRow("&User name", self.username)
        form.addRow("&Password", self.password)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.username.textChanged.connect(self._check)
        self.password.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        self.sign_in_button.setEnabled(bool(self.username.text().strip() and self.password.text()))

    def submit(self) -> None:
        if not self.sign_in_button.isEnabled():
            return
        self.set_busy(True)
        self.message.setText("Signing in…")
        self.message.setStyleSheet(NOTE_STYLE)
        self.sign_in_wanted.emit(self.username.text().strip(), self.password.text())

    def set_busy(self, busy: bool) -> None:
        for widget in (self.username, self.password, self.sign_in_button):
            widget.setEnabled(not busy)
        if not busy:
            self._check()

    def refused(self, message: str, hint: str) -> None:
        """The newsroom said no: say why, keep the user name, ask for the password again."""
        self.set_busy(False)
        self.message.setText(f"{message} {hint}".strip())
        self.message.setStyleSheet(WARNING_STYLE)
        self.password.clear()
        self.password.setFocus()


class DatabasePasswordDialog(QDialog):
    """The newsroom database's password (not a staff member's): remembered in the system keyring when
    there is one, else kept for this session only (and the dialog says so)."""

    def __init__(self, database: str, keyring_available: bool, retry: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("databasePasswordDialog")
        self.setWindowTitle("Newsroom database password")
        self.setMinimumWidth(440)
        intro = QLabel(("That password was refused. " if retry else "")
                       + f"{database[:1].upper()}{database[1:]} needs its password (the database's, given by "
                         "the newsroom's admin; not your own sign-in).", self)
        intro.setWordWrap(True)
        if retry:
            intro.setStyleSheet(WARNING_STYLE)
        self.password = password_box(self, "Database password")
        self.remember = QCheckBox("&Remember it in the system keyring", self)
        self.remember.setAccessibleName("Remember the database password in the system keyring")
        self.remember.setChecked(keyring_available)
        self.remember.setVisible(keyring_available)
        self.session_note = QLabel("This computer has no secure keyring, so the password is kept for this session "
                                   "only: you will be asked again next time. It is never written to a file.", self)
        self.session_note.setWordWrap(True)
        self.session_note.setStyleSheet(NOTE_STYLE)
        self.session_note.setVisible(not keyring_available)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Connect")
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow("&Password", self.password)
        form.addRow(self.remember)
        form.addRow(self.session_note)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
