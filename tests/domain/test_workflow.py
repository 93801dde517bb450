from __future__ import annotations

import pytest

from editor_app.domain.workflow import (
    NOTE_REQUIRED,
    Role,
    Status,
    can_create_in,
    can_transition,
    next_statuses,
)


@pytest.mark.parametrize("target", [Status.APPROVED, Status.PUBLISHED, Status.SCHEDULED])
def test_writer_cannot_approve_or_publish(target: Status) -> None:
    for current in Status:
        assert not can_transition(Role.WRITER, current, target)


def test_editor_reviews_and_publishes() -> None:
    assert can_transition(Role.EDITOR, Status.SUBMITTED, Status.APPROVED)
    assert can_transition(Role.EDITOR, Status.SUBMITTED, Status.CHANGES_REQUESTED)
    assert can_transition(Role.EDITOR, Status.APPROVED, Status.PUBLISHED)
    assert (Status.SUBMITTED, Status.CHANGES_REQUESTED) in NOTE_REQUIRED


def test_photo_desk_moves_no_story() -> None:
    assert all(next_statuses(Role.PHOTO_DESK, status) == [] for status in Status)


def test_writer_submits_and_resubmits() -> None:
    assert next_statuses(Role.WRITER, Status.DRAFT) == [Status.SUBMITTED]
    assert next_statuses(Role.WRITER, Status.CHANGES_REQUESTED) == [Status.SUBMITTED]


def test_create_in_status() -> None:
    assert can_create_in(Role.WRITER, Status.DRAFT)
    assert not can_create_in(Role.WRITER, Status.APPROVED)
    assert can_create_in(Role.ADMIN, Status.APPROVED)
    assert Status.CHANGES_REQUESTED.label == "Changes requested"
