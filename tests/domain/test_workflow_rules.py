"""Corrections to published stories, and password hashes: rules written out by hand."""

from __future__ import annotations

import pytest

from editor_app.domain.passwords import hash_password, needs_rehash, scrypt_hash, verify_password
from editor_app.domain.permissions import CORRECTION_MOVES, Action
from editor_app.domain.workflow import CORRECTION_FIELDS, Correction, Status, correction_after_save

P, N, PEND, APP = Status.PUBLISHED, Correction.NONE, Correction.PENDING, Correction.APPROVED


@pytest.mark.parametrize("field", sorted(CORRECTION_FIELDS))
def test_changing_the_words_of_a_published_story_is_a_correction(field: str) -> None:
    assert correction_after_save(P, P, N, [field]) is PEND
    assert correction_after_save(P, P, APP, [field]) is PEND  # approved, then edited again: approve again


@pytest.mark.parametrize("field", ["scheduled", "week"])
def test_schedule_and_week_are_not_corrections(field: str) -> None:
    assert correction_after_save(P, P, N, [field]) is N
    assert correction_after_save(P, P, APP, [field]) is APP


@pytest.mark.parametrize("status", [s for s in Status if s is not P])
def test_only_published_stories_have_corrections(status: Status) -> None:
    assert correction_after_save(status, status, N, ["body"]) is N
    assert correction_after_save(P, status, PEND, []) is N  # unpublishing ends a correction
    assert correction_after_save(status, P, N, ["body"]) is N  # publishing is not a correction


def test_correction_moves() -> None:
    assert CORRECTION_MOVES == {(PEND, APP): Action.APPROVE, (APP, N): Action.PUBLISH}
    assert PEND.label == "Correction awaiting approval"


def test_argon2_round_trip() -> None:
    stored = hash_password("correct horse battery")
    assert stored.startswith("$argon2id$") and "correct" not in stored
    assert verify_password("correct horse battery", stored)
    assert not verify_password("correct horse batterY", stored)
    assert not needs_rehash(stored)
    assert hash_password("correct horse battery") != stored  # salted


def test_old_scrypt_hashes_still_verify_and_ask_for_a_rehash() -> None:
    stored = scrypt_hash("correct horse battery")
    assert stored.startswith("scrypt$")
    assert verify_password("correct horse battery", stored)
    assert not verify_password("wrong", stored)
    assert needs_rehash(stored)


@pytest.mark.parametrize("stored", ["", "garbage", "scrypt$1$2", "scrypt$x$8$1$AAAA$AAAA", "$argon2id$nonsense"])
def test_unreadable_hashes_never_verify(stored: str) -> None:
    assert not verify_password("anything", stored)
    assert needs_rehash(stored)
