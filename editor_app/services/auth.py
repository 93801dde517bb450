"""Signing in to a shared newsroom (PostgreSQL): user name and password, with a rate limit per account.

An embedded (SQLite) profile belongs to one person and has no sign-in (`sign_in_required` is False): its
owner acts (services.identity). In a newsroom:
- `sign_in(db, username, password)` returns the Actor, or refuses with one plain sentence. A wrong user
  name and a wrong password read the same (and take as long), so nobody learns who has an account.
- After MAX_FAILURES wrong passwords in a row an account is paused: first for BLOCK_FIRST, doubling with
  each further failure up to BLOCK_LONGEST. The count lives in the database, so every desk sees it; a
  right password during the pause is refused too, and a successful sign-in or a new password clears it.
- A deactivated account is refused (after its password checked out: a stranger learns nothing).
- Passwords are argon2id hashes; an older scrypt hash is replaced on the next successful sign-in.

The database's own password (the connection to the server) is a different secret: see services.credentials.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from editor_app.domain.errors import (
    KnownError,
    NotFoundError,
    PermissionDeniedError,
    SignInError,
    TooManyAttemptsError,
    ValidationError,
)
from editor_app.domain.passwords import MIN_LENGTH, hash_password, needs_rehash, verify_password, waste_time
from editor_app.domain.permissions import Action
from editor_app.services import audit
from editor_app.services.access import authorize, current_user
from editor_app.services.actor import Actor
from editor_app.services.identity import actor_of, is_embedded
from editor_app.storage.engine import Database
from editor_app.storage.models import User, utcnow

logger = logging.getLogger(__name__)

MAX_FAILURES = 5
BLOCK_FIRST = timedelta(minutes=1)
BLOCK_LONGEST = timedelta(hours=1)
_WRONG = "The user name or password is wrong."


def sign_in_required(db: Database) -> bool:
    """True for a shared newsroom (PostgreSQL); an embedded profile's owner never signs in."""
    return not is_embedded(db)


def block_after(failures: int) -> timedelta | None:
    """How long an account is paused after `failures` wrong passwords in a row (None: not paused)."""
    if failures < MAX_FAILURES:
        return None
    pause: timedelta = BLOCK_FIRST * 2 ** min(failures - MAX_FAILURES, 12)
    return min(pause, BLOCK_LONGEST)


@dataclass(frozen=True)
class _Account:
    id: int
    username: str
    password_hash: str | None
    active: bool
    blocked_until: datetime | None


def _paused(username: str, until: datetime, now: datetime) -> TooManyAttemptsError:
    minutes = max(1, round((until - now).total_seconds() / 60))
    return TooManyAttemptsError(
        f"Too many wrong passwords for '{username}': signing in is paused until {until:%H:%M} UTC "
        f"(about {minutes} minute{'s' if minutes != 1 else ''}).",
        hint="Wait and try again, or ask an admin to set a new password.")


def sign_in(db: Database, username: str, password: str, *, now: datetime | None = None) -> Actor:
    """The staff member whose user name and password these are; see the module docstring for refusals."""
    if not sign_in_required(db):
        raise KnownError("A single-desk profile has no sign-in: its owner is always the one working.",
                         hint="Sign-in is for a shared (PostgreSQL) newsroom.")
    now = now or utcnow()
    name = username.strip().lower()
    with db.session() as session:
        row = session.scalar(select(User).where(User.username == name))
        account = None if row is None else _Account(row.id, row.username, row.password_hash, row.active,
                                                     row.sign_in_blocked_until)
    if account is None:
        waste_time(password)
        raise SignInError(_WRONG, hint="Check both; user names are lower case.")
    if account.blocked_until is not None and account.blocked_until > now:
        raise _paused(account.username, account.blocked_until, now)
    if not account.password_hash or not verify_password(password, account.password_hash):
        if not account.password_hash:
            waste_time(password)
        _count_failure(db, account, now)
    if not account.active:
        raise PermissionDeniedError(f"The staff account '{account.username}' has been deactivated.",
                                    hint="Ask an admin to reactivate it; its history is kept.")
    with db.session(write=True) as session:
        values: dict[str, object] = {"failed_sign_ins": 0, "sign_in_blocked_until": None, "last_sign_in_at": now}
        assert account.password_hash is not None
        if needs_rehash(account.password_hash):
            values["password_hash"] = hash_password(password)
            logger.info("password hash of %s upgraded to argon2id", account.username)
        session.execute(update(User).where(User.id == account.id).values(**values))
        user = session.get_one(User, account.id, populate_existing=True)
        audit.record(session, user, "user.sign_in", at=now)
        return actor_of(user)


def _count_failure(db: Database, account: _Account, now: datetime) -> None:
    """Count a wrong password (atomically: two desks failing at once both count), pause the account when
    the count reaches the limit, and raise the refusal."""
    with db.session(write=True) as session:
        session.execute(update(User).where(User.id == account.id)
                        .values(failed_sign_ins=User.failed_sign_ins + 1))
        failures = session.scalar(select(User.failed_sign_ins).where(User.id == account.id)) or 0
        pause = block_after(failures)
        if pause is not None:
            until = now + pause
            session.execute(update(User).where(User.id == account.id).values(sign_in_blocked_until=until))
            audit.record(session, session.get(User, account.id), "user.sign_in_paused", at=now, failures=failures)
    logger.info("wrong password for %s (%d in a row)", account.username, failures)
    if pause is not None:
        raise _paused(account.username, now + pause, now)
    left = MAX_FAILURES - failures
    raise SignInError(_WRONG, hint=f"Check both; after {left} more wrong password{'s' if left != 1 else ''} "
                                   "signing in is paused for a while." if left <= 2 else "Check both.")


def _checked(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise ValidationError(f"The password is too short ({len(password)} characters).",
                              hint=f"Use at least {MIN_LENGTH} characters; a few words make a good one.")
    return password


def set_password(db: Database, actor: Actor, username: str, new_password: str) -> None:
    """An admin sets a staff member's password (it also lifts a sign-in pause)."""
    hashed = hash_password(_checked(new_password))
    with db.session(write=True) as session:
        by = authorize(session, actor, Action.MANAGE_STAFF)
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise NotFoundError(f"There is no staff account named '{username}'.",
                                hint="`editor-app users list` shows the accounts.")
        session.execute(update(User).where(User.id == user.id).values(
            password_hash=hashed, failed_sign_ins=0, sign_in_blocked_until=None))
        audit.record(session, by, "user.password", username=username)


def change_own_password(db: Database, actor: Actor, old_password: str, new_password: str) -> None:
    """Anyone changes their own password, giving the old one."""
    hashed = hash_password(_checked(new_password))
    with db.session(write=True) as session:
        user = current_user(session, actor)
        if not user.password_hash or not verify_password(old_password, user.password_hash):
            raise SignInError("The current password is wrong.", hint="Nothing was changed.")
        session.execute(update(User).where(User.id == user.id).values(password_hash=hashed, failed_sign_ins=0,
                                                                      sign_in_blocked_until=None))
        audit.record(session, user, "user.password", username=user.username)
