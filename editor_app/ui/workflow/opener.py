"""Opening a newsroom from the window: connect (a shared newsroom's database password from the keyring, or
asked for), then know who works (`--as`, the embedded profile's owner, or a sign-in dialog for a shared
newsroom), then the newsroom's settings. Dialogs on the GUI thread, everything else on the database lane.

A single-desk (SQLite) profile never asks anything: its owner is the one working.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from editor_app.domain.errors import KnownError
from editor_app.ui import newsroom_jobs
from editor_app.ui.errors import describe
from editor_app.ui.workflow.sign_in import DatabasePasswordDialog, SignInDialog

if TYPE_CHECKING:
    from editor_app.services.actor import Actor
    from editor_app.services.credentials import CredentialStore
    from editor_app.storage.engine import Database
    from editor_app.ui.tasks import TaskRunner

logger = logging.getLogger(__name__)


class DatabasePasswordNeededError(KnownError):
    """The newsroom database refused the login and its address carries no password of its own."""

    def __init__(self, message: str, *, hint: str = "", database: str = "", tried: bool = False) -> None:
        super().__init__(message, hint=hint)
        self.database = database
        self.tried = tried


@dataclass(frozen=True)
class Request:
    profile_dir: Path | None
    database_url: str | None
    demo: bool
    acting_user: str | None


@dataclass(frozen=True)
class Connected:
    db: Database
    needs_sign_in: bool
    url: str  # the address as given (never with the password)


def connect(request: Request, password: str | None, stores: list[CredentialStore]) -> Connected:
    """Open the database, with `password` or the one a store keeps for it (database lane)."""
    from sqlalchemy.engine import make_url

    from editor_app.services.auth import sign_in_required
    from editor_app.services.credentials import with_database_password
    from editor_app.storage.errors import ErrorKind, is_kind
    from editor_app.storage.open import open_database
    from editor_app.storage.profile import resolve_profile

    profile_dir = request.profile_dir or (newsroom_jobs.demo_profile_dir() if request.demo else None)
    profile = resolve_profile(profile_dir, request.database_url)
    given = profile.database_url
    url = given
    if not profile.is_embedded and not make_url(given).password:
        if password:
            url = make_url(given).set(password=password).render_as_string(hide_password=False)
        else:
            for store in stores:
                url = with_database_password(given, store)
                if url != given:
                    break
    try:
        db = open_database(replace(profile, database_url=url))
    except KnownError as error:
        if is_kind(error, ErrorKind.BAD_LOGIN) and not make_url(given).password:
            raise DatabasePasswordNeededError(error.message, hint=error.hint, tried=url != given,
                                              database=newsroom_jobs.database_label(given)) from error
        raise
    return Connected(db, sign_in_required(db), given)


def resolve(db: Database, username: str | None) -> Actor:
    from editor_app.services.identity import resolve_actor

    return resolve_actor(db, username)


def sign_in(db: Database, username: str, password: str) -> Actor:
    from editor_app.services.auth import sign_in as check

    return check(db, username, password)


def keyring_available(store: CredentialStore) -> bool:
    available = getattr(store, "available", None)
    return bool(available()) if callable(available) else True


class NewsroomOpener(QObject):
    opened = Signal(object)  # newsroom_jobs.OpenedNewsroom
    failed = Signal(object)  # why it could not be opened (said in place by the window)
    asking = Signal(object)  # a dialog is shown (the sign-in or the database password): screenshots, tests

    def __init__(self, runner: TaskRunner, parent_widget: QWidget, store: CredentialStore | None = None) -> None:
        super().__init__(parent_widget)
        self.runner = runner
        self.parent_widget = parent_widget
        self._store = store
        self._session_store: CredentialStore | None = None
        self.request: Request | None = None
        self.connected: Connected | None = None
        self._handed_over = False  # the window has the database (it closes it); until then it is ours
        self.opened.connect(self._hand_over)
        self.dialog: SignInDialog | DatabasePasswordDialog | None = None

    @property
    def session_store(self) -> CredentialStore:
        """Passwords typed in this session (made on first use: services load after the first paint)."""
        if self._session_store is None:
            from editor_app.services.credentials import MemoryStore

            self._session_store = MemoryStore()
        return self._session_store

    @property
    def store(self) -> CredentialStore:
        if self._store is None:
            from editor_app.services.credentials import KeyringStore

            self._store = KeyringStore()
        return self._store

    @store.setter
    def store(self, store: CredentialStore) -> None:
        """Where remembered database passwords live (the system keyring unless told otherwise: tests)."""
        self._store = store

    def open(self, profile_dir: Path | None, database_url: str | None, demo: bool,
             acting_user: str | None = None) -> None:
        self.request = Request(profile_dir, database_url, demo, acting_user)
        self._connect(None, remember=False)

    def _connect(self, password: str | None, remember: bool) -> None:
        request = self.request
        assert request is not None
        # the stores are made on the worker: their modules import SQLAlchemy and keyring, which would hold the
        # GUI thread (and the first list page waiting on it) for a few hundred milliseconds at start-up
        self.runner.run(lambda: connect(request, password, [self.session_store, self.store]),
                        lambda connected: self._connected(connected, password, remember), self._connect_failed)

    def _connect_failed(self, error: BaseException) -> None:
        if not isinstance(error, DatabasePasswordNeededError):
            self.failed.emit(error)
            return
        store = self.store
        self.runner.run(lambda: keyring_available(store), lambda secure: self._ask_password(error, secure),
                        lambda _e: self._ask_password(error, False))

    def _ask_password(self, error: DatabasePasswordNeededError, secure: bool) -> None:
        dialog = DatabasePasswordDialog(error.database, secure, error.tried, self.parent_widget)
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._connect(dialog.password.text(), dialog.remember.isChecked()))
        dialog.rejected.connect(lambda: self.failed.emit(error))
        dialog.open()
        self.asking.emit(dialog)

    def _connected(self, connected: Connected, password: str | None, remember: bool) -> None:
        self.connected = connected
        if password:
            self._keep_password(connected.url, password, remember)
        request = self.request
        assert request is not None
        if request.acting_user or not connected.needs_sign_in:
            db, demo, name = connected.db, request.demo, request.acting_user
            self.runner.run(lambda: newsroom_jobs.newsroom_for(db, self._resolved(db, name), demo), self.opened.emit,
                            self.failed.emit)
            return
        dialog = SignInDialog(newsroom_jobs.database_label(connected.url), self.parent_widget)
        self.dialog = dialog
        dialog.sign_in_wanted.connect(self.sign_in)
        dialog.rejected.connect(self._not_signed_in)
        dialog.open()
        self.asking.emit(dialog)

    @staticmethod
    def _resolved(db: Database, username: str | None) -> Actor:
        try:
            return resolve(db, username)
        except BaseException:
            db.dispose()
            raise

    def _keep_password(self, url: str, password: str, remember: bool) -> None:
        from editor_app.services.credentials import NoKeyringError, remember_database_password

        remember_database_password(self.session_store, url, password)
        if not remember:
            return
        store = self.store

        def kept(_none: None) -> None:
            logger.info("the database password is in the system keyring")

        def not_kept(error: BaseException) -> None:
            if isinstance(error, NoKeyringError):
                logger.warning("the keyring refused the database password: kept for this session only")
            else:
                logger.warning("keeping the database password failed (%s)", type(error).__name__)

        self.runner.run(lambda: remember_database_password(store, url, password), kept, not_kept)

    # --- signing in ------------------------------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> None:
        connected, dialog = self.connected, self.dialog
        if connected is None or not isinstance(dialog, SignInDialog):
            return
        db = connected.db
        self.runner.run(lambda: sign_in(db, username, password), self._signed_in,
                        lambda error: dialog.refused(*describe(error)))

    def _signed_in(self, actor: Actor) -> None:
        connected, request = self.connected, self.request
        assert connected is not None and request is not None
        if isinstance(self.dialog, SignInDialog):
            self.dialog.done(QDialog.DialogCode.Accepted)
        db, demo = connected.db, request.demo
        self.runner.run(lambda: newsroom_jobs.newsroom_for(db, actor, demo), self.opened.emit, self.failed.emit)

    def _hand_over(self, _newsroom: object) -> None:
        self._handed_over = True

    def shut_down(self) -> None:
        """The window closes before anybody signed in: close the connection made for the sign-in."""
        connected, self.connected = self.connected, None
        if connected is not None and not self._handed_over:
            self.runner.run(connected.db.dispose, lambda _none: None, lambda _error: None)

    def _not_signed_in(self) -> None:
        connected, self.connected = self.connected, None
        if connected is not None:
            self.runner.run(connected.db.dispose, lambda _none: None, lambda _error: None)
        self.failed.emit(KnownError("Nobody signed in, so the newsroom was not opened.",
                                    hint="Start the app again to sign in."))
