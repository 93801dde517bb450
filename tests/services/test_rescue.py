"""Text the editor could not save, kept on this computer and saved (or kept as a revision) when the newsroom
opens again."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.story_state import PhotoState, RevisionKind
from editor_app.services.actor import Actor
from editor_app.services.rescue import Unsaved, UnsavedStore, recover_unsaved
from editor_app.services.revisions import list_revisions, revision_state
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_editing import open_for_editing
from editor_app.services.story_read import get_story
from editor_app.services.story_write import save_story
from editor_app.storage.engine import Database
from tests.helpers import create_story


def _story(db: Database, owner: Actor) -> int:
    return create_story(db, owner, StoryChanges(headline="Chess school opens", section="Community",
                                                body="The first paragraph.\n"))[0]


def _unsaved(db: Database, owner: Actor, story_id: int, body: str) -> Unsaved:
    opened = open_for_editing(db, owner, story_id)
    after = opened.draft.with_fields(body=body, cities=("Gyumri",),
                                     bylines=(Byline("Ash Obel"), Byline("Ani Sarkissian", BylineRole.PHOTOGRAPHER)))
    return Unsaved(story_id, owner.username, opened.detail.version, opened.draft, after, opened.slug_fixed,
                   datetime(2026, 11, 26, 10, 42, tzinfo=UTC), "Cannot reach the PostgreSQL server.")


def test_a_kept_text_reads_back_whole(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    store = UnsavedStore(tmp_path / "unsaved")
    story_id = _story(newsroom, owner)
    unsaved = _unsaved(newsroom, owner, story_id, "Երևան — “quoted” words\n\nand a second paragraph.\n")
    unsaved = Unsaved(**{**unsaved.__dict__, "after": unsaved.after.with_fields(
        photos=(PhotoState(7, "ab" * 32, "lead", "img-1", caption="Mine", credit=None, alt="A board"),),
        dateline_place="Gyumri", dateline_source="Armenpress", slug_follows_headline=False, slug="chess")})
    assert store.keep(unsaved)
    assert store.pending(owner.username) == [unsaved]
    assert store.pending("somebody-else") == []
    store.clear(story_id, owner.username)
    assert store.pending(owner.username) == [] and not list((tmp_path / "unsaved").glob("*.json"))


def test_recovery_saves_the_text_when_nobody_changed_the_story(newsroom: Database, owner: Actor,
                                                               tmp_path: Path) -> None:
    store = UnsavedStore(tmp_path / "unsaved")
    story_id = _story(newsroom, owner)
    version = get_story(newsroom, owner, story_id).version
    store.keep(_unsaved(newsroom, owner, story_id, "Typed while the server was away.\n"))
    [done] = recover_unsaved(newsroom, owner, store)
    story = get_story(newsroom, owner, story_id)
    assert (story.body, story.version, done.version, done.revision) == (
        "Typed while the server was away.\n", version + 1, version + 1, None)
    assert story.cities == ("Gyumri",) and [b.name for b in story.bylines] == ["Ash Obel", "Ani Sarkissian"]
    assert "is saved now (version" in done.sentence() and "Chess school opens" in done.sentence()
    assert store.pending(owner.username) == []
    assert recover_unsaved(newsroom, owner, store) == []  # once


def test_recovery_keeps_the_text_as_a_revision_when_the_story_moved_on(newsroom: Database, owner: Actor,
                                                                       tmp_path: Path) -> None:
    store = UnsavedStore(tmp_path / "unsaved")
    story_id = _story(newsroom, owner)
    store.keep(_unsaved(newsroom, owner, story_id, "My words, not saved.\n"))
    version = get_story(newsroom, owner, story_id).version
    save_story(newsroom, owner, story_id, version, StoryChanges(body="A colleague's words.\n"))
    [done] = recover_unsaved(newsroom, owner, store)
    assert get_story(newsroom, owner, story_id).body == "A colleague's words.\n"  # not overwritten
    assert done.revision is not None and f"revision {done.revision}" in done.sentence()
    kept = [r for r in list_revisions(newsroom, owner, story_id) if r.number == done.revision]
    assert kept and kept[0].kind is RevisionKind.CONFLICT
    assert revision_state(newsroom, owner, story_id, done.revision)[0].body == "My words, not saved.\n"
    assert store.pending(owner.username) == []


def test_an_unreadable_file_is_set_aside_and_the_others_still_recover(newsroom: Database, owner: Actor,
                                                                      tmp_path: Path) -> None:
    folder = tmp_path / "unsaved"
    store = UnsavedStore(folder)
    story_id = _story(newsroom, owner)
    store.keep(_unsaved(newsroom, owner, story_id, "Kept safe.\n"))
    broken = folder / f"story-999-{owner.username}.json"
    broken.write_text(json.dumps({"format": 1, "story_id": 999}), encoding="utf-8")
    [done] = recover_unsaved(newsroom, owner, store)
    assert done.story_id == story_id and get_story(newsroom, owner, story_id).body == "Kept safe.\n"
    assert not broken.exists() and broken.with_suffix(".unreadable").exists()  # not deleted
