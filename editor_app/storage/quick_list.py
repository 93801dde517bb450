"""The story list's first page straight from an embedded profile's SQLite file, while SQLAlchemy still loads.

Loading SQLAlchemy and mapping the models costs about a quarter of a second on a slow machine; the newest
stories need one query. So at start-up the window asks here first (standard library only) and shows the
rows; the full service (services/story_list.py) answers a moment later and takes over. This answers only when
nothing is in doubt: a single-desk profile, today's schema, its owner (an active admin, who may read
everything) acting, and the default order. Anything else — or any error — returns None and the normal path
runs. A test holds this page equal to the service's.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.errors import ValidationError
from editor_app.domain.stories import FilterChoices, StoryPage, StoryRow
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.storage.schema_head import SCHEMA_HEAD

FIRST_PAGE = """
SELECT a.id, a.headline, a.slug, s.name, a.status, a.week, a.updated_at,
       (SELECT json_group_array(json_array(c.name, b.role)) FROM
          (SELECT contributor_id, role FROM byline WHERE article_id = a.id ORDER BY position) AS b
          JOIN contributor c ON c.id = b.contributor_id),
       (SELECT json_group_array(ci.name) FROM
          (SELECT city_id FROM article_city WHERE article_id = a.id ORDER BY position) AS t
          JOIN city ci ON ci.id = t.city_id)
FROM article a LEFT JOIN section s ON s.id = a.section_id
ORDER BY a.updated_at DESC, a.id DESC LIMIT ?"""


def _stamp(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _row(record: tuple[object, ...]) -> StoryRow:
    story_id, headline, slug, section, status, week, updated, bylines, cities = record
    return StoryRow(
        id=int(str(story_id)), headline=str(headline), slug=str(slug), section=str(section or ""),
        status=Status(str(status)), week=IsoWeek.parse(str(week)), updated=_stamp(str(updated)),
        bylines=tuple(Byline(name, BylineRole(role)) for name, role in json.loads(str(bylines or "[]"))),
        cities=tuple(json.loads(str(cities or "[]"))),
    )


def quick_first_page(sqlite_path: Path, limit: int = 200) -> tuple[StoryPage, FilterChoices] | None:
    """The newest `limit` stories and the filter choices, or None when the normal path must answer."""
    if not sqlite_path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True, timeout=0.5)
    except sqlite3.Error:
        return None
    try:
        if conn.execute("SELECT version_num FROM alembic_version").fetchone() != (SCHEMA_HEAD,):
            return None
        owner = "SELECT 1 FROM app_user WHERE role = 'admin' AND active = 1 LIMIT 1"
        if conn.execute(owner).fetchone() is None:
            return None  # a new profile: the normal path creates its owner
        rows = [_row(record) for record in conn.execute(FIRST_PAGE, (limit,))]
        per_status = conn.execute("SELECT status, count(*) FROM article GROUP BY status")
        counts = {Status(status): n for status, n in per_status}
        sections = [name for (name,) in conn.execute("SELECT name FROM section ORDER BY position, name")]
        distinct = conn.execute("SELECT DISTINCT week FROM article ORDER BY week DESC")
        weeks = [IsoWeek.parse(week) for (week,) in distinct]
    except (sqlite3.Error, ValueError, KeyError, TypeError, ValidationError):
        return None
    finally:
        conn.close()
    return StoryPage(rows=rows, total=sum(counts.values()), offset=0), FilterChoices(sections, weeks, counts)
