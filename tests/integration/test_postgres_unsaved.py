"""Text kept on this computer while the PostgreSQL newsroom is away stays kept until the server answers again,
and is saved then."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from editor_app.services.actor import Actor
from editor_app.services.rescue import Unsaved, UnsavedStore, recover_unsaved
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_editing import open_for_editing
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from tests.conftest import fill_small_newsroom
from tests.helpers import create_story

pytestmark = pytest.mark.postgres


def _refuse_connections(pg_url: str, refuse: bool) -> None:
    """The database stops (or starts again) taking connections; the ones it had are cut."""
    name = make_url(pg_url).database
    admin = create_engine(os.environ["EDITOR_APP_TEST_PG_URL"], isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {"false" if refuse else "true"}'))
            if refuse:
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name "
                                  "AND pid <> pg_backend_pid()"), {"name": name})
    finally:
        admin.dispose()


def test_unsaved_text_waits_for_the_server_and_is_saved_when_it_answers(pg_db: Database, pg_owner: Actor,
                                                                         pg_url: str, tmp_path: Path) -> None:
    fill_small_newsroom(pg_db)
    story_id = create_story(pg_db, pg_owner, StoryChanges(headline="Council meets", section="Community",
                                                          body="Old words.\n"))[0]
    opened = open_for_editing(pg_db, pg_owner, story_id)
    store = UnsavedStore(tmp_path / "unsaved")
    store.keep(Unsaved(story_id, pg_owner.username, opened.detail.version, opened.draft,
                       opened.draft.with_fields(body="Words typed while the server was away.\n"), False,
                       datetime.now(UTC), "Cannot reach the PostgreSQL server."))
    _refuse_connections(pg_url, True)
    try:
        assert recover_unsaved(pg_db, pg_owner, store) == []  # still away: nothing lost, nothing done
        assert len(store.pending(pg_owner.username)) == 1
    finally:
        _refuse_connections(pg_url, False)
    [done] = recover_unsaved(pg_db, pg_owner, store)
    assert done.version == opened.detail.version + 1
    assert get_story(pg_db, pg_owner, story_id).body == "Words typed while the server was away.\n"
    assert store.pending(pg_owner.username) == []
