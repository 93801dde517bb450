"""Secrets (the newsroom database's password, publishing passwords) behind a tiny interface.

`KeyringStore` keeps them in the operating system's keyring (Secret Service, macOS Keychain, Windows
Credential Locker) through `keyring`. Where no secure keyring exists it says so plainly
(NoKeyringError) and the caller keeps the secret for the session only — never in the database, a settings
file or a log. `MemoryStore` is the fake the tests use (and the session-only fallback).
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from sqlalchemy.engine import make_url

from editor_app.domain.errors import KnownError

logger = logging.getLogger(__name__)

SERVICE = "editor-app"


class NoKeyringError(KnownError):
    """There is no secure keyring on this machine to keep a password in."""


class CredentialStore(Protocol):
    def get(self, key: str) -> str | None: ...

    def set(self, key: str, secret: str) -> None: ...

    def delete(self, key: str) -> None: ...


class MemoryStore:
    """Secrets in memory only: the tests' store, and the fallback that lasts one session."""

    def __init__(self) -> None:
        self._secrets: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._secrets.get(key)

    def set(self, key: str, secret: str) -> None:
        self._secrets[key] = secret

    def delete(self, key: str) -> None:
        self._secrets.pop(key, None)


class KeyringStore:
    """The OS keyring (imported on first use: `keyring` is slow to import)."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    def _keyring(self) -> Any:  # keyring has no type hints
        import keyring
        from keyring.backends import fail, null

        backend = keyring.get_keyring()
        if isinstance(backend, (fail.Keyring, null.Keyring)) or getattr(backend, "priority", 1) <= 0:
            raise NoKeyringError("This computer has no secure keyring to keep the password in.",
                                 hint="It is kept for this session only; you will be asked again next time.")
        return keyring

    def available(self) -> bool:
        """True when a secure keyring exists here (a prompt then offers "remember in the keyring")."""
        try:
            self._keyring()
        except NoKeyringError:
            return False
        return True

    def get(self, key: str) -> str | None:
        from keyring.errors import KeyringError

        try:
            secret = self._keyring().get_password(self.service, key)
        except NoKeyringError:
            return None
        except KeyringError as exc:
            logger.warning("the keyring could not be read (%s)", type(exc).__name__)
            return None
        return secret if isinstance(secret, str) else None

    def set(self, key: str, secret: str) -> None:
        from keyring.errors import KeyringError

        try:
            self._keyring().set_password(self.service, key, secret)
        except KeyringError as exc:
            raise NoKeyringError(f"The system keyring refused to keep the password ({type(exc).__name__}).",
                                 hint="It is kept for this session only.") from exc

    def delete(self, key: str) -> None:
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            self._keyring().delete_password(self.service, key)
        except (PasswordDeleteError, NoKeyringError):
            return
        except KeyringError as exc:
            logger.warning("the keyring could not forget a password (%s)", type(exc).__name__)


def database_key(url: str) -> str:
    """The keyring entry for a newsroom database: "database postgresql://news@db.example:5432/newsroom"
    (user, host, port and database; never the password)."""
    parsed = make_url(url)
    host = parsed.host or parsed.query.get("host") or "localhost"
    port = parsed.port or 5432
    return f"database {parsed.get_backend_name()}://{parsed.username or ''}@{host}:{port}/{parsed.database or ''}"


def remember_database_password(store: CredentialStore, url: str, password: str) -> None:
    store.set(database_key(url), password)


def forget_database_password(store: CredentialStore, url: str) -> None:
    store.delete(database_key(url))


def with_database_password(url: str, store: CredentialStore) -> str:
    """`url` with the password the store keeps for it (a SQLite URL, or one that has a password, is kept)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" or parsed.password:
        return url
    secret = store.get(database_key(url))
    if not secret:
        return url
    return parsed.set(password=secret).render_as_string(hide_password=False)
