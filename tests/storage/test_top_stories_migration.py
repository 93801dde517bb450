"""Migration 0011 (top stories) on a newsroom full of rows (the demo), down to 0010 and up again: every pick keeps
its week and place, every story its week, a week published before keeps that as history; a story whose week
text an old version left empty gets the week it was created in."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from editor_app.domain.weeks import IsoWeek
from editor_app.services.actor import Actor
from editor_app.services.demo import create_demo_newsroom
from editor_app.services.top_stories import get_picks, history
from editor_app.storage.engine import Database
from editor_app.storage.migrate import downgrade, migrate
from editor_app.storage.profile import Profile


def raw(db: Database, sql: str) -> list[tuple[Any, ...]]:
    with db.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql))]


def picks_by_week(db: Database, week_column: str) -> dict[str, list[int]]:
    rows = raw(db, f"SELECT {week_column}, e.article_id FROM top_story_week w "
                   "JOIN top_story_entry e ON e.week_id = w.id ORDER BY w.id, e.position")
    found: dict[str, list[int]] = {}
    for week, article_id in rows:
        found.setdefault(str(week), []).append(article_id)
    return found


def test_0011_down_and_up_keeps_every_pick_and_week(db: Database, owner: Actor, profile: Profile) -> None:
    create_demo_newsroom(db, owner)
    picks = picks_by_week(db, "w.week")
    weeks = raw(db, "SELECT id, week FROM article ORDER BY id")
    assert set(picks) == {"2026-W46", "2026-W47", "2026-W48"} and len(weeks) > 50
    assert {entry.week for entry in history(db, owner)} == {IsoWeek(2026, 46), IsoWeek(2026, 47)}

    downgrade(db, "0010")
    columns = {c["name"] for c in inspect(db.engine).get_columns("top_story_week")}
    assert {"year", "week", "state"} <= columns and "top_story_publication" not in inspect(db.engine).get_table_names()
    old = raw(db, "SELECT year, week, state FROM top_story_week ORDER BY year, week")
    assert old == [(2026, 46, "published"), (2026, 47, "published"), (2026, 48, "draft")]
    assert picks_by_week(db, "printf('%04d-W%02d', w.year, w.week)") == picks
    raw_story = weeks[3][0]
    with db.engine.begin() as conn:  # what a very old version could leave behind
        conn.execute(text("UPDATE article SET week = '' WHERE id = :id"), {"id": raw_story})
        created = conn.execute(text("SELECT created_at FROM article WHERE id = :id"), {"id": raw_story}).scalar_one()

    migrate(db, profile)
    assert picks_by_week(db, "w.week") == picks
    after = dict(raw(db, "SELECT id, week FROM article ORDER BY id"))
    assert {k: v for k, v in after.items() if k != raw_story} == {k: v for k, v in weeks if k != raw_story}
    stamp = created if isinstance(created, datetime) else datetime.fromisoformat(str(created))
    assert after[raw_story] == str(IsoWeek.of(stamp))
    for week_text, ids in picks.items():  # the services read them back in order
        assert get_picks(db, owner, IsoWeek.parse(week_text)).ids == tuple(ids)
    published = history(db, owner)
    assert {(p.week, p.target) for p in published} == {(IsoWeek(2026, 46), ""), (IsoWeek(2026, 47), "")}
    assert [[pick.id for pick in p.picks] for p in published if p.week == IsoWeek(2026, 47)] == [picks["2026-W47"]]
    with pytest.raises(IntegrityError), db.engine.begin() as conn:  # still one list per week
        conn.execute(text("INSERT INTO top_story_week (version, created_at, updated_at, week, updated_by_name) "
                          "VALUES (1, '2026-01-01', '2026-01-01', '2026-W46', '')"))
