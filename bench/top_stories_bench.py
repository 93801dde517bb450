"""Top stories benchmark: `python -m bench.top_stories_bench [--stories N] [--repeat N] [--check]`.

On the generated archive (bench/archive.py, 100,000 stories over four years: about 480 a week), the busiest
week's board as the app loads it, against the bare query for that week's candidate ids (sqlite3, no
SQLAlchemy), interleaved in the same run after a warm-up:
- the candidates of a week (approved, scheduled, published), with their bylines and whether they have a photo;
- the same filtered by a search word (the full-text index);
- the whole board of a week (picks, candidates, latest articles, published orders);
- saving a 10-pick order (`set_picks`, what each drag or key does).
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.archive import build_archive
from bench.common import Row, interleaved, machine, publish_results, repeated
from editor_app.domain.weeks import IsoWeek
from editor_app.services import users
from editor_app.services.top_stories import board, candidates, set_picks
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile

logger = logging.getLogger(__name__)

BOARD_GOAL_MS = 100.0
CANDIDATES_GOAL_MS = 50.0
RAW = ("SELECT id FROM article WHERE week = ? AND status IN ('approved', 'scheduled', 'published') "
       "ORDER BY coalesce(published_at, scheduled_at, updated_at) DESC, id DESC LIMIT 300")


def busiest_week(path: Path) -> tuple[IsoWeek, int]:
    with sqlite3.connect(path) as raw:
        week, count = raw.execute("SELECT week, count(*) FROM article WHERE status IN ('approved', 'scheduled', "
                                  "'published') GROUP BY week ORDER BY count(*) DESC LIMIT 1").fetchone()
    return IsoWeek.parse(week), int(count)


def measure(stories: int, repeat: int) -> list[Row]:
    folder = Path(tempfile.mkdtemp(prefix="top-bench-"))
    database = build_archive(folder, n=stories)
    week, count = busiest_week(database)
    db = open_database(resolve_profile(folder))
    raw = sqlite3.connect(database)
    try:
        owner = users.profile_owner(db)

        def bare() -> float:
            start = time.perf_counter()
            raw.execute(RAW, (str(week),)).fetchall()
            return time.perf_counter() - start

        def timed(fn: object) -> float:
            start = time.perf_counter()
            fn()  # type: ignore[operator]
            return time.perf_counter() - start

        found = candidates(db, owner, week)
        base_samples, app_samples = interleaved(bare, lambda: timed(lambda: candidates(db, owner, week)), repeat)
        base = Row(f"bare sqlite3: ids of a week's candidates ({count:,} in {week}, of {stories:,}) (baseline)",
                   base_samples)
        app = Row(f"candidates of a week, with bylines and photos ({len(found)} stories)", app_samples,
                  ratio=f"{statistics.median(app_samples) / statistics.median(base_samples):.1f}× bare",
                  goal=f"≤ {CANDIDATES_GOAL_MS:.0f} ms")
        app.passed = app.median_ms <= CANDIDATES_GOAL_MS
        hits = len(candidates(db, owner, week, "government"))
        searched = Row(f"candidates of a week matching 'government' ({hits} stories)",
                       repeated(lambda: candidates(db, owner, week, "government"), repeat))
        picks = [s.id for s in found[:10]]
        set_picks(db, owner, week, picks, expected_version=None)
        whole = Row("the whole board of a week: picks, candidates, latest, published orders",
                    repeated(lambda: board(db, owner, week), repeat), goal=f"≤ {BOARD_GOAL_MS:.0f} ms")
        whole.passed = whole.median_ms <= BOARD_GOAL_MS
        order = list(picks)

        def reorder() -> None:
            order.append(order.pop(0))
            set_picks(db, owner, week, order, expected_version=None)

        save = Row("saving a 10-pick order (set_picks: a drag or a key)", repeated(reorder, repeat))
        return [base, app, searched, whole, save]
    finally:
        raw.close()
        db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.top_stories_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=100_000, metavar="N", help="archive size (default 100,000)")
    parser.add_argument("--repeat", type=int, default=21, metavar="N", help="timed runs per figure (default 21)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--no-readme", action="store_true", help="print the table without updating README.md")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    header = machine()
    print("\n".join(header), flush=True)
    rows = measure(args.stories, args.repeat)
    publish_results("top-stories", header, rows, readme=not args.no_readme)
    return 1 if args.check and any(row.passed is False for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
