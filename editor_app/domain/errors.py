"""Typed errors. `KnownError`s are the environment's or the user's fault and carry a plain sentence."""

from __future__ import annotations


class KnownError(Exception):
    """An error told to the user in plain words (no traceback): bad input, a server down, a full disk."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class NotFoundError(KnownError):
    """A record that was asked for by id or name does not exist."""


class PermissionDeniedError(KnownError):
    """The acting user's role does not allow this action."""


class ValidationError(KnownError):
    """Input that breaks a rule (unknown key, missing field, bad value)."""


class ConflictError(KnownError):
    """A save against a stale version: somebody else changed the record first. `current_version` is the
    record's version now (when known); `kept_revision` the revision that keeps the losing text."""

    def __init__(self, message: str, *, hint: str = "", current_version: int | None = None,
                 kept_revision: int | None = None) -> None:
        super().__init__(message, hint=hint)
        self.current_version = current_version
        self.kept_revision = kept_revision


class LockedError(ConflictError):
    """Somebody else holds the edit lock on the story; the refused text was kept as a revision."""

    def __init__(self, message: str, *, hint: str = "", holder: str = "", revision: int | None = None) -> None:
        super().__init__(message, hint=hint)
        self.holder = holder
        self.revision = revision


class LockLostError(ConflictError):
    """The caller's edit lock is gone (taken over, or expired and taken); their text was kept as a revision."""

    def __init__(self, message: str, *, hint: str = "", taken_by: str = "", revision: int | None = None) -> None:
        super().__init__(message, hint=hint)
        self.taken_by = taken_by
        self.revision = revision


class SignInError(KnownError):
    """A sign-in was refused: a wrong user name or password, or too many attempts."""


class TooManyAttemptsError(SignInError):
    """Too many wrong passwords for an account: sign-in is paused for it for a while."""


class StorageError(KnownError):
    """The database cannot be opened, read or written (wrong file, full disk, server down)."""


class SchemaTooNewError(StorageError):
    """The database was migrated by a newer version of the app."""


class MigrationError(StorageError):
    """A migration step failed; the message names the step."""
