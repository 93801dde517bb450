"""Importing photos into the photo desk: checks, dedupe, metadata prefill, credit memory, bad input."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench import sample_photos
from bench.sample_photos import Camera
from editor_app.domain.bylines import ContributorKind
from editor_app.domain.errors import PermissionDeniedError
from editor_app.domain.workflow import Role
from editor_app.imaging.cache import RenditionCache
from editor_app.services import users, vocab
from editor_app.services.actor import Actor
from editor_app.services.images import THUMB_SPEC
from editor_app.services.photo_edits import PhotoEdit, update_photo
from editor_app.services.photo_library import Needs, get_photo
from editor_app.services.photos import PhotoSource, collect_sources, import_one, import_photos
from editor_app.storage.engine import Database
from editor_app.storage.models import AuditEvent, Contributor, Image
from editor_app.ui.tasks import CancelledError
from tests import photo_samples
from tests.photo_samples import BAD_CASES, NON_ASCII_NAME


def count(db: Database, model: type[Image] | type[Contributor] | type[AuditEvent]) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_camera_photo_is_imported_with_its_metadata(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    path = tmp_path / "IMG_0001.jpg"
    path.write_bytes(photo_samples.camera_photo(1))
    cache = RenditionCache(tmp_path / "renditions")
    [outcome] = import_photos(newsroom, owner, [PhotoSource.file(path)], cache=cache)
    assert outcome.ok and not outcome.duplicate and outcome.error == ""
    assert outcome.location_found and outcome.serial_found
    row = get_photo(newsroom, owner, outcome.image_id or 0)
    assert row.caption == sample_photos.CAPTION
    assert row.credit == sample_photos.CREDIT
    assert row.photographer == sample_photos.BYLINE  # an IPTC by-line becomes a contributor
    assert row.copyright == sample_photos.COPYRIGHT
    assert row.date_taken == "2026-09-20T10:42:17+04:00"
    assert row.camera == "Canon EOS R5"
    assert (row.width, row.height) == (640, 426)
    assert row.location_found is True and row.serial_found is True
    assert row.alt == "" and row.needs == (Needs.ALT,)
    assert cache.path_for(row.sha256, THUMB_SPEC).is_file()  # the thumbnail made while checking, kept
    with newsroom.session() as session:
        stored = session.get(Image, row.id)
        assert stored is not None and stored.data == path.read_bytes()  # the original, as it came
        assert "EXIF GPS location" in stored.sensitive_found
        person = vocab.find_contributor(session, sample_photos.BYLINE)
        assert person is not None and person.default_credit == sample_photos.CREDIT


def test_the_same_file_twice_is_one_photo(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    data = photo_samples.camera_photo(2)
    (tmp_path / "a.jpg").write_bytes(data)
    (tmp_path / "copy of a.jpg").write_bytes(data)
    first, second = import_photos(newsroom, owner, collect_sources([tmp_path]).sources)
    assert first.ok and not first.duplicate
    assert second.duplicate and second.image_id == first.image_id
    assert "Already in the photo desk" in second.notes[0]
    pasted = import_one(newsroom, owner, PhotoSource.pasted(data, "pasted.jpg"))
    assert pasted.duplicate and pasted.image_id == first.image_id
    assert count(newsroom, Image) == 1


def test_a_known_photographer_fills_in_their_usual_credit(newsroom: Database, owner: Actor) -> None:
    with newsroom.session() as session:
        vocab.add_contributor(session, "Anahit Hayrapetyan", ContributorKind.STAFF, default_credit="Meridian photo")
    no_credit = Camera(iptc=False, xmp=False, extra_exif={0x013B: "Anahit Hayrapetyan"})
    data = sample_photos.camera_jpeg(300, 200, no_credit, detail=5)
    outcome = import_one(newsroom, owner, PhotoSource.pasted(data, "x.jpg"))
    row = get_photo(newsroom, owner, outcome.image_id or 0)
    assert row.photographer == "Anahit Hayrapetyan" and row.credit == "Meridian photo"


def test_an_exif_artist_nobody_knows_is_not_made_a_contributor(newsroom: Database, owner: Actor) -> None:
    data = sample_photos.camera_jpeg(300, 200, Camera(iptc=False, xmp=False), detail=5)  # EXIF Artist only
    before = count(newsroom, Contributor)
    outcome = import_one(newsroom, owner, PhotoSource.pasted(data, "x.jpg"))
    row = get_photo(newsroom, owner, outcome.image_id or 0)
    assert row.photographer == "" and row.file_byline == "EXIF Artist Name"
    assert count(newsroom, Contributor) == before


def test_camera_boilerplate_is_not_a_caption(newsroom: Database, owner: Actor) -> None:
    camera = Camera(iptc=False, xmp=False, extra_exif={0x010E: "OLYMPUS DIGITAL CAMERA         "})
    outcome = import_one(newsroom, owner, PhotoSource.pasted(sample_photos.camera_jpeg(300, 200, camera), "o.jpg"))
    assert get_photo(newsroom, owner, outcome.image_id or 0).caption == ""


def test_a_clean_photo_says_nothing_was_found(newsroom: Database, owner: Actor) -> None:
    outcome = import_one(newsroom, owner, PhotoSource.pasted(photo_samples.plain_jpeg(), "plain.jpg"))
    row = get_photo(newsroom, owner, outcome.image_id or 0)
    assert row.location_found is False and row.serial_found is False
    assert set(row.needs) == set(Needs)


def test_a_rotated_photo_is_stored_with_its_upright_size(newsroom: Database, owner: Actor) -> None:
    data = sample_photos.camera_jpeg(300, 200, Camera(orientation=6), detail=5)
    outcome = import_one(newsroom, owner, PhotoSource.pasted(data, "portrait.jpg"))
    row = get_photo(newsroom, owner, outcome.image_id or 0)
    assert (row.width, row.height) == (200, 300)


def test_a_tiff_is_accepted(newsroom: Database, owner: Actor) -> None:
    from tests.imaging import files

    data = files.encode(sample_photos.scene(120, 80), "TIFF")
    outcome = import_one(newsroom, owner, PhotoSource.pasted(data, "scan.tif"))
    assert outcome.ok, outcome.message
    row = get_photo(newsroom, owner, outcome.image_id or 0)
    assert row.mime == "image/tiff" and (row.width, row.height) == (120, 80)


def test_every_bad_file_is_told_plainly_and_the_rest_imports(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    folder = tmp_path / "card"
    bad = photo_samples.write_bad_folder(folder)
    good = photo_samples.write_good_photos(folder, 3)
    (folder / "IMG_0001.xmp").write_text("<x:xmpmeta/>")  # a sidecar: not a photo by name
    scan = collect_sources([folder])
    assert [p.name for p in scan.skipped] == ["IMG_0001.xmp"]
    outcomes = {o.name: o for o in import_photos(newsroom, owner, scan.sources)}
    assert len(outcomes) == len(bad) + len(good)
    for kind, case in BAD_CASES.items():
        outcome = outcomes[unicodedata.normalize("NFC", case.name)]
        if case.refused:
            assert not outcome.ok, kind
            assert case.name in outcome.error, (kind, outcome.error)
            assert case.says in outcome.message, (kind, outcome.message)
            assert "bug" not in outcome.message
        else:
            assert outcome.ok, (kind, outcome.message)
            assert any(case.says in note for note in outcome.notes) or not case.says, (kind, outcome.notes)
    assert all(outcomes[p.name].ok for p in good)
    refused = sum(case.refused for case in BAD_CASES.values())
    imported = len(outcomes) - refused
    assert count(newsroom, Image) == imported  # nothing half-imported
    with newsroom.session() as session:
        names = set(session.scalars(select(Image.filename)))
        imports = session.scalar(select(func.count()).where(AuditEvent.action == "photo.import"))
    assert NON_ASCII_NAME in names and imports == imported
    assert not any(case.name in names for case in BAD_CASES.values() if case.refused)


def test_the_bomb_is_refused_before_it_is_decoded(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    path = photo_samples.write_bad_file(tmp_path, "bomb")
    outcome = import_one(newsroom, owner, PhotoSource.file(path))
    assert outcome.error.startswith("The photo bomb.png is 20000×20000 pixels (400 megapixels)")


def test_a_cancelled_batch_keeps_what_was_imported(newsroom: Database, owner: Actor, tmp_path: Path) -> None:
    paths = photo_samples.write_good_photos(tmp_path, 4)
    seen: list[tuple[int, int, str]] = []

    def check() -> None:
        if len(seen) == 2:
            raise CancelledError("cancelled")

    with pytest.raises(CancelledError):
        import_photos(newsroom, owner, [PhotoSource.file(p) for p in paths],
                      progress=lambda done, total, name: seen.append((done, total, name)), check=check)
    assert seen == [(1, 4, "IMG_0000.jpg"), (2, 4, "IMG_0001.jpg")]
    assert count(newsroom, Image) == 2


def test_a_writer_may_not_import_into_the_photo_desk(newsroom: Database, owner: Actor) -> None:
    users.add_user(newsroom, owner, "wanda", "Wanda Writer", Role.WRITER)
    writer = users.actor_for(newsroom, "wanda")
    outcome = import_one(newsroom, writer, PhotoSource.pasted(photo_samples.plain_jpeg(), "w.jpg"))
    assert not outcome.ok and "may not caption, credit and import photos" in outcome.error
    assert count(newsroom, Image) == 0
    users.add_user(newsroom, owner, "pia", "Pia Photo", Role.PHOTO_DESK)
    desk = users.actor_for(newsroom, "pia")
    assert import_one(newsroom, desk, PhotoSource.pasted(photo_samples.plain_jpeg(), "p.jpg")).ok
    with pytest.raises(PermissionDeniedError):
        update_photo(newsroom, writer, 1, PhotoEdit(caption="x"))
