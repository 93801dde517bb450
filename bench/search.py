"""(b) The story list and full-text search on the generated archive, against raw-SQL baselines measured in the
same run. Search and its LIKE baseline take turns (interleaved). Warm: SQLite's page cache and the OS's file
cache hold the archive after the untimed first round; the cold figure is a first query in a fresh process."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from functools import partial
from pathlib import Path

from bench.archive import SEARCH_TERMS
from bench.common import REPO_ROOT, Row, interleaved, repeated, time_call

LIKE_SQL = ("SELECT id, count(*) OVER () FROM article WHERE headline LIKE ?1 OR body LIKE ?1 "
            "ORDER BY updated_at DESC LIMIT 200")
FIRST_PAGE_SQL = ("SELECT a.id, a.headline, a.slug, s.name, a.status, a.week, a.updated_at FROM article a "
                  "LEFT JOIN section s ON s.id = a.section_id ORDER BY a.updated_at DESC, a.id DESC LIMIT 200")
FIRST_QUERY = """
import sys, time
from editor_app.domain.stories import StoryFilter
from editor_app.services.story_list import find_story_ids
from editor_app.services.users import profile_owner
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile
db = open_database(resolve_profile(sys.argv[1]))
owner = profile_owner(db)
start = time.perf_counter()
find_story_ids(db, owner, StoryFilter(search=sys.argv[2]))
print(time.perf_counter() - start)
"""


def like_scan(raw: sqlite3.Connection, term: str) -> list[tuple[int, int]]:
    """The baseline a naive app would run: one pass over every headline and body, with a total."""
    return raw.execute(LIKE_SQL, (f"%{term}%",)).fetchall()


def first_query_in_a_fresh_process(archive_dir: Path, term: str) -> float:
    done = subprocess.run([sys.executable, "-c", FIRST_QUERY, str(archive_dir), term], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def measure_archive_queries(archive_dir: Path, n: int, repeat: int) -> list[Row]:
    """First list page and full-text searches through the app's services vs raw SQL baselines."""
    from editor_app.domain.stories import StoryFilter
    from editor_app.services.story_list import find_story_ids, list_stories
    from editor_app.services.users import profile_owner
    from editor_app.storage.open import open_database
    from editor_app.storage.profile import resolve_profile

    db = open_database(resolve_profile(archive_dir))
    owner = profile_owner(db)
    raw = sqlite3.connect(archive_dir / "newsroom.sqlite")
    rows: list[Row] = []
    try:
        fast = repeat * 3
        page, baseline = interleaved(lambda: time_call(lambda: list_stories(db, owner, StoryFilter(), limit=200)),
                                     lambda: time_call(lambda: raw.execute(FIRST_PAGE_SQL).fetchall()), fast)
        base = Row("first page, raw SQL without bylines/cities/count (baseline, warm)", baseline)
        row = Row(f"story list first page (200 of {n:,}, warm)", page, goal="≤ 50 ms")
        row.ratio = f"{row.median_ms / base.median_ms:.1f}× raw"
        row.passed = row.median_ms <= 50
        rows += [base, row]
        for label, term in SEARCH_TERMS.items():
            flt = StoryFilter(search=term)
            hits = find_story_ids(db, owner, flt)[1]
            step, like = interleaved(lambda flt=flt: time_call(partial(find_story_ids, db, owner, flt)),  # type: ignore[misc]
                                     lambda term=term: time_call(partial(like_scan, raw, term)), repeat)  # type: ignore[misc]
            page_times = repeated(partial(list_stories, db, owner, flt, limit=200), fast)
            base = Row(f"LIKE scan '{term}': ids + total (baseline, warm)", like)
            row = Row(f"search {label} '{term}': ids + total ({hits:,} hits, warm)", step, goal="≥ 50× LIKE")
            speedup = base.median_ms / row.median_ms
            row.ratio = f"{speedup:.1f}× faster" if speedup < 10 else f"{speedup:.0f}× faster"
            row.passed = speedup >= 50
            page_row = Row(f"search {label} '{term}': list page with rows (warm)", page_times, goal="≤ 50 ms")
            page_row.passed = page_row.median_ms <= 50
            rows += [base, row, page_row]
        term = next(iter(SEARCH_TERMS.values()))
        cold = [first_query_in_a_fresh_process(archive_dir, term) for _ in range(max(3, repeat // 2))]
        row = Row(f"search '{term}': first query in a fresh process (OS cache warm, SQLite cache cold)", cold,
                  goal="≤ 50 ms")
        row.passed = row.median_ms <= 50
        rows.append(row)
    finally:
        raw.close()
        db.dispose()
    return rows
