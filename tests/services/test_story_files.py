from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.errors import KnownError, NotFoundError, PermissionDeniedError, ValidationError
from editor_app.domain.stories import Dateline
from editor_app.domain.workflow import Role, Status
from editor_app.services import users
from editor_app.services.actor import Actor
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_files import export_story_file, import_story_file
from editor_app.services.story_read import get_story
from editor_app.services.story_write import SaveResult
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, City, Contributor, Image
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile
from tests.conftest import fill_small_newsroom
from tests.helpers import create_story, photo

BODY = ("Երևան — the talks went on. Москва said nothing; ירושלים waited 🎉.\n\n"
        '![Benny Gantz at a podium in Baku](photos/gantz-baku.jpg "Israeli Defense Minister Benny Gantz in Baku")\n'
        "\nLast line without a newline")


def picture(fmt: str = "JPEG", colour: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (32, 24)) -> bytes:
    from PIL import Image as PILImage

    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, fmt)
    return buffer.getvalue()


def story_text(*, cities: str = "[Bakı, tel aviv]", byline: str = "Ash Obel", photographer: str = "Ani Sarkissian",
               status: str = "draft", extra: str = "", body: str = BODY) -> str:
    return f"""---
headline: Israeli Defense Minister Visits Azerbaijan
deck: Talks in Baku focused on defense cooperation
section: international
bylines:
  - name: {byline}
    role: author
  - name: Ani Sarkissian
    role: translator
dateline:
  place: Tel Aviv
  source: Times of Israel
cities: {cities}
status: {status}
{extra}photos:
  - file: photos/gantz-baku.jpg
    role: lead
    caption: Israeli Defense Minister Benny Gantz in Baku
    credit: Jewish Press photo
    alt: Benny Gantz at a podium in Baku
    photographer: {photographer}
  - file: photos/map.png
    role: inline
    caption: "Հայաստան\\nmap"
    credit: (Staff photo)
    alt: A map
---
{body}"""


def write_story(folder: Path, text: str | None = None, *, photos: bool = True) -> Path:
    path = folder / "story.md"
    path.write_bytes((text if text is not None else story_text()).encode("utf-8"))
    if photos:
        (folder / "photos").mkdir(exist_ok=True)
        (folder / "photos" / "gantz-baku.jpg").write_bytes(picture())
        (folder / "photos" / "map.png").write_bytes(picture("PNG", (10, 90, 200)))
    return path


def id_slug(result: SaveResult) -> tuple[int, str]:
    return result.id, result.slug


def count(db: Database, model: type[Article] | type[Image] | type[City] | type[Contributor]) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
def second_db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(resolve_profile(tmp_path / "second-profile"))
    fill_small_newsroom(database)
    yield database
    database.dispose()


