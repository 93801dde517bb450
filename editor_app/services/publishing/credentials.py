"""Where a target's Application Password lives: the OS keyring, or this session's memory when there is none.

Never in the database, a settings file or a log. `SecretStore` is the tiny interface; `KeyringStore` wraps
`keyring` (imported lazily), `MemoryStore` keeps secrets in this process only (the fake for unit tests, and
the fallback when the system has no secure keyring: `keyring.backends.fail`, `null`, a chainer with no
backend, or the plain-text stores of keyrings.alt). `Credentials` puts the two together for the services.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from editor_app.domain.errors import KnownError

logger = logging.getLogger(__name__)

SERVICE = "editor-app/wordpress"
_INSECURE_MODULES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null")


class Storage(StrEnum):
    """Where a password is kept: the OS keyring, this session's memory, or nowhere (none given yet)."""

    KEYRING = "keyring"
    SESSION = "session"
    NONE = "none"


class SecretStore(Protocol):
    """get/set/delete one secret per (service, account)."""

    def get(self, service: str, account: str) -> str | None: ...

    def set(self, service: str, account: str, secret: str) -> None: ...

    def delete(self, service: str, account: str) -> None: ...


class MemoryStore:
    """Secrets in this process's memory only: gone when the app quits."""

    def __init__(self) -> None:
        self._secrets: dict[tuple[str, str], str] = {}
        self._lock = threading.Lock()

    def get(self, service: str, account: str) -> str | None:
        with self._lock:
            return self._secrets.get((service, account))

    def set(self, service: str, account: str, secret: str) -> None:
        with self._lock:
            self._secrets[(service, account)] = secret

    def delete(self, service: str, account: str) -> None:
        with self._lock:
            self._secrets.pop((service, account), None)

    def __repr__(self) -> str:
        return f"MemoryStore({len(self._secrets)} secrets)"


class KeyringUnavailableError(KnownError):
    """The OS keyring refused to read or store a secret."""


class KeyringStore:
    """The OS keyring through `keyring` (Secret Service, macOS Keychain, Windows Credential Locker)."""

    def __init__(self) -> None:
        import keyring

        self._keyring = keyring

    def get(self, service: str, account: str) -> str | None:
        try:
            value = self._keyring.get_password(service, account)
        except Exception as exc:  # keyring raises its own errors, and backends raise theirs
            raise KeyringUnavailableError(f"The system keyring could not be read ({type(exc).__name__}).",
                                          hint="Unlock the keyring (log in again), or enter the password "
                                               "for this session.") from None
        return value if isinstance(value, str) else None

    def set(self, service: str, account: str, secret: str) -> None:
        try:
            self._keyring.set_password(service, account, secret)
        except Exception as exc:
            raise KeyringUnavailableError(f"The system keyring refused to store the password "
                                          f"({type(exc).__name__}).",
                                          hint="Unlock the keyring, or keep the password for this session "
                                               "only.") from None

    def delete(self, service: str, account: str) -> None:
        try:
            self._keyring.delete_password(service, account)
        except Exception as exc:  # PasswordDeleteError when there is none: nothing to delete is fine
            logger.debug("keyring delete for %s: %s", service, type(exc).__name__)


@dataclass(frozen=True)
class KeyringStatus:
    secure: bool
    backend: str  # the backend's class, for the settings dialog ("SecretService Keyring")
    explanation: str  # one sentence the user reads


def keyring_status() -> KeyringStatus:
    """Is there a secure OS keyring? (keyring's fail/null backends, an empty chainer and plain-text files
    are not.)"""
    try:
        import keyring
        from keyring.backends import chainer
    except ImportError:  # pragma: no cover - keyring is a dependency
        return KeyringStatus(False, "none", "The keyring package is not installed.")
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    insecure = name.startswith(_INSECURE_MODULES) or (
        isinstance(backend, chainer.ChainerBackend) and not backend.backends)
    if not insecure and float(getattr(backend, "priority", 1) or 0) <= 0:
        insecure = True
    if insecure:
        return KeyringStatus(False, name, "This computer has no secure keyring (such as GNOME Keyring, KWallet, "
                                          "the macOS Keychain or Windows Credential Locker), so passwords are "
                                          "kept for this session only and must be entered again next time.")
    return KeyringStatus(True, name, f"Passwords are kept in the system keyring ({type(backend).__name__}).")


def account_for(url: str, username: str) -> str:
    """The keyring account of a site and user: 'admin@https://news.example.org'."""
    return f"{username}@{url.rstrip('/')}"


class Credentials:
    """The secrets of publishing targets: the keyring when it is secure, this session's memory otherwise."""

    def __init__(self, keyring: SecretStore | None, session: SecretStore | None = None) -> None:
        self.keyring = keyring  # None: no secure keyring on this computer
        self.session = session if session is not None else MemoryStore()
        self._read = MemoryStore()  # what was read from the keyring once (a keyring may ask to be unlocked)

    @classmethod
    def system(cls) -> Credentials:
        """The computer's keyring when secure (checked once per process), with a session store beside it."""
        with _SYSTEM_LOCK:
            if not _SYSTEM:
                status = keyring_status()
                if not status.secure:
                    logger.info("No secure keyring (%s): passwords are kept for this session only",
                                   status.backend)
                _SYSTEM.append(cls(KeyringStore() if status.secure else None))
            return _SYSTEM[0]

    @property
    def secure(self) -> bool:
        return self.keyring is not None

    def store(self, url: str, username: str, password: str, *, session_only: bool = False) -> Storage:
        """Keep a password: in the keyring when there is a secure one (and not `session_only`), else in memory."""
        if not password:
            raise KnownError("The Application Password is empty.",
                             hint="Create one in WordPress (Users → Profile → Application Passwords) and paste it.")
        account = account_for(url, username)
        if self.keyring is not None and not session_only:
            self.keyring.set(SERVICE, account, password)
            self.session.delete(SERVICE, account)
            self._read.set(SERVICE, account, password)
            return Storage.KEYRING
        self.session.set(SERVICE, account, password)
        return Storage.SESSION

    def lookup(self, url: str, username: str) -> tuple[str | None, Storage]:
        """The password and where it was found (this session's first, then the keyring)."""
        account = account_for(url, username)
        found = self.session.get(SERVICE, account)
        if found:
            return found, Storage.SESSION
        if self.keyring is not None:
            found = self._read.get(SERVICE, account) or self.keyring.get(SERVICE, account)
            if found:
                self._read.set(SERVICE, account, found)
                return found, Storage.KEYRING
        return None, Storage.NONE

    def forget(self, url: str, username: str) -> None:
        account = account_for(url, username)
        self.session.delete(SERVICE, account)
        self._read.delete(SERVICE, account)
        if self.keyring is not None:
            self.keyring.delete(SERVICE, account)

    def __repr__(self) -> str:
        return f"Credentials(keyring={'yes' if self.secure else 'no'})"


_SYSTEM: list[Credentials] = []  # the process's one Credentials, made on first use
_SYSTEM_LOCK = threading.Lock()
