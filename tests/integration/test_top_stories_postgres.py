"""Top stories on a real PostgreSQL newsroom (scripts/pg-up.sh): migration 0011 down and up on the demo keeps every
pick and week; two desks picking the same week at once cannot both win (the row lock and the version)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from editor_app.domain.errors import ConflictError
from editor_app.domain.weeks import IsoWeek
from editor_app.services.demo import create_demo_newsroom
from editor_app.services.top_stories import candidates, get_picks, set_picks
from editor_app.storage.engine import Database
from editor_app.storage.migrate import downgrade, migrate
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile
from tests.helpers import owner_of

pytestmark = pytest.mark.postgres
W47, W48 = IsoWeek(2026, 47), IsoWeek(2026, 48)


def test_0011_down_and_up_keeps_every_pick_and_week(pg_db: Database, tmp_path: Path) -> None:
    owner = owner_of(pg_db)
    create_demo_newsroom(pg_db, owner)
    picks = {week: get_picks(pg_db, owner, week).ids for week in (IsoWeek(2026, 46), W47, W48)}
    with pg_db.engine.connect() as conn:
        weeks = conn.execute(text("SELECT id, week FROM article ORDER BY id")).all()
    downgrade(pg_db, "0010")
    migrate(pg_db, resolve_profile(tmp_path / "pg", pg_db.url))
    assert {week: get_picks(pg_db, owner, week).ids for week in picks} == picks and all(picks.values())
    with pg_db.engine.connect() as conn:
        assert conn.execute(text("SELECT id, week FROM article ORDER BY id")).all() == weeks


def test_two_desks_picking_at_once_cannot_both_win(pg_db: Database, pg_url: str, tmp_path: Path) -> None:
    owner = owner_of(pg_db)
    create_demo_newsroom(pg_db, owner)
    other = open_database(resolve_profile(tmp_path / "desk-b", pg_url))
    try:
        ids = [s.id for s in candidates(pg_db, owner, W47)][:4]
        base = set_picks(pg_db, owner, W47, ids[:2], expected_version=None).version
        barrier = threading.Barrier(2)
        outcomes: list[str] = []

        def desk(db: Database, order: list[int]) -> None:
            barrier.wait()
            try:
                set_picks(db, owner, W47, order, expected_version=base)
                outcomes.append("saved")
            except ConflictError:
                outcomes.append("conflict")

        threads = [threading.Thread(target=desk, args=(pg_db, [ids[1], ids[0]])),
                   threading.Thread(target=desk, args=(other, [ids[2], ids[3]]))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert sorted(outcomes) == ["conflict", "saved"]
        assert get_picks(pg_db, owner, W47).version == base + 1
    finally:
        other.dispose()