def test_import_with_photos(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    story_id, slug = id_slug(import_story_file(newsroom, owner, write_story(tmp_path)))
    assert slug == "israeli-defense-minister-visits-azerbaijan"
    story = get_story(newsroom, owner, story_id)
    assert story.section == "International"
    assert story.cities == ("Baku", "Tel Aviv")  # matched through alias and case
    assert story.bylines == (Byline("Ash Obel"), Byline("Ani Sarkissian", BylineRole.TRANSLATOR))
    assert story.dateline == Dateline("Tel Aviv", "Times of Israel")
    assert story.body == BODY
    lead, inline = story.photos
    assert (lead.role, lead.ref, lead.photographer, lead.credit) == (
        "lead", "photos/gantz-baku.jpg", "Ani Sarkissian", "Jewish Press photo")
    assert (inline.role, inline.caption, inline.width, inline.height) == ("inline", "Հայաստան\nmap", 32, 24)


def test_unknown_city_stops_and_writes_nothing(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    path = write_story(tmp_path, story_text(cities="[Baku, Atlantis]"))
    with pytest.raises(NotFoundError) as info:
        import_story_file(newsroom, owner, path)
    assert "Atlantis" in str(info.value) and str(path) in str(info.value)
    assert (count(newsroom, Article), count(newsroom, Image), count(newsroom, City)) == (0, 0, 4)


def test_unknown_contributor_stops(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    path = write_story(tmp_path, story_text(photographer="Jane Doe"))
    with pytest.raises(NotFoundError, match="Jane Doe"):
        import_story_file(newsroom, owner, path)
    assert (count(newsroom, Article), count(newsroom, Contributor)) == (0, 2)


def test_create_missing(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    path = write_story(tmp_path, story_text(cities="[Baku, Atlantis]", byline="Vardan Sahakyan",
                                            photographer="Jane Doe"))
    story_id, _ = id_slug(import_story_file(newsroom, owner, path, create_missing=True))
    story = get_story(newsroom, owner, story_id)
    assert story.cities == ("Baku", "Atlantis")
    assert story.bylines[0].name == "Vardan Sahakyan"
    assert story.photos[0].photographer == "Jane Doe"
    assert (count(newsroom, City), count(newsroom, Contributor)) == (5, 4)


@pytest.mark.parametrize(("photo", "expected"), [
    (b"not a picture at all", "is a text file, not a photo"),
    (picture()[:200], "is incomplete: the file ends before the picture does"),
    (b"", "is empty"),
])
def test_bad_photo_is_named(newsroom: Database, owner: Actor, tmp_path: Path, photo: bytes, expected: str) -> None:
    path = write_story(tmp_path)
    (tmp_path / "photos" / "map.png").write_bytes(photo)
    with pytest.raises(ValidationError) as info:
        import_story_file(newsroom, owner, path)
    assert expected in str(info.value) and "photos/map.png" in str(info.value)
    assert (count(newsroom, Article), count(newsroom, Image)) == (0, 0)


def test_missing_photo_is_named(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    path = write_story(tmp_path)
    (tmp_path / "photos" / "map.png").unlink()
    with pytest.raises(NotFoundError, match=r"photos/map\.png"):
        import_story_file(newsroom, owner, path)
    assert count(newsroom, Article) == 0


def test_unreadable_story_files(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="does not exist"):
        import_story_file(newsroom, owner, tmp_path / "nowhere.md")
    with pytest.raises(ValidationError, match="is a folder"):
        import_story_file(newsroom, owner, tmp_path)
    latin1 = tmp_path / "latin1.md"
    latin1.write_bytes("---\nheadline: Caf\u00e9\nsection: International\n---\n".encode("latin-1"))
    with pytest.raises(ValidationError, match=r"latin1\.md is not UTF-8 text \(line 2\)"):
        import_story_file(newsroom, owner, latin1)


def test_status_needs_permission(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    users.add_user(newsroom, owner, "wendy", "Wendy Writer", Role.WRITER)
    writer = users.actor_for(newsroom, "wendy")
    path = write_story(tmp_path, story_text(status="approved"))
    with pytest.raises(PermissionDeniedError, match="may not add a story as approved"):
        import_story_file(newsroom, writer, path)
    story_id, _ = id_slug(import_story_file(newsroom, owner, path))
    assert get_story(newsroom, owner, story_id).status is Status.APPROVED


def test_round_trip_through_two_profiles(newsroom: Database, second_db: Database, owner: Actor,
                                         tmp_path: Path) -> None:
    extra = "scheduled: 2026-10-05T13:00:00+04:00\n"
    first_id, _ = id_slug(import_story_file(newsroom, owner, write_story(tmp_path, story_text(status="scheduled",
                                                                                     extra=extra))))
    out_a = tmp_path / "export-a" / "story.md"
    text_a = export_story_file(newsroom, owner, first_id, out_a)
    assert out_a.read_bytes() == text_a.encode("utf-8")
    assert "cities: [Baku, Tel Aviv]" in text_a  # canonical names, not the aliases in the source
    assert "scheduled: 2026-10-05T09:00:00+00:00" in text_a
    assert text_a.endswith("---\n" + BODY)

    second_id, slug = id_slug(import_story_file(second_db, users.profile_owner(second_db), out_a))
    out_b = tmp_path / "export-b" / "story.md"
    text_b = export_story_file(second_db, users.profile_owner(second_db), second_id, out_b)
    assert text_b == text_a
    assert slug == "israeli-defense-minister-visits-azerbaijan"
    for ref in ("photos/gantz-baku.jpg", "photos/map.png"):
        assert (out_b.parent / ref).read_bytes() == (tmp_path / ref).read_bytes()
    a, b = get_story(newsroom, owner, first_id), get_story(second_db, users.profile_owner(second_db), second_id)
    assert (b.headline, b.deck, b.section, b.slug, b.bylines, b.dateline, b.cities, b.status, b.scheduled,
            b.body) == (a.headline, a.deck, a.section, a.slug, a.bylines, a.dateline, a.cities, a.status,
                        a.scheduled, a.body)
    assert b.scheduled == datetime(2026, 10, 5, 9, tzinfo=UTC)
    assert [(p.role, p.caption, p.credit, p.alt, p.photographer, p.sha256) for p in b.photos] == [
        (p.role, p.caption, p.credit, p.alt, p.photographer, p.sha256) for p in a.photos]


def test_export_to_text_only_writes_nothing(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    story_id, _ = id_slug(import_story_file(newsroom, owner, write_story(tmp_path)))
    before = sorted(tmp_path.rglob("*"))
    text = export_story_file(newsroom, owner, story_id, None)
    assert text.startswith("---\nheadline: Israeli Defense Minister Visits Azerbaijan\n")
    assert sorted(tmp_path.rglob("*")) == before


def test_export_overwrites_atomically_without_temp_files(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    story_id, _ = id_slug(import_story_file(newsroom, owner, write_story(tmp_path)))
    out = tmp_path / "out" / "story.md"
    out.parent.mkdir()
    out.write_text("an older export\n", encoding="utf-8")
    export_story_file(newsroom, owner, story_id, out)
    export_story_file(newsroom, owner, story_id, out)
    names = sorted(str(p.relative_to(out.parent)) for p in out.parent.rglob("*"))
    assert names == ["photos", "photos/gantz-baku.jpg", "photos/map.png", "story.md"]
    assert out.read_text(encoding="utf-8").startswith("---\nheadline:")


def test_failed_write_cleans_up(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    story_id, _ = id_slug(import_story_file(newsroom, owner, write_story(tmp_path)))
    blocker = tmp_path / "out" / "story.md"
    blocker.mkdir(parents=True)  # a folder where the file should go: os.replace fails
    with pytest.raises(KnownError, match=r"Cannot write .*story\.md"):
        export_story_file(newsroom, owner, story_id, blocker)
    assert [p.name for p in blocker.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert blocker.is_dir()


@pytest.mark.parametrize("ref", ["../escape.jpg", "photos/../../escape.jpg", "/tmp/absolute.jpg"])
def test_export_refuses_paths_outside_the_folder(newsroom: Database, owner: Actor, tmp_path: Path, ref: str) -> None:
    story_id, _ = create_story(newsroom, owner, StoryChanges(
        headline="Escaping photo", section="Armenia",
        photos=(photo(picture(), "escape.jpg", ref=ref, caption="c"),)))
    out = tmp_path / "out" / "story.md"
    with pytest.raises(ValidationError, match="outside"):
        export_story_file(newsroom, owner, story_id, out)
    assert not out.exists() and not (tmp_path / "escape.jpg").exists()
    assert f"file: {ref}" in export_story_file(newsroom, owner, story_id, None)


def test_export_of_a_story_made_without_a_file(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    """Photos added elsewhere keep their file names; two different photos with one name get distinct paths."""
    story_id, _ = create_story(newsroom, owner, StoryChanges(
        headline="Gyumri festival", section="Community", body="Body", cities=("Gümri",),
        photos=(photo(picture(), "IMG_1.jpg", role="lead"),
                photo(picture(colour=(1, 2, 3)), "IMG_1.jpg"))))
    out = tmp_path / "story.md"
    text = export_story_file(newsroom, owner, story_id, out)
    assert "file: IMG_1.jpg" in text and "file: IMG_1-2.jpg" in text and "cities: [Gyumri]" in text
    assert (tmp_path / "IMG_1.jpg").read_bytes() == picture()
    assert (tmp_path / "IMG_1-2.jpg").read_bytes() == picture(colour=(1, 2, 3))


def test_crlf_body_and_taken_slug(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    text = story_text(body="Line one\r\nLine two\r\n").replace("status: draft\n", "status: draft\nslug: taken\n")
    path = write_story(tmp_path, text)
    story_id, slug = id_slug(import_story_file(newsroom, owner, path))
    assert (slug, get_story(newsroom, owner, story_id).body) == ("taken", "Line one\r\nLine two\r\n")
    with pytest.raises(ValidationError) as info:
        import_story_file(newsroom, owner, path)
    assert "slug 'taken'" in str(info.value) and str(path) in str(info.value)
    assert count(newsroom, Article) == 1


def test_export_unknown_story(newsroom: Database, owner: Actor) -> None:
    with pytest.raises(NotFoundError, match="no story with id 99"):
        export_story_file(newsroom, owner, 99, None)


def test_the_same_photo_keeps_each_storys_caption(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    """One stored photo, two stories with their own words: neither caption is lost, and both export."""
    first_id, _ = id_slug(import_story_file(newsroom, owner, write_story(tmp_path)))
    other = story_text(extra="slug: second-visit\n").replace(
        "caption: Israeli Defense Minister Benny Gantz in Baku", "caption: Gantz, back in Baku a year later").replace(
        "credit: Jewish Press photo", "credit: Pool photo")
    (tmp_path / "second").mkdir()
    second_id, _ = id_slug(import_story_file(newsroom, owner, write_story(tmp_path / "second", other)))
    assert count(newsroom, Image) == 2  # the same two files: stored once
    first, second = get_story(newsroom, owner, first_id).photos[0], get_story(newsroom, owner, second_id).photos[0]
    assert first.image_id == second.image_id
    assert (first.caption, first.credit) == ("Israeli Defense Minister Benny Gantz in Baku", "Jewish Press photo")
    assert (second.caption, second.credit) == ("Gantz, back in Baku a year later", "Pool photo")
    assert second.alt == first.alt == "Benny Gantz at a podium in Baku"
    exported = export_story_file(newsroom, owner, second_id, None)
    assert "caption: Gantz, back in Baku a year later" in exported and "credit: Pool photo" in exported
