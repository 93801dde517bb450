"""Signing in before the list opens, against the real PostgreSQL server: wrong password, a pause after
repeated failures, a deactivated account, success; the newsroom database's own password from the keyring
or asked for (remembered, or kept for the session where no keyring exists). A single desk asks nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy.engine import make_url

from editor_app.domain.errors import StorageError
from editor_app.domain.workflow import Role
from editor_app.services import users
from editor_app.services.credentials import MemoryStore, database_key
from editor_app.storage import open as storage_open
from editor_app.storage.engine import Database
from editor_app.storage.profile import Profile
from editor_app.ui.main_window import MainWindow
from editor_app.ui.settings import SettingsStore
from editor_app.ui.tasks import SyncTaskRunner
from editor_app.ui.workflow.sign_in import DatabasePasswordDialog, SignInDialog
from tests.ui.conftest import WindowFactory

PASSWORD = "correct horse battery"


class RefusedLoginError(Exception):
    """What psycopg raises for a wrong database password (SQLSTATE 28P01), as far as the app looks."""

    sqlstate = "28P01"


class KeyringLessStore(MemoryStore):
    def available(self) -> bool:
        return False


@pytest.fixture
def newsroom_desk(pg_url: str, pg_db: Database, tmp_path: Path) -> Path:
    """A profile folder pointing at the shared newsroom, whose staff have passwords."""
    users.add_user(pg_db, None, "nora", "Nora Levi", Role.ADMIN, password=PASSWORD)
    nora = users.actor_for(pg_db, "nora")
    users.add_user(pg_db, nora, "wendy", "Wendy Writer", Role.WRITER, password=PASSWORD)
    users.add_user(pg_db, nora, "old.hand", "Old Hand", Role.WRITER, password=PASSWORD)
    users.set_active(pg_db, nora, "old.hand", False)
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "profile.ini").write_text(f"[database]\nurl = {pg_url}\n", encoding="utf-8")
    return folder


def window_on(qtbot: QtBot, folder: Path, tmp_path: Path, store: MemoryStore | None = None) -> MainWindow:
    window = MainWindow(SyncTaskRunner(), SettingsStore(tmp_path / "config"))
    qtbot.addWidget(window)
    if store is not None:
        window.workflow.opener.store = store
    window.show()
    window.open_newsroom(folder, None, False)
    window.workflow.live.timer.stop()
    return window


@pytest.fixture
def closing() -> Iterator[list[MainWindow]]:
    windows: list[MainWindow] = []
    yield windows
    for window in windows:
        window.close()


def sign_in_dialog(window: MainWindow) -> SignInDialog:
    dialog = window.workflow.opener.dialog
    assert isinstance(dialog, SignInDialog) and dialog.isVisible()
    return dialog


def attempt(dialog: SignInDialog, username: str, password: str) -> str:
    dialog.username.setText(username)
    dialog.password.setText(password)
    dialog.sign_in_button.click()
    return dialog.message.text()


def test_a_single_desk_profile_asks_nothing(make_window: WindowFactory, profile: Profile) -> None:
    window = make_window(profile.dir)
    assert window.workflow.opener.dialog is None
    assert window.actor is not None and window.actor.role is Role.ADMIN


def test_wrong_password_pause_deactivated_then_signed_in(qtbot: QtBot, newsroom_desk: Path, tmp_path: Path,
                                                         closing: list[MainWindow]) -> None:
    window = window_on(qtbot, newsroom_desk, tmp_path)
    closing.append(window)
    assert window.db is None and window.workflow.opener.connected is not None  # connected, nobody signed in yet
    dialog = sign_in_dialog(window)
    assert dialog.where.text().startswith("Sign in to PostgreSQL · editor_test_")
    assert not dialog.sign_in_button.isEnabled()  # nothing typed yet
    said = attempt(dialog, "wendy", "not her password")
    assert said.startswith("The user name or password is wrong.")
    assert dialog.password.text() == "" and dialog.username.text() == "wendy"
    assert attempt(dialog, "nobody.here", "whatever it is") == ("The user name or password is wrong. Check both; user "
                                                                "names are lower case.")  # an unknown name alike
    for _ in range(3):
        said = attempt(dialog, "wendy", "still wrong")
    assert "signing in is paused" in said
    said = attempt(dialog, "wendy", "still wrong")
    assert said.startswith("Too many wrong passwords for 'wendy': signing in is paused until ")
    assert attempt(dialog, "wendy", PASSWORD).startswith("Too many wrong passwords")  # even the right one, now
    assert attempt(dialog, "old.hand", PASSWORD) == ("The staff account 'old.hand' has been deactivated. Ask an admin "
                                                     "to reactivate it; its history is kept.")
    attempt(dialog, "Nora", PASSWORD)  # user names are folded to lower case
    assert not dialog.isVisible()
    assert window.actor is not None and window.actor.username == "nora"
    assert window.database_label.text().startswith("PostgreSQL · editor_test_")
    assert window.workflow.admin.staff_action.isEnabled()  # an admin signed in
    assert window.list_pane.empty.title.text() == "This newsroom has no stories yet"


def test_quitting_the_sign_in_opens_nothing(qtbot: QtBot, newsroom_desk: Path, tmp_path: Path,
                                            closing: list[MainWindow]) -> None:
    window = window_on(qtbot, newsroom_desk, tmp_path)
    closing.append(window)
    sign_in_dialog(window).reject()
    assert window.db is None
    assert window.list_pane.empty.title.text() == "The newsroom could not be opened"
    assert "Nobody signed in" in window.list_pane.empty.text.text()


def refuse_without(password: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The server wants `password` (the test server trusts its socket, so the refusal is played here, where the
    driver's answer comes in); returns the passwords that were tried."""
    real = storage_open.open_database
    tried: list[str] = []

    def opening(profile: Profile, **kwargs: bool) -> Database:
        given = make_url(profile.database_url).password or ""
        tried.append(given)
        if given != password:
            error = StorageError("The PostgreSQL server refused the login.", hint="Check the password.")
            error.__cause__ = RefusedLoginError()
            raise error
        return real(profile, **kwargs)

    monkeypatch.setattr(storage_open, "open_database", opening)
    return tried


