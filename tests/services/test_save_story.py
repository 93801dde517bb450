"""save_story: the one write path. Versions, conflicts, reordering, revisions, permissions, bad input."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.errors import (
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ValidationError,
)
from editor_app.domain.stories import Dateline
from editor_app.domain.story_state import RevisionKind
from editor_app.domain.workflow import Role, Status
from editor_app.services import users
from editor_app.services.actor import Actor
from editor_app.services.revisions import list_revisions, restore_revision, revision_state
from editor_app.services.story_changes import PhotoPlacement, StoryChanges
from editor_app.services.story_read import get_story
from editor_app.services.story_write import save_story
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, AuditEvent, Revision
from tests.helpers import create_story, photo


def picture(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), colour).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def story(newsroom: Database, owner: Actor) -> int:
    story_id, _ = create_story(newsroom, owner, StoryChanges(
        headline="Budget vote in Yerevan", section="Armenia", body="First draft.",
        bylines=(Byline("Ash Obel"), Byline("Ani Sarkissian", BylineRole.TRANSLATOR)), cities=("Yerevan", "Gyumri"),
        photos=(photo(picture((200, 0, 0)), "red.jpg", role="lead", caption="Red"),
                photo(picture((0, 0, 200)), "blue.jpg", caption="Blue"))))
    return story_id


def staff(db: Database, owner: Actor, username: str, role: Role) -> Actor:
    users.add_user(db, owner, username, username.capitalize(), role)
    return users.actor_for(db, username)


def version(db: Database, story_id: int) -> int:
    with db.session() as session:
        return session.get_one(Article, story_id).version


@pytest.mark.parametrize("changes", [
    StoryChanges(body="Second draft."),
    StoryChanges(bylines=(Byline("Ani Sarkissian", BylineRole.TRANSLATOR), Byline("Ash Obel"))),
    StoryChanges(cities=("Gyumri", "Yerevan")),
    StoryChanges(cities=("Yerevan",)),
    StoryChanges(dateline=Dateline("Yerevan", "Armenpress")),
], ids=["body", "byline order", "city order", "city removed", "dateline"])
def test_every_kind_of_change_bumps_the_version(newsroom: Database, owner: Actor, story: int,
                                                 changes: StoryChanges) -> None:
    result = save_story(newsroom, owner, story, 1, changes)
    assert result.version == 2 == version(newsroom, story) and result.changed


def test_photo_changes_bump_the_version_and_reorder(newsroom: Database, owner: Actor, story: int) -> None:
    lead, inline = get_story(newsroom, owner, story).photos
    swapped = (PhotoPlacement(image_id=inline.image_id, role="lead", ref=inline.ref),
               PhotoPlacement(image_id=lead.image_id, role="inline", ref=lead.ref, caption="Red, in this story"))
    result = save_story(newsroom, owner, story, 1, StoryChanges(photos=swapped))
    assert result.version == 2 and result.changed == ("photos",)
    after = get_story(newsroom, owner, story).photos
    assert [(p.image_id, p.role, p.caption) for p in after] == [
        (inline.image_id, "lead", "Blue"), (lead.image_id, "inline", "Red, in this story")]


def test_swapping_two_bylines_twice_works(newsroom: Database, owner: Actor, story: int) -> None:
    first = save_story(newsroom, owner, story, 1, StoryChanges(
        bylines=(Byline("Ani Sarkissian", BylineRole.TRANSLATOR), Byline("Ash Obel"))))
    save_story(newsroom, owner, story, first.version, StoryChanges(
        bylines=(Byline("Ash Obel"), Byline("Ani Sarkissian", BylineRole.TRANSLATOR))))
    assert [b.name for b in get_story(newsroom, owner, story).bylines] == ["Ash Obel", "Ani Sarkissian"]


def test_saving_nothing_new_changes_nothing(newsroom: Database, owner: Actor, story: int) -> None:
    result = save_story(newsroom, owner, story, 1, StoryChanges(body="First draft.", cities=("Երևան", "Gümri")))
    assert (result.version, result.revision, result.changed) == (1, None, ())
    assert len(list_revisions(newsroom, owner, story)) == 1


def test_two_saves_from_the_same_version_never_overwrite(newsroom: Database, owner: Actor, story: int) -> None:
    save_story(newsroom, owner, story, 1, StoryChanges(body="Anna's text."))
    with pytest.raises(ConflictError) as caught:
        save_story(newsroom, owner, story, 1, StoryChanges(body="Vardan's text.", cities=("Baku",)))
    assert "based on version 1" in str(caught.value) and "now at version 2" in str(caught.value)
    assert get_story(newsroom, owner, story).body == "Anna's text."
    kept = list_revisions(newsroom, owner, story)[-1]
    assert (kept.kind, kept.version) == (RevisionKind.CONFLICT, 1)
    assert f"revision {kept.number}" in str(caught.value)
    state, _ = revision_state(newsroom, owner, story, kept.number)
    assert state.body == "Vardan's text." and [c.name for c in state.cities] == ["Baku"]


def test_revisions_say_what_made_them_and_restore(newsroom: Database, owner: Actor, story: int) -> None:
    second = save_story(newsroom, owner, story, 1, StoryChanges(body="Second.", cities=("Baku",)),
                        kind=RevisionKind.SAVE)
    restored = restore_revision(newsroom, owner, story, 1, second.version)
    detail = get_story(newsroom, owner, story)
    assert (detail.body, detail.cities) == ("First draft.", ("Yerevan", "Gyumri"))
    assert [p.caption for p in detail.photos] == ["Red", "Blue"]
    kinds = [(r.number, r.kind, r.version) for r in list_revisions(newsroom, owner, story)]
    assert kinds == [(1, RevisionKind.SAVE, None), (2, RevisionKind.SAVE, 1),
                     (3, RevisionKind.RESTORE, second.version)]
    assert restored.revision == 3


def test_autosaves_leave_one_checkpoint_per_window(newsroom: Database, owner: Actor, story: int) -> None:
    current = 1
    written: list[int | None] = []
    for n in range(5):
        result = save_story(newsroom, owner, story, current, StoryChanges(body=f"Draft {n}."),
                            kind=RevisionKind.AUTOSAVE)
        current, written = result.version, [*written, result.revision]
    assert written == [2, None, None, None, None]
    revisions = list_revisions(newsroom, owner, story)
    assert [r.kind for r in revisions] == [RevisionKind.SAVE, RevisionKind.AUTOSAVE]
    assert revision_state(newsroom, owner, story, 2)[0].body == "Draft 0."  # the checkpoint
    assert get_story(newsroom, owner, story).body == "Draft 4."  # the latest words: in the story itself
    assert current == 6  # every autosave still moved the version
    with newsroom.session(write=True) as session:  # ten minutes later, the next autosave is a new checkpoint
        checkpoint = session.scalars(select(Revision).where(Revision.article_id == story, Revision.number == 2)).one()
        checkpoint.created_at -= timedelta(minutes=11)
    later = save_story(newsroom, owner, story, current, StoryChanges(body="Draft 5."), kind=RevisionKind.AUTOSAVE)
    assert later.revision == 3


def test_a_restore_survives_a_city_merge(newsroom: Database, owner: Actor, story: int) -> None:
    from editor_app.services.city_merge import merge_cities

    save_story(newsroom, owner, story, 1, StoryChanges(cities=("Baku",)))
    assert merge_cities(newsroom, owner, "Gyumri", "Yerevan") == 0  # revision 1 still names Gyumri
    restore_revision(newsroom, owner, story, 1, version(newsroom, story))
    assert get_story(newsroom, owner, story).cities == ("Yerevan",)  # Gyumri lives on as Yerevan's alias


def test_a_city_merge_moves_stories_and_bumps_them(newsroom: Database, owner: Actor, story: int) -> None:
    from editor_app.services.city_merge import merge_cities
    from editor_app.services.vocab import list_cities

    assert merge_cities(newsroom, owner, "Gümri", "Yerevan") == 1
    assert get_story(newsroom, owner, story).cities == ("Yerevan",)
    assert version(newsroom, story) == 2
    yerevan = next(c for c in list_cities(newsroom, owner) if c.name == "Yerevan")
    assert {"Gyumri", "Gümri", "Գյումրի"} <= set(yerevan.aliases)
    writer = staff(newsroom, owner, "wendy", Role.WRITER)
    with pytest.raises(PermissionDeniedError, match="merge"):
        merge_cities(newsroom, writer, "Baku", "Tel Aviv")


def test_writers_edit_their_own_stories_only(newsroom: Database, owner: Actor, story: int) -> None:
    writer = staff(newsroom, owner, "wendy", Role.WRITER)
    with pytest.raises(PermissionDeniedError, match=r"Wendy \(writer\) may not edit the story"):
        save_story(newsroom, writer, story, 1, StoryChanges(body="Mine now."))
    own, _ = create_story(newsroom, writer, StoryChanges(headline="My story", section="Community"))
    assert save_story(newsroom, writer, own, 1, StoryChanges(body="Fine.")).version == 2
    assert version(newsroom, story) == 1


@pytest.mark.parametrize(("role", "target", "allowed"), [
    (Role.WRITER, Status.SUBMITTED, True), (Role.WRITER, Status.APPROVED, False),
    (Role.PHOTO_DESK, Status.SUBMITTED, False), (Role.EDITOR, Status.APPROVED, True),
])
def test_moves_follow_the_permission_table(newsroom: Database, owner: Actor, role: Role, target: Status,
                                           allowed: bool) -> None:
    actor = staff(newsroom, owner, "someone", role)
    author = actor if role is Role.WRITER else owner
    story_id, _ = create_story(newsroom, author, StoryChanges(headline="Moving", section="Community",
                                                             status=Status.SUBMITTED if target is Status.APPROVED
                                                             else Status.DRAFT))
    changes = StoryChanges(status=target)
    if allowed:
        assert save_story(newsroom, actor, story_id, 1, changes, kind=None).version == 2
    else:
        with pytest.raises(PermissionDeniedError):
            save_story(newsroom, actor, story_id, 1, changes, kind=None)
        assert version(newsroom, story_id) == 1


def test_a_move_the_workflow_does_not_have_is_refused(newsroom: Database, owner: Actor, story: int) -> None:
    with pytest.raises(ValidationError, match="cannot go from draft to published"):
        save_story(newsroom, owner, story, 1, StoryChanges(status=Status.PUBLISHED), kind=None)
    submitted = save_story(newsroom, owner, story, 1, StoryChanges(status=Status.SUBMITTED), kind=None)
    with pytest.raises(ValidationError, match="needs a note"):
        save_story(newsroom, owner, story, submitted.version, StoryChanges(status=Status.CHANGES_REQUESTED))
    save_story(newsroom, owner, story, submitted.version, StoryChanges(status=Status.CHANGES_REQUESTED),
               note="Cut the second half.", kind=None)
    with newsroom.session() as session:
        moves = [e.detail for e in session.scalars(select(AuditEvent).where(
            AuditEvent.article_id == story, AuditEvent.action == "story.transition").order_by(AuditEvent.id))]
    assert moves[-1] == {"from": "submitted", "to": "changes_requested", "note": "Cut the second half."}


def test_a_deactivated_account_cannot_save(newsroom: Database, owner: Actor) -> None:
    writer = staff(newsroom, owner, "wendy", Role.WRITER)
    own, _ = create_story(newsroom, writer, StoryChanges(headline="My story", section="Community"))
    users.set_active(newsroom, owner, "wendy", False)
    with pytest.raises(PermissionDeniedError, match="deactivated"):
        save_story(newsroom, writer, own, 1, StoryChanges(body="Too late."))
    assert version(newsroom, own) == 1


def test_the_photo_desk_adds_to_vocabularies_but_cannot_create_stories(newsroom: Database, owner: Actor) -> None:
    from editor_app.services import vocab

    desk = staff(newsroom, owner, "pat", Role.PHOTO_DESK)
    assert vocab.new_contributor(newsroom, desk, "Jane Doe").name == "Jane Doe"
    with pytest.raises(PermissionDeniedError, match="may not create stories"):
        create_story(newsroom, desk, StoryChanges(headline="Not mine to write", section="Community"))
    with pytest.raises(PermissionDeniedError, match="change sections"):
        vocab.new_section(newsroom, desk, "Sports")
    assert vocab.new_section(newsroom, owner, "Sports") == "Sports"


@pytest.mark.parametrize(("changes", "message"), [
    (StoryChanges(headline="x" * 2000), "headline is 2,000 characters long; the limit is 300"),
    (StoryChanges(headline="   "), "no headline"),
    (StoryChanges(slug="budget-taken"), "slug 'budget-taken'"),
    (StoryChanges(section="Sports"), "no section called 'Sports'"),
    (StoryChanges(cities=("Atlantis",)), "city 'Atlantis' is not in the newsroom's vocabulary"),
    (StoryChanges(bylines=(Byline("Nobody Known"),)), "contributor 'Nobody Known'"),
    (StoryChanges(photos=(PhotoPlacement(image_id=999),)), "Photo 999 does not exist"),
], ids=["long headline", "empty headline", "slug clash", "section", "city", "contributor", "photo"])
def test_bad_input_is_refused_plainly_and_changes_nothing(newsroom: Database, owner: Actor, story: int,
                                                          changes: StoryChanges, message: str) -> None:
    create_story(newsroom, owner, StoryChanges(headline="Other", section="Community", slug="budget-taken"))
    with pytest.raises((ValidationError, NotFoundError)) as caught:
        save_story(newsroom, owner, story, 1, changes)
    assert message in str(caught.value)
    assert version(newsroom, story) == 1


def test_nul_and_control_characters_are_kept_visible(newsroom: Database, owner: Actor, story: int) -> None:
    save_story(newsroom, owner, story, 1, StoryChanges(body="bin\x00ary \x07 garbage"))
    assert get_story(newsroom, owner, story).body == "bin\ufffdary \x07 garbage"


def test_slugs_follow_the_headline_until_published(newsroom: Database, owner: Actor) -> None:
    story_id, slug = create_story(newsroom, owner, StoryChanges(headline="Choir returns", section="Community",
                                                               status=Status.APPROVED))
    assert slug == "choir-returns"
    moved = save_story(newsroom, owner, story_id, 1, StoryChanges(headline="Choir comes back", slug=""))
    assert moved.slug == "choir-comes-back"
    published = save_story(newsroom, owner, story_id, moved.version, StoryChanges(status=Status.PUBLISHED), kind=None)
    kept = save_story(newsroom, owner, story_id, published.version, StoryChanges(headline="Choir is back", slug=""))
    assert kept.slug == "choir-comes-back"  # a published address never changes by itself
    typed = save_story(newsroom, owner, story_id, kept.version, StoryChanges(slug="The Choir!"))
    assert typed.slug == "the-choir"


def test_the_first_revision_records_who_and_how(newsroom: Database, owner: Actor, story: int) -> None:
    with newsroom.session() as session:
        first = session.scalar(select(Revision).where(Revision.article_id == story))
        assert first is not None
        assert (first.kind, first.author_name, first.base_version) == ("save", owner.display_name, None)
        assert first.snapshot["photos"][0]["sha256"] and first.snapshot["bylines"][0]["name"] == "Ash Obel"
