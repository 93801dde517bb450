"""Placing a photo in a story: lead or inline figure at the cursor, through save_story; the figure renders."""

from __future__ import annotations

import pytest

from editor_app.domain.errors import ConflictError, ValidationError
from editor_app.domain.photo_markdown import figure_markdown, insert_block
from editor_app.render.article import PaperSettings, render_preview_html
from editor_app.services.actor import Actor
from editor_app.services.photo_edits import PhotoEdit, update_photo
from editor_app.services.photo_placement import place_photo, with_photo
from editor_app.services.photos import PhotoSource, import_one
from editor_app.services.revisions import list_revisions
from editor_app.services.story_changes import PhotoPlacement, PhotoUpload, StoryChanges
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from tests import photo_samples
from tests.helpers import create_story


def test_figure_markdown_escapes_what_would_break_it() -> None:
    assert figure_markdown("photos/a b.jpg", "A [big] crowd", 'The "Yes" camp') == (
        "![A \\[big\\] crowd](photos/a%20b.jpg \"The 'Yes' camp\")")
    assert figure_markdown("photos/x.jpg") == "![](photos/x.jpg)"


@pytest.mark.parametrize(("body", "cursor", "expected", "after"), [
    ("", None, "F\n", 1),
    ("First.\n", None, "First.\n\nF\n", 9),
    ("First.\n\nSecond.\n", 8, "First.\n\nF\n\nSecond.\n", 9),
    ("One two", 3, "One\n\nF\n\ntwo", 6),  # a cursor inside a line splits it
    ("First.\n\n\n\nSecond.", 7, "First.\n\nF\n\nSecond.", 9),
])
def test_insert_block(body: str, cursor: int | None, expected: str, after: int) -> None:
    assert insert_block(body, cursor, "F") == (expected, after)


def test_with_photo_inline_and_lead() -> None:
    lead = PhotoPlacement(image_id=1, role="lead", ref="photos/old.jpg")
    placed = with_photo((lead,), "Para.\n", PhotoPlacement(image_id=2), filename="new pic.jpg", cursor=0,
                        alt="Alt", caption="Cap")
    assert placed.ref == "photos/new pic.jpg"
    assert placed.body == '![Alt](photos/new%20pic.jpg "Cap")\n\nPara.\n'
    assert [(p.image_id, p.role, p.ref) for p in placed.photos] == [(1, "lead", "photos/old.jpg"),
                                                                   (2, "inline", "photos/new pic.jpg")]
    same_name = with_photo(placed.photos, placed.body, PhotoPlacement(image_id=3), filename="new pic.jpg")
    assert same_name.ref == "photos/new pic-2.jpg"
    new_lead = with_photo(placed.photos, placed.body, PhotoPlacement(image_id=2, role="lead"), filename="x.jpg")
    assert new_lead.body == placed.body  # the lead is not in the body
    assert [(p.image_id, p.role) for p in new_lead.photos] == [(2, "lead"), (2, "inline")]
    with pytest.raises(ValidationError):
        with_photo((), "", PhotoPlacement(image_id=1, role="hero"), filename="x.jpg")


@pytest.fixture
def story(newsroom: Database, owner: Actor) -> int:
    story_id, _ = create_story(newsroom, owner, StoryChanges(
        headline="Harbour reopens", section="Community", body="First paragraph.\n\nSecond paragraph.\n"))
    return story_id


def photo_id(db: Database, actor: Actor, seed: int, **words: str) -> int:
    image_id = import_one(db, actor, PhotoSource.pasted(photo_samples.plain_jpeg(seed), f"harbour-{seed}.jpg")).image_id
    assert image_id is not None
    update_photo(db, actor, image_id, PhotoEdit(**words))  # type: ignore[arg-type]
    return image_id


def test_place_inline_then_lead_through_save_story(newsroom: Database, owner: Actor, story: int) -> None:
    inline = photo_id(newsroom, owner, 1, caption="Boats at dusk", credit="AP photo", alt="Boats")
    version = get_story(newsroom, owner, story).version
    result = place_photo(newsroom, owner, story, version, image_id=inline, cursor=len("First paragraph.\n\n"))
    detail = get_story(newsroom, owner, story)
    assert detail.version == result.save.version == version + 1
    assert detail.body == ('First paragraph.\n\n![Boats](photos/harbour-1.jpg "Boats at dusk")\n\n'
                           "Second paragraph.\n")
    assert [(p.image_id, p.role, p.caption, p.credit) for p in detail.photos] == [
        (inline, "inline", "Boats at dusk", "AP photo")]
    html = render_preview_html(detail, paper=PaperSettings(name="Meridian Weekly"),
                               image_src=lambda p: f"image:{p.image_id}")
    assert "Boats at dusk (AP photo)" in html and f"image:{inline}" in html
    lead = photo_id(newsroom, owner, 2, caption="The quay", credit="Meridian photo", alt="Quay")
    place_photo(newsroom, owner, story, detail.version, image_id=lead, role="lead", caption="Our own words")
    detail = get_story(newsroom, owner, story)
    assert [(p.image_id, p.role, p.caption) for p in detail.photos] == [
        (lead, "lead", "Our own words"), (inline, "inline", "Boats at dusk")]
    assert list_revisions(newsroom, owner, story)[-1].note == "lead photo harbour-2.jpg"
    with pytest.raises(ConflictError):
        place_photo(newsroom, owner, story, version, image_id=inline)


def test_place_new_bytes_dropped_on_a_story(newsroom: Database, owner: Actor, story: int) -> None:
    upload = PhotoUpload(photo_samples.plain_jpeg(9), "dropped.jpg", caption="Dropped", alt="Something")
    version = get_story(newsroom, owner, story).version
    result = place_photo(newsroom, owner, story, version, upload=upload, cursor=None)
    detail = get_story(newsroom, owner, story)
    assert detail.body.endswith('![Something](photos/dropped.jpg "Dropped")\n') and result.ref == "photos/dropped.jpg"
    assert detail.photos[0].filename == "dropped.jpg" and detail.photos[0].caption == "Dropped"
    with pytest.raises(ValidationError, match="either a stored photo or a new one"):
        place_photo(newsroom, owner, story, detail.version)
