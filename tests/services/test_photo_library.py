"""The photo desk's list, filters, edits, batch edits, credit memory and focal point, without Qt."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from editor_app.domain.bylines import ContributorKind
from editor_app.domain.errors import ConflictError, NotFoundError, ValidationError
from editor_app.domain.weeks import IsoWeek
from editor_app.services import vocab
from editor_app.services.actor import Actor
from editor_app.services.photo_edits import PhotoEdit, batch_update, set_focal_point, update_photo, usual_credit
from editor_app.services.photo_library import (
    Needs,
    PhotoFilter,
    count_needing,
    get_photo,
    list_photos,
    photo_detail,
    week_choices,
)
from editor_app.services.photos import PhotoSource, import_one
from editor_app.services.story_changes import PhotoPlacement, StoryChanges
from editor_app.storage.engine import Database
from editor_app.storage.models import AuditEvent, Contributor
from tests import photo_samples
from tests.helpers import create_story


def add_photo(db: Database, actor: Actor, seed: int, **words: str) -> int:
    outcome = import_one(db, actor, PhotoSource.pasted(photo_samples.plain_jpeg(seed), f"photo-{seed}.jpg"))
    assert outcome.image_id is not None, outcome.message
    if words:
        update_photo(db, actor, outcome.image_id, PhotoEdit(**words))  # type: ignore[arg-type]
    return outcome.image_id


@pytest.fixture
def desk(newsroom: Database, owner: Actor) -> dict[str, int]:
    """Four photos: bare, captioned only, captioned and credited, complete; two used in stories."""
    ids = {
        "bare": add_photo(newsroom, owner, 1),
        "captioned": add_photo(newsroom, owner, 2, caption="Voters in Gyumri"),
        "credited": add_photo(newsroom, owner, 3, caption="The choir", credit="Meridian photo"),
        "complete": add_photo(newsroom, owner, 4, caption="Harbour at dusk", credit="AP photo", alt="Boats"),
    }
    create_story(newsroom, owner, StoryChanges(
        headline="Election day", section="Armenia", week=IsoWeek.parse("2026-W40"),
        photos=(PhotoPlacement(image_id=ids["captioned"], role="lead"),
                PhotoPlacement(image_id=ids["complete"], role="inline"))))
    create_story(newsroom, owner, StoryChanges(
        headline="Harbour reopens", section="Community", week=IsoWeek.parse("2026-W41"),
        photos=(PhotoPlacement(image_id=ids["complete"], role="lead"),)))
    return ids


def ids_of(db: Database, actor: Actor, flt: PhotoFilter) -> set[int]:
    return {row.id for row in list_photos(db, actor, flt)}


def test_needs_filters(newsroom: Database, owner: Actor, desk: dict[str, int]) -> None:
    assert ids_of(newsroom, owner, PhotoFilter(needs=Needs.CAPTION)) == {desk["bare"]}
    assert ids_of(newsroom, owner, PhotoFilter(needs=Needs.CREDIT)) == {desk["bare"], desk["captioned"]}
    assert ids_of(newsroom, owner, PhotoFilter(needs=Needs.ALT)) == {desk["bare"], desk["captioned"],
                                                                     desk["credited"]}
    assert count_needing(newsroom, owner) == {Needs.CAPTION: 1, Needs.CREDIT: 2, Needs.ALT: 3}
    update_photo(newsroom, owner, desk["bare"], PhotoEdit(caption="   "))  # blank is still no caption
    assert ids_of(newsroom, owner, PhotoFilter(needs=Needs.CAPTION)) == {desk["bare"]}


def test_used_in_week_filter_and_the_stories_of_each_photo(newsroom: Database, owner: Actor,
                                                           desk: dict[str, int]) -> None:
    assert ids_of(newsroom, owner, PhotoFilter(week=IsoWeek(2026, 40))) == {desk["captioned"], desk["complete"]}
    assert ids_of(newsroom, owner, PhotoFilter(week=IsoWeek.parse("2026-w41"))) == {desk["complete"]}
    assert ids_of(newsroom, owner, PhotoFilter(week=IsoWeek(2026, 40), needs=Needs.CREDIT)) == {desk["captioned"]}
    assert week_choices(newsroom, owner) == [IsoWeek.parse("2026-W41"), IsoWeek.parse("2026-W40")]
    rows = {row.id: row for row in list_photos(newsroom, owner)}
    assert [(u.headline, u.role) for u in rows[desk["complete"]].stories] == [("Harbour reopens", "lead"),
                                                                               ("Election day", "inline")]
    assert rows[desk["bare"]].stories == ()
    filtered = {row.id: row for row in list_photos(newsroom, owner, PhotoFilter(week=IsoWeek.parse("2026-W41")))}
    assert len(filtered[desk["complete"]].stories) == 2  # all its uses, not only that week's
    with pytest.raises(ValidationError):
        IsoWeek.parse("week forty")


def test_search_finds_words_in_file_name_caption_and_credit(newsroom: Database, owner: Actor,
                                                            desk: dict[str, int]) -> None:
    assert ids_of(newsroom, owner, PhotoFilter(search="gyumri")) == {desk["captioned"]}
    assert ids_of(newsroom, owner, PhotoFilter(search="AP photo")) == {desk["complete"]}
    assert ids_of(newsroom, owner, PhotoFilter(search="photo-1.jpg")) == {desk["bare"]}
    assert ids_of(newsroom, owner, PhotoFilter(search="100%")) == set()


def test_edit_caption_credit_alt_source(newsroom: Database, owner: Actor, desk: dict[str, int]) -> None:
    before = get_photo(newsroom, owner, desk["bare"])
    row = update_photo(newsroom, owner, desk["bare"], PhotoEdit(
        caption="  Gyumri's new library  ", credit="Meridian photo", alt="A reading room", source="Handout"),
        expected_version=before.version)
    assert (row.caption, row.credit, row.alt, row.source) == ("Gyumri's new library", "Meridian photo",
                                                             "A reading room", "Handout")
    assert row.version == before.version + 1 and row.needs == ()
    with newsroom.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "photo.edit")
                                .order_by(AuditEvent.id.desc())).first()
        assert event is not None and event.detail["fields"] == ["caption", "alt_text", "source", "credit"]


def test_a_stale_edit_is_refused_and_overwrites_nothing(newsroom: Database, owner: Actor,
                                                        desk: dict[str, int]) -> None:
    old = get_photo(newsroom, owner, desk["credited"])
    update_photo(newsroom, owner, desk["credited"], PhotoEdit(caption="A colleague's caption"))
    with pytest.raises(ConflictError, match="changed by someone else"):
        update_photo(newsroom, owner, desk["credited"], PhotoEdit(caption="Mine"), expected_version=old.version)
    assert get_photo(newsroom, owner, desk["credited"]).caption == "A colleague's caption"


def test_credit_memory(newsroom: Database, owner: Actor, desk: dict[str, int]) -> None:
    with newsroom.session() as session:
        vocab.add_contributor(session, "Wire Service", ContributorKind.WIRE, default_credit="Wire Service photo")
    row = update_photo(newsroom, owner, desk["bare"], PhotoEdit(photographer="wire service"))
    assert (row.photographer, row.credit) == ("Wire Service", "Wire Service photo")
    said = update_photo(newsroom, owner, desk["captioned"], PhotoEdit(photographer="Wire Service",
                                                                      credit="Handout via Wire Service"))
    assert said.credit == "Handout via Wire Service"  # a credit given wins over the usual one
    learned = update_photo(newsroom, owner, desk["credited"], PhotoEdit(photographer="Ani Sarkissian",
                                                                        credit="Ani Sarkissian for Meridian"))
    assert learned.photographer == "Ani Sarkissian"
    assert usual_credit(newsroom, owner, "ani sarkissian") == "Ani Sarkissian for Meridian"
    again = update_photo(newsroom, owner, desk["bare"], PhotoEdit(photographer="Ani Sarkissian"))
    assert again.credit == "Ani Sarkissian for Meridian"
    new_person = update_photo(newsroom, owner, desk["bare"], PhotoEdit(photographer="Lilit Hakobyan"))
    assert new_person.photographer == "Lilit Hakobyan" and new_person.credit == "Ani Sarkissian for Meridian"
    cleared = update_photo(newsroom, owner, desk["bare"], PhotoEdit(photographer=""))
    assert cleared.photographer == "" and cleared.photographer_id is None


def test_batch_edit_credit_and_photographer(newsroom: Database, owner: Actor, desk: dict[str, int]) -> None:
    chosen = [desk["bare"], desk["captioned"], desk["credited"]]
    rows = batch_update(newsroom, owner, chosen, credit="Meridian Weekly photo", photographer="Ash Obel")
    assert [(r.credit, r.photographer) for r in rows] == [("Meridian Weekly photo", "Ash Obel")] * 3
    assert get_photo(newsroom, owner, desk["complete"]).credit == "AP photo"  # not selected, not changed
    assert usual_credit(newsroom, owner, "Ash Obel") == "Meridian Weekly photo"
    with newsroom.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "photo.batch_edit")).one()
        assert event.detail["image_ids"] == chosen


def test_batch_edit_is_all_or_nothing(newsroom: Database, owner: Actor, desk: dict[str, int]) -> None:
    with pytest.raises(NotFoundError, match="none of the 2 photos"):
        batch_update(newsroom, owner, [desk["bare"], 9999], credit="X photo")
    assert get_photo(newsroom, owner, desk["bare"]).credit == ""
    with pytest.raises(ValidationError, match="credit is 201 characters"):
        batch_update(newsroom, owner, [desk["bare"], desk["captioned"]], credit="x" * 201)
    assert batch_update(newsroom, owner, [], credit="X") == []


def test_an_unknown_photographer_is_added_once(newsroom: Database, owner: Actor, desk: dict[str, int]) -> None:
    batch_update(newsroom, owner, [desk["bare"], desk["captioned"]], photographer="Nora Kevorkian")
    with newsroom.session() as session:
        found = session.scalars(select(Contributor).where(Contributor.name == "Nora Kevorkian")).all()
    assert len(found) == 1 and found[0].kind == "freelance"


def test_focal_point(newsroom: Database, owner: Actor, desk: dict[str, int]) -> None:
    assert get_photo(newsroom, owner, desk["bare"]).focal == (0.5, 0.5)
    assert set_focal_point(newsroom, owner, desk["bare"], 0.25, 0.8).focal == (0.25, 0.8)
    with pytest.raises(ValidationError, match="outside the photo"):
        set_focal_point(newsroom, owner, desk["bare"], 1.5, 0.5)
    assert get_photo(newsroom, owner, desk["bare"]).focal == (0.25, 0.8)


def test_detail_shows_what_the_file_held(newsroom: Database, owner: Actor) -> None:
    outcome = import_one(newsroom, owner, PhotoSource.pasted(photo_samples.camera_photo(3), "gps.jpg"))
    detail = photo_detail(newsroom, owner, outcome.image_id or 0)
    assert detail.row.location_found and "EXIF GPS location" in detail.sensitive_found
    assert detail.copies == () and detail.all_copies_clean
    with pytest.raises(NotFoundError):
        photo_detail(newsroom, owner, 424242)
