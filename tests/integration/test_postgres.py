"""Newsroom mode against a real PostgreSQL server (scripts/pg-up.sh): migrations, search, locking, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, text

from editor_app import cli
from editor_app.domain.errors import ConflictError
from editor_app.domain.stories import StoryFilter
from editor_app.domain.weeks import IsoWeek
from editor_app.services.actor import Actor
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_list import list_stories
from editor_app.services.story_write import save_story
from editor_app.storage.engine import Database, connect
from editor_app.storage.migrate import current_revision, head_revision
from editor_app.storage.models import Article, Revision
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile
from tests.conftest import fill_small_newsroom
from tests.helpers import create_story, owner_of

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/newsroom"


def add(db: Database, owner: Actor, headline: str, body: str = "", **kw: object) -> int:
    story_id, _ = create_story(db, owner, StoryChanges(headline=headline, section="International", body=body,
                                                     week=IsoWeek(2026, 40), **kw))  # type: ignore[arg-type]
    return story_id


def found(db: Database, search: str) -> set[str]:
    return {row.headline for row in list_stories(db, owner_of(db), StoryFilter(search=search)).rows}


@pytest.fixture
def pg_newsroom(pg_db: Database) -> Database:
    fill_small_newsroom(pg_db)
    return pg_db


@pytest.mark.postgres
def test_cli_migrates_an_empty_server_database(pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["migrate", "--profile-dir", str(tmp_path / "p"), "--database-url", pg_url]
    assert cli.main(args) == 0
    out = capsys.readouterr().out
    assert "PostgreSQL server" in out and head_revision() in out
    db = connect(resolve_profile(tmp_path / "p", pg_url))
    try:
        assert current_revision(db) == head_revision()
        assert db.dialect == "postgresql"
    finally:
        db.dispose()
    assert cli.main(args) == 0  # a second run has nothing to do
    assert "up to date" in capsys.readouterr().out
    where = ["--profile-dir", str(tmp_path / "p"), "--database-url", pg_url]
    assert cli.main(["users", "list", *where]) == 1  # a shared newsroom: who is asking?
    assert "shared newsroom" in capsys.readouterr().err
    assert cli.main(["users", "add", "chief", "--role", "admin", *where]) == 0  # the very first admin
    assert cli.main(["users", "add", "second", "--role", "admin", *where]) == 1  # nobody else without --as
    capsys.readouterr()
    assert cli.main(["--as", "chief", "users", "list", *where]) == 0
    assert [u["username"] for u in json.loads(capsys.readouterr().out)] == ["chief"]


@pytest.mark.postgres
def test_search_ignores_diacritics_both_ways(pg_newsroom: Database, pg_owner: Actor) -> None:
    add(pg_newsroom, pg_owner, "Talks in Baku", "The minister met his host in Baku on Monday.")
    add(pg_newsroom, pg_owner, "Ceasefire holds", "Reporters in Bakı saw calm streets. Café owners reopened.")
    add(pg_newsroom, pg_owner, "Unrelated", "Nothing about that city here.")
    both = {"Talks in Baku", "Ceasefire holds"}
    assert found(pg_newsroom, "Bakı") == both
    assert found(pg_newsroom, "baku") == both
    assert found(pg_newsroom, "BAKU") == both
    assert found(pg_newsroom, "cafe") == {"Ceasefire holds"}
    assert found(pg_newsroom, "Café") == {"Ceasefire holds"}


@pytest.mark.postgres
def test_city_alias_expands_and_armenian_is_found(pg_newsroom: Database, pg_owner: Actor) -> None:
    add(pg_newsroom, pg_owner, "Concert in Yerevan", "The orchestra played to a full hall.")
    add(pg_newsroom, pg_owner, "Գյումրիի տոնը", "Քաղաքը նշեց իր տոնը։ Երևանից եկան հյուրեր։")
    add(pg_newsroom, pg_owner, "Elsewhere", "A story about Tel Aviv.")
    # "Երևան" is an alias of Yerevan: the Armenian spelling finds the English text.
    assert "Concert in Yerevan" in found(pg_newsroom, "Երևան")
    assert found(pg_newsroom, "Erevan") == {"Concert in Yerevan"}
    assert found(pg_newsroom, "քաղաքը") == {"Գյումրիի տոնը"}
    assert found(pg_newsroom, "ՔԱՂԱՔԸ") == {"Գյումրիի տոնը"}  # Armenian capitals fold to lower case
    assert found(pg_newsroom, "Գյումրի") == {"Գյումրիի տոնը"}  # prefix of the headline word
    assert found(pg_newsroom, "orch") == {"Concert in Yerevan"}  # prefix search
    assert found(pg_newsroom, "full orch") == {"Concert in Yerevan"}
    assert found(pg_newsroom, "zzzz") == set()


@pytest.mark.postgres
def test_search_follows_update_and_delete(pg_newsroom: Database, pg_owner: Actor) -> None:
    story_id = add(pg_newsroom, pg_owner, "Harvest festival", "Apricots everywhere.")
    assert found(pg_newsroom, "apricots") == {"Harvest festival"}
    with pg_newsroom.session() as session:
        article = session.get_one(Article, story_id)
        article.body = "Pomegranates everywhere."
        article.headline = "Autumn fair"
    assert found(pg_newsroom, "apricots") == set()
    assert found(pg_newsroom, "pomegranates") == {"Autumn fair"}
    assert found(pg_newsroom, "harvest") == set()
    with pg_newsroom.session() as session:
        session.delete(session.get_one(Article, story_id))
    assert found(pg_newsroom, "pomegranates") == set()
    with pg_newsroom.session() as session:
        assert session.scalar(text("SELECT count(*) FROM article_fts")) == 0


@pytest.mark.postgres
def test_search_uses_a_gin_index(pg_db: Database) -> None:
    with pg_db.session() as session:
        rows = session.execute(text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'article_fts'"))
        indexes = {str(name): str(definition) for name, definition in rows}
    assert any("USING gin" in definition and "document" in definition for definition in indexes.values()), indexes


@pytest.mark.postgres
def test_two_desks_saving_the_same_story_conflict(pg_newsroom: Database, pg_owner: Actor, pg_url: str,
                                                  tmp_path: Path) -> None:
    """Two workstations (two engines) save from the same version: the second is refused, its text kept."""
    story_id = add(pg_newsroom, pg_owner, "Budget vote", "First draft.")
    other_desk = open_database(resolve_profile(tmp_path / "other-desk", pg_url))
    try:
        base = save_story(pg_newsroom, pg_owner, story_id, 1, StoryChanges(body="Their edit.")).version
        with pytest.raises(ConflictError, match="based on version 1"):
            save_story(other_desk, pg_owner, story_id, 1, StoryChanges(body="My edit."))
    finally:
        other_desk.dispose()
    with pg_newsroom.session() as session:
        article = session.get_one(Article, story_id)
        assert (article.body, article.version) == ("Their edit.", base)
        kept = session.scalars(select(Revision).where(Revision.article_id == story_id, Revision.kind == "conflict"))
        assert [r.snapshot["body"] for r in kept] == ["My edit."]


@pytest.mark.postgres
def test_many_and_few_hits_agree_on_postgresql(pg_newsroom: Database, pg_owner: Actor,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.services.test_story_list import assert_hit_paths_agree

    assert_hit_paths_agree(pg_newsroom, pg_owner, monkeypatch)
