"""The photo desk on a real PostgreSQL newsroom (scripts/pg-up.sh): 0010's columns, import with dedupe,
filters (ILIKE and the week join), batch edit, clean copies, and the models against the migrated schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from editor_app.domain.photos import Needs, PhotoFilter
from editor_app.domain.weeks import IsoWeek
from editor_app.services.actor import Actor
from editor_app.services.photo_edits import PhotoEdit, batch_update, update_photo
from editor_app.services.photo_library import list_photos, photo_detail
from editor_app.services.photo_publish import clean_copy_for
from editor_app.services.photos import PhotoSource, collect_sources, import_photos
from editor_app.services.story_changes import PhotoPlacement, StoryChanges
from editor_app.storage.engine import Database
from editor_app.storage.models import Base
from tests import photo_samples
from tests.conftest import fill_small_newsroom
from tests.helpers import create_story

pytestmark = pytest.mark.postgres


def test_models_match_the_schema_on_postgresql(pg_db: Database) -> None:
    with pg_db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # the search index (article_fts, made by 0002 in SQL) is not a model
    assert [d for d in diff if "article_fts" not in str(d[1])] == []


def test_the_photo_desk_on_postgresql(pg_db: Database, pg_owner: Actor, tmp_path: Path) -> None:
    fill_small_newsroom(pg_db)
    folder = tmp_path / "card"
    photo_samples.write_good_photos(folder, 3)
    photo_samples.write_bad_file(folder, "truncated")
    (folder / "again.jpg").write_bytes((folder / "IMG_0001.jpg").read_bytes())
    outcomes = {o.name: o for o in import_photos(pg_db, pg_owner, collect_sources([folder]).sources)}
    assert outcomes["again.jpg"].duplicate and outcomes["again.jpg"].image_id == outcomes["IMG_0001.jpg"].image_id
    assert not outcomes["cut-short.jpg"].ok
    rows = list_photos(pg_db, pg_owner)
    assert len(rows) == 3 and all(row.location_found for row in rows)
    first = outcomes["IMG_0000.jpg"].image_id or 0
    update_photo(pg_db, pg_owner, first, PhotoEdit(caption="Voters in Gyumri, 100% turnout", alt="A queue"))
    assert {r.id for r in list_photos(pg_db, pg_owner, PhotoFilter(search="100%"))} == {first}
    assert {r.id for r in list_photos(pg_db, pg_owner, PhotoFilter(needs=Needs.ALT))} == {r.id for r in rows} - {first}
    create_story(pg_db, pg_owner, StoryChanges(headline="Election day", section="Armenia", week=IsoWeek(2026, 40),
                                               photos=(PhotoPlacement(image_id=first, role="lead"),)))
    assert [r.id for r in list_photos(pg_db, pg_owner, PhotoFilter(week=IsoWeek.parse("2026-W40")))] == [first]
    changed = batch_update(pg_db, pg_owner, [r.id for r in rows], credit="Meridian photo", photographer="Ash Obel")
    assert {(r.credit, r.photographer) for r in changed} == {("Meridian photo", "Ash Obel")}
    copy = clean_copy_for(pg_db, pg_owner, first, "WordPress")
    assert copy.removed and photo_detail(pg_db, pg_owner, first).all_copies_clean
    assert PhotoSource.pasted(b"", "x.jpg").label == "x.jpg"