def test_the_database_password_is_asked_for_and_remembered(qtbot: QtBot, newsroom_desk: Path, tmp_path: Path,
                                                           pg_url: str, monkeypatch: pytest.MonkeyPatch,
                                                           closing: list[MainWindow]) -> None:
    tried = refuse_without("db-secret", monkeypatch)
    keyring = MemoryStore()
    window = window_on(qtbot, newsroom_desk, tmp_path, keyring)
    closing.append(window)
    asked = window.workflow.opener.dialog
    assert isinstance(asked, DatabasePasswordDialog)
    assert asked.remember.isVisible() and asked.remember.isChecked() and not asked.session_note.isVisible()
    asked.password.setText("not it")
    asked.accept()
    again = window.workflow.opener.dialog
    assert isinstance(again, DatabasePasswordDialog) and again is not asked  # "That password was refused."
    again.password.setText("db-secret")
    again.accept()
    assert isinstance(window.workflow.opener.dialog, SignInDialog)
    assert keyring.get(database_key(pg_url)) == "db-secret"
    assert tried == ["", "not it", "db-secret"]

    second = window_on(qtbot, newsroom_desk, tmp_path, keyring)  # the next start: from the keyring, no question
    closing.append(second)
    assert isinstance(second.workflow.opener.dialog, SignInDialog)
    assert tried[-1] == "db-secret"


def test_without_a_keyring_the_password_lasts_the_session(qtbot: QtBot, newsroom_desk: Path, tmp_path: Path,
                                                          pg_url: str, monkeypatch: pytest.MonkeyPatch,
                                                          closing: list[MainWindow]) -> None:
    refuse_without("db-secret", monkeypatch)
    store = KeyringLessStore()
    window = window_on(qtbot, newsroom_desk, tmp_path, store)
    closing.append(window)
    asked = window.workflow.opener.dialog
    assert isinstance(asked, DatabasePasswordDialog)
    assert not asked.remember.isVisible() and asked.session_note.isVisible()
    assert "kept for this session only" in asked.session_note.text()
    asked.password.setText("db-secret")
    asked.accept()
    assert isinstance(window.workflow.opener.dialog, SignInDialog)
    assert store.get(database_key(pg_url)) is None  # nothing written anywhere that outlasts the session
    assert window.workflow.opener.session_store.get(database_key(pg_url)) == "db-secret"
