"""Setting and changing staff passwords (the services work on any database; signing in is PostgreSQL's)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from editor_app.domain.errors import NotFoundError, SignInError, ValidationError
from editor_app.domain.passwords import verify_password
from editor_app.services.auth import block_after, change_own_password, set_password
from editor_app.storage.engine import Database
from editor_app.storage.models import User, utcnow
from tests.workflow_helpers import add_staff


def stored_hash(db: Database, username: str) -> str:
    with db.session() as session:
        stored = session.scalar(select(User.password_hash).where(User.username == username))
    assert stored is not None
    return stored


def test_admin_sets_a_password_and_lifts_a_pause(newsroom: Database) -> None:
    staff = add_staff(newsroom)
    with newsroom.session() as session:
        session.execute(update(User).where(User.username == "wendy").values(failed_sign_ins=7,
                                                                            sign_in_blocked_until=utcnow()))
    set_password(newsroom, staff.admin, "wendy", "a long passphrase")
    assert verify_password("a long passphrase", stored_hash(newsroom, "wendy"))
    with newsroom.session() as session:
        user = session.scalar(select(User).where(User.username == "wendy"))
        assert user is not None and (user.failed_sign_ins, user.sign_in_blocked_until) == (0, None)
    with pytest.raises(ValidationError, match="too short"):
        set_password(newsroom, staff.admin, "wendy", "short")
    with pytest.raises(NotFoundError, match="no staff account named 'ghost'"):
        set_password(newsroom, staff.admin, "ghost", "a long passphrase")


def test_staff_change_their_own_password_with_the_old_one(newsroom: Database) -> None:
    staff = add_staff(newsroom)
    set_password(newsroom, staff.admin, "wendy", "the first passphrase")
    with pytest.raises(SignInError, match="current password is wrong"):
        change_own_password(newsroom, staff.writer, "not it", "the second passphrase")
    assert verify_password("the first passphrase", stored_hash(newsroom, "wendy"))
    change_own_password(newsroom, staff.writer, "the first passphrase", "the second passphrase")
    assert verify_password("the second passphrase", stored_hash(newsroom, "wendy"))


def test_the_pause_doubles_up_to_an_hour() -> None:
    assert [block_after(n) for n in range(5)] == [None] * 5
    minutes = [int(block_after(n).total_seconds() // 60) for n in range(5, 14)]  # type: ignore[union-attr]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    assert block_after(10_000) is not None
