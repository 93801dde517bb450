"""Newsroom settings: defaults, an admin's changes, refusals, conflicts, and the week on the newsroom's calendar."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from editor_app.domain.errors import ConflictError, PermissionDeniedError, ValidationError
from editor_app.domain.newsroom_settings import NewsroomSettings
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Role
from editor_app.services import users
from editor_app.services.actor import Actor
from editor_app.services.settings import get_settings, update_settings
from editor_app.storage.engine import Database


def test_defaults_until_an_admin_changes_them(db: Database, owner: Actor) -> None:
    assert get_settings(db, owner) == NewsroomSettings()
    changed = update_settings(db, owner, 0, paper_name="Mirror-Spectator", time_zone="America/New_York",
                              top_story_slots=8)
    assert (changed.paper_name, changed.top_story_slots, changed.version) == ("Mirror-Spectator", 8, 1)
    assert get_settings(db, owner) == changed
    again = update_settings(db, owner, 1, credit_pattern="{caption} — {credit}")
    assert again.version == 2 and again.paper_name == "Mirror-Spectator"


def test_a_stale_change_is_refused(db: Database, owner: Actor) -> None:
    update_settings(db, owner, 0, paper_name="First")
    with pytest.raises(ConflictError, match="now version 1"):
        update_settings(db, owner, 0, paper_name="Second")
    assert get_settings(db, owner).paper_name == "First"


@pytest.mark.parametrize(("changes", "message"), [
    ({"time_zone": "Mars/Olympus_Mons"}, "not a time zone"),
    ({"top_story_slots": 0}, "between 1 and 30"),
    ({"credit_pattern": "{caption} only"}, "no {credit}"),
    ({"paper_name": "  "}, "needs a name"),
    ({"colour": "red"}, "no newsroom setting called 'colour'"),
])
def test_bad_settings_are_refused_plainly(db: Database, owner: Actor, changes: dict[str, object],
                                          message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        update_settings(db, owner, 0, **changes)
    assert get_settings(db, owner).version == 0


def test_only_admins_change_settings(db: Database, owner: Actor) -> None:
    users.add_user(db, owner, "ed", "Ed", Role.EDITOR)
    editor = users.actor_for(db, "ed")
    assert get_settings(db, editor).paper_name
    with pytest.raises(PermissionDeniedError, match="change the newsroom's settings"):
        update_settings(db, editor, 0, paper_name="Coup")


def test_the_week_follows_the_newsrooms_calendar() -> None:
    sunday_night_in_new_york = datetime(2026, 10, 5, 2, 30, tzinfo=UTC)  # Monday in UTC, Sunday 22:30 in NY
    assert NewsroomSettings(time_zone="UTC").week_of(sunday_night_in_new_york) == IsoWeek(2026, 41)
    assert NewsroomSettings(time_zone="America/New_York").week_of(sunday_night_in_new_york) == IsoWeek(2026, 40)
