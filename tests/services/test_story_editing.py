"""The editor's services: open for editing, save only what changed (leaving unfinished fields out), conflicts,
duplicates, templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.errors import ConflictError
from editor_app.domain.story_state import RevisionKind
from editor_app.domain.workflow import Role, Status
from editor_app.services import users
from editor_app.services.actor import Actor
from editor_app.services.revisions import list_revisions
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_editing import duplicate_story, open_for_editing, save_draft
from editor_app.services.story_read import get_story
from editor_app.services.story_templates import new_story, story_templates
from editor_app.services.story_write import save_story
from editor_app.storage.engine import Database
from tests.helpers import create_story, photo
from tests.services.test_story_files import picture


def _story(db: Database, actor: Actor, **fields: object) -> int:
    values: dict[str, object] = {"headline": "Choir returns to the hall", "section": "Community",
                                 "body": "Rehearsals start on Monday.", "bylines": (Byline("Ash Obel"),)}
    values.update(fields)
    story_id, _ = create_story(db, actor, StoryChanges(**values))  # type: ignore[arg-type]
    return story_id


def test_a_draft_saves_only_what_changed_and_the_slug_follows_the_headline(newsroom: Database, owner: Actor) -> None:
    story_id = _story(newsroom, owner)
    opened = open_for_editing(newsroom, owner, story_id)
    assert opened.may_edit and not opened.slug_fixed and opened.draft.slug_follows_headline
    after = opened.draft.with_fields(headline="Երևանում բացվեց նոր գրադարան", body="New text.",
                                     cities=("Bakı",), dateline_place="Tel Aviv", dateline_source="Times of Israel")
    saved = save_draft(newsroom, owner, story_id, opened.detail.version, opened.draft, after)
    assert saved.left_out == ()
    assert saved.saved.slug == saved.result.slug == "erevanowm-bats-vets-nor-gradaran"
    story = get_story(newsroom, owner, story_id)
    assert (story.headline, story.body, story.cities) == ("Երևանում բացվեց նոր գրադարան", "New text.", ("Baku",))
    assert story.dateline is not None and story.dateline.text() == "TEL AVIV (Times of Israel) —"
    assert [r.kind for r in list_revisions(newsroom, owner, story_id)][-1] is RevisionKind.AUTOSAVE


def test_an_unfinished_headline_is_left_out_and_the_rest_saved(newsroom: Database, owner: Actor) -> None:
    story_id = _story(newsroom, owner)
    opened = open_for_editing(newsroom, owner, story_id)
    for headline in ("x" * 2000, "   "):
        after = opened.draft.with_fields(headline=headline, body=f"Body while the headline is {len(headline)}.")
        saved = save_draft(newsroom, owner, story_id, get_story(newsroom, owner, story_id).version, opened.draft,
                           after)
        assert [w.field for w in saved.left_out] == ["headline"]
        story = get_story(newsroom, owner, story_id)
        assert story.headline == "Choir returns to the hall"
        assert story.body == f"Body while the headline is {len(headline)}."
        assert saved.saved.headline == "Choir returns to the hall"


def test_a_slug_clash_is_a_warning_not_a_lost_save(newsroom: Database, owner: Actor) -> None:
    _story(newsroom, owner, headline="Library opens")
    story_id = _story(newsroom, owner)
    opened = open_for_editing(newsroom, owner, story_id)
    after = opened.draft.with_fields(slug="library-opens", slug_follows_headline=False, body="Kept.")
    saved = save_draft(newsroom, owner, story_id, opened.detail.version, opened.draft, after)
    [warning] = saved.left_out
    assert warning.field == "slug" and "library-opens" in warning.message
    story = get_story(newsroom, owner, story_id)
    assert story.body == "Kept." and story.slug == "choir-returns-to-the-hall"


def test_a_published_slug_never_changes_by_itself(newsroom: Database, owner: Actor) -> None:
    story_id = _story(newsroom, owner, status=Status.PUBLISHED)
    opened = open_for_editing(newsroom, owner, story_id)
    assert opened.slug_fixed and not opened.draft.slug_follows_headline
    after = opened.draft.with_fields(headline="Choir returns, corrected")
    save_draft(newsroom, owner, story_id, opened.detail.version, opened.draft, after, slug_fixed=True)
    assert get_story(newsroom, owner, story_id).slug == "choir-returns-to-the-hall"


def test_a_stale_version_is_a_conflict_and_mine_is_kept(newsroom: Database, owner: Actor) -> None:
    story_id = _story(newsroom, owner)
    opened = open_for_editing(newsroom, owner, story_id)
    save_story(newsroom, owner, story_id, opened.detail.version, StoryChanges(body="Theirs."))
    with pytest.raises(ConflictError) as raised:
        save_draft(newsroom, owner, story_id, opened.detail.version, opened.draft,
                   opened.draft.with_fields(body="Mine."))
    assert "revision" in raised.value.hint
    assert get_story(newsroom, owner, story_id).body == "Theirs."
    assert list_revisions(newsroom, owner, story_id)[-1].kind is RevisionKind.CONFLICT


def test_a_writer_may_not_edit_a_colleagues_story(newsroom: Database, owner: Actor) -> None:
    story_id = _story(newsroom, owner)
    users.add_user(newsroom, owner, "nora", "Nora Writer", Role.WRITER)
    writer = users.actor_for(newsroom, "nora")
    assert not open_for_editing(newsroom, writer, story_id).may_edit
    own = _story(newsroom, writer, headline="Nora's own story", bylines=())
    assert open_for_editing(newsroom, writer, own).may_edit


def test_duplicate_copies_every_field_as_a_new_draft(newsroom: Database, owner: Actor) -> None:
    story_id = _story(newsroom, owner, status=Status.APPROVED, deck="A deck", cities=("Baku", "Gyumri"),
                      bylines=(Byline("Ash Obel"), Byline("Ani Sarkissian", BylineRole.TRANSLATOR)),
                      photos=(photo(picture(), "a.jpg", role="lead", caption="Choir", credit="AP photo"),))
    copy = duplicate_story(newsroom, owner, story_id)
    original, duplicate = get_story(newsroom, owner, story_id), get_story(newsroom, owner, copy.id)
    assert duplicate.status is Status.DRAFT and duplicate.slug == "choir-returns-to-the-hall-2"
    for name in ("headline", "deck", "section", "body", "dateline", "bylines", "cities", "photos"):
        assert getattr(duplicate, name) == getattr(original, name), name


def test_new_story_from_each_template(newsroom: Database, owner: Actor) -> None:
    names = [t.name for t in story_templates()]
    assert names == ["Community news", "Op-ed", "Blank"]
    made = new_story(newsroom, owner, "Op-ed", "Why the library matters", section="Community")
    story = get_story(newsroom, owner, made.id)
    assert story.headline == "Why the library matters" and story.section == "Community"
    assert "argument" in story.body and story.status is Status.DRAFT
    blank = get_story(newsroom, owner, new_story(newsroom, owner, "3-blank", "Empty").id)
    assert blank.body == "" and blank.section == "Community"


def test_what_the_editor_writes_round_trips_through_a_story_file(newsroom: Database, owner: Actor,
                                                                 tmp_path: Path) -> None:
    from editor_app.services.story_files import export_story_file, import_story_file
    from editor_app.storage.open import open_database
    from editor_app.storage.profile import resolve_profile
    from tests.conftest import fill_small_newsroom

    story_id = _story(newsroom, owner)
    opened = open_for_editing(newsroom, owner, story_id)
    after = opened.draft.with_fields(
        headline="Երևանում բացվեց նոր գրադարան", deck="Գյումրի too", body="Text with [^1].\n\n[^1]: A note.\n",
        dateline_place="Yerevan", dateline_source="Armenpress", cities=("Yerevan", "Gyumri"),
        bylines=(Byline("Ash Obel"), Byline("Ani Sarkissian", BylineRole.SPECIAL),
                 Byline("Ash Obel", BylineRole.PHOTOGRAPHER), Byline("Ani Sarkissian", BylineRole.TRANSLATOR)))
    save_draft(newsroom, owner, story_id, opened.detail.version, opened.draft, after, kind=RevisionKind.SAVE)
    out = tmp_path / "out" / "story.md"
    text = export_story_file(newsroom, owner, story_id, out)
    assert "slug: erevanowm-bats-vets-nor-gradaran" in text
    second = open_database(resolve_profile(tmp_path / "second"))
    try:
        fill_small_newsroom(second)
        other = users.profile_owner(second)
        copy = import_story_file(second, other, out)
        a, b = get_story(newsroom, owner, story_id), get_story(second, other, copy.id)
        for name in ("headline", "deck", "section", "slug", "body", "dateline", "bylines", "cities", "status"):
            assert getattr(b, name) == getattr(a, name), name
    finally:
        second.dispose()


@pytest.mark.postgres
def test_the_editor_saves_and_conflicts_on_postgresql(pg_db: Database, pg_owner: Actor) -> None:
    from tests.conftest import fill_small_newsroom

    fill_small_newsroom(pg_db)
    story_id = _story(pg_db, pg_owner)
    opened = open_for_editing(pg_db, pg_owner, story_id)
    after = opened.draft.with_fields(headline="Երևանում բացվեց նոր գրադարան", body="Text\x00with a NUL.")
    saved = save_draft(pg_db, pg_owner, story_id, opened.detail.version, opened.draft, after)
    story = get_story(pg_db, pg_owner, story_id)
    assert story.slug == "erevanowm-bats-vets-nor-gradaran" and story.body == "Text\ufffdwith a NUL."
    with pytest.raises(ConflictError):
        save_draft(pg_db, pg_owner, story_id, opened.detail.version, after, after.with_fields(body="Stale."))
    assert saved.result.version == get_story(pg_db, pg_owner, story_id).version
