"""The copy that leaves the newsroom: scrubbed, proved clean by a re-read, recorded; the original untouched."""

from __future__ import annotations

import io

from PIL import Image as PILImage
from sqlalchemy import select

from bench import sample_photos
from editor_app.imaging.metadata import read_metadata
from editor_app.imaging.scrub import leftovers
from editor_app.services.actor import Actor
from editor_app.services.photo_library import photo_detail
from editor_app.services.photo_publish import clean_copy_for, published_copy
from editor_app.services.photos import PhotoSource, import_one
from editor_app.storage.engine import Database
from editor_app.storage.models import Image, PhotoCopy, User
from tests import photo_samples
from tests.imaging import files


def test_published_copy_is_clean_and_recorded(newsroom: Database, owner: Actor) -> None:
    original = photo_samples.camera_photo(4)
    image_id = import_one(newsroom, owner, PhotoSource.pasted(original, "gps.jpg")).image_id
    with newsroom.session(write=True) as session:
        image = session.get(Image, image_id)
        user = session.get(User, owner.user_id)
        assert image is not None
        data = published_copy(session, image, destination="WordPress: Meridian Weekly", user=user)
    assert leftovers(data) == []
    meta = read_metadata(data)
    assert not meta.has_location and not meta.has_serial
    assert meta.caption == sample_photos.CAPTION  # IPTC stays: the splice keeps what is not sensitive
    assert data[data.index(b"\xff\xda"):] == original[original.index(b"\xff\xda"):]  # not re-encoded
    detail = photo_detail(newsroom, owner, image_id or 0)
    [copy] = detail.copies
    assert copy.destination == "WordPress: Meridian Weekly" and copy.verified_clean and detail.all_copies_clean
    assert "GPS" in copy.removed and copy.user_name == owner.display_name
    with newsroom.session() as session:
        stored = session.get(Image, image_id)
        assert stored is not None and stored.data == original  # the archive keeps the original
        assert session.scalars(select(PhotoCopy.byte_size)).one() == len(data)


def test_a_photo_with_nothing_to_remove_goes_as_it_is(newsroom: Database, owner: Actor) -> None:
    plain = photo_samples.plain_jpeg(8)
    image_id = import_one(newsroom, owner, PhotoSource.pasted(plain, "plain.jpg")).image_id
    copy = clean_copy_for(newsroom, owner, image_id or 0, "export")
    assert copy.data == plain and copy.removed == () and copy.mime == "image/jpeg"


def test_a_tiff_leaves_as_a_clean_jpeg(newsroom: Database, owner: Actor) -> None:
    exif = sample_photos.exif_bytes(sample_photos.Camera(), 160, 120)
    tiff = files.encode(sample_photos.scene(160, 120), "TIFF", exif=exif[6:])
    outcome = import_one(newsroom, owner, PhotoSource.pasted(tiff, "scan.tiff"))
    assert outcome.ok and outcome.location_found, outcome.message
    copy = clean_copy_for(newsroom, owner, outcome.image_id or 0, "WordPress")
    assert copy.mime == "image/jpeg" and copy.filename == "scan.jpg" and leftovers(copy.data) == []
    with PILImage.open(io.BytesIO(copy.data)) as img:
        assert img.format == "JPEG" and img.size == (160, 120)
