"""Photos: checked by the imaging engine (format by content, one pixel cap, a real decode), stored once per
content (sha256) with what the file says about itself (date, copyright, camera, location and serial findings).

Every way a photo enters the newsroom comes through `store_photo`: the photo desk's import, a story file, a
photo dropped on a story, the demo. The original is kept as it came; what leaves is scrubbed (photo_publish).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.domain.errors import NotFoundError, ValidationError
from editor_app.imaging.renditions import ROTATING, THUMB_BOX, Rendition, RenditionSpec
from editor_app.storage.models import Image

if TYPE_CHECKING:
    from editor_app.imaging.metadata import PhotoMetadata
    from editor_app.imaging.sniff import PhotoFacts

logger = logging.getLogger(__name__)

THUMB_SPEC = RenditionSpec("thumb", *THUMB_BOX)  # the photo desk's grid; the first decode of every import


@dataclass(frozen=True)
class CheckedPhoto:
    """A photo that passed every check, with what its file says and the thumbnail its decode made."""

    data: bytes
    name: str
    sha256: str
    facts: PhotoFacts
    metadata: PhotoMetadata
    width: int  # upright: EXIF orientation applied
    height: int
    thumbnail: Rendition
    notes: tuple[str, ...] = field(default=())  # worth telling, not worth refusing (CMYK, 16 bits, bad EXIF)

    @property
    def mime(self) -> str:
        return self.facts.mime


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class FileFacts:
    """What a photo's header and metadata say, without decoding a pixel."""

    facts: PhotoFacts
    metadata: PhotoMetadata
    width: int  # upright
    height: int
    notes: tuple[str, ...]


def read_facts(data: bytes, name: str) -> FileFacts:
    """Format, size and metadata of `data` (a ValidationError naming the file when it is not a photo the desk
    can use); a few milliseconds, as nothing is decoded."""
    from editor_app.imaging.metadata import read_metadata
    from editor_app.imaging.sniff import probe

    facts = probe(data, name)
    if facts.animated:
        raise ValidationError(f"The photo {name} is an animated {facts.format} ({facts.frames} frames); the "
                              "photo desk takes still photos.",
                              hint="Save the frame you want as a JPEG or PNG and import that.")
    metadata = read_metadata(data, name)
    width, height = facts.width, facts.height
    if metadata.orientation in ROTATING:
        width, height = height, width
    return FileFacts(facts, metadata, width, height, tuple(_notes(facts, metadata)))


def check_photo(data: bytes, name: str, *, digest: str | None = None) -> CheckedPhoto:
    """Check that `data` (a file called `name`) is a whole still photo the desk can use; a ValidationError
    naming the file says what is wrong otherwise. The thumbnail is made on the way: decoding it (with JPEG
    DCT scaling, several times faster than a full decode) is what proves the file is not cut short."""
    from editor_app.imaging.renditions import render

    found = read_facts(data, name)
    thumbnail = render(data, [THUMB_SPEC], name=name)[0]
    return CheckedPhoto(data=data, name=name, sha256=digest or sha256_of(data), facts=found.facts,
                        metadata=found.metadata, width=found.width, height=found.height, thumbnail=thumbnail,
                        notes=found.notes)


def _notes(facts: PhotoFacts, metadata: PhotoMetadata) -> list[str]:
    notes = []
    if facts.mode == "CMYK":
        notes.append("CMYK colours (a print file): web copies are converted to sRGB.")
    if facts.bit_depth > 8:
        notes.append(f"{facts.bit_depth} bits per channel: web copies use 8.")
    if facts.format == "TIFF":
        notes.append("TIFF: web copies are JPEG; the original is kept as it is.")
    notes += [f"Metadata: {problem}." for problem in metadata.problems]
    return notes


@dataclass(frozen=True)
class StoredPhoto:
    image: Image
    created: bool  # False: the same bytes were stored already (this is that photo)


def find_by_sha256(session: Session, digest: str) -> Image | None:
    return session.scalar(select(Image).where(Image.sha256 == digest))


def store_photo(session: Session, checked: CheckedPhoto, filename: str, *, caption: str = "", credit: str = "",
                alt_text: str = "", photographer_id: int | None = None, source: str = "") -> StoredPhoto:
    """The Image row for a checked photo: the existing one when the same bytes are stored already."""
    existing = find_by_sha256(session, checked.sha256)
    if existing is not None:
        return StoredPhoto(existing, False)
    image = Image(sha256=checked.sha256, data=checked.data, mime=checked.mime, width=checked.width,
                  height=checked.height, byte_size=len(checked.data), filename=_fit(filename, 200),
                  caption=caption, credit=_fit(credit, 200), alt_text=alt_text, photographer_id=photographer_id,
                  source=_fit(source, 200))
    record_facts(image, checked)
    session.add(image)
    session.flush()
    return StoredPhoto(image, True)


def record_facts(image: Image, checked: CheckedPhoto) -> None:
    """Copy what the file says about itself onto the photo's row (never the desk's own words)."""
    meta = checked.metadata
    image.width, image.height = checked.width, checked.height
    image.date_taken = format_taken(meta.date_taken)
    image.copyright = _fit(meta.copyright, 300)
    image.camera = _fit(camera_name(meta.camera_make, meta.camera_model), 200)
    image.file_byline = _fit(meta.byline, 200)
    image.location_found = meta.has_location
    image.serial_found = meta.has_serial
    image.sensitive_found = "; ".join(meta.sensitive)
    image.metadata_notes = "\n".join(checked.notes)


def store_image(session: Session, data: bytes, filename: str, *, caption: str = "", credit: str = "",
                alt_text: str = "", photographer_id: int | None = None, source: str = "") -> Image:
    """The Image row for `data` (checked first when it is new): an existing one when the same bytes are
    already stored. What the story-file import and the demo use; the photo desk imports through photos.py."""
    digest = sha256_of(data)
    existing = find_by_sha256(session, digest)
    if existing is not None:
        return existing
    checked = check_photo(data, filename, digest=digest)
    return store_photo(session, checked, filename, caption=caption, credit=credit, alt_text=alt_text,
                       photographer_id=photographer_id, source=source).image


@dataclass(frozen=True)
class ImageFacts:
    mime: str
    width: int
    height: int


def inspect_image(data: bytes, name: str) -> ImageFacts:
    """Kept for callers written before the photo desk: `check_photo` with less to say."""
    checked = check_photo(data, name)
    return ImageFacts(checked.mime, checked.width, checked.height)


def image_bytes(session: Session, image_id: int) -> tuple[bytes, str]:
    """The original as it was imported, and its MIME type. Never send these bytes out: see photo_publish."""
    image = session.get(Image, image_id)
    if image is None:
        raise NotFoundError(f"Photo {image_id} does not exist.", hint="It may have been removed; reload the list.")
    return image.data, image.mime


def camera_name(make: str, model: str) -> str:
    """"Canon" + "Canon EOS R5" -> "Canon EOS R5"; "NIKON CORPORATION" + "NIKON Z 9" -> "NIKON Z 9"."""
    make, model = make.strip(), model.strip()
    first = make.split()[0].lower() if make else ""
    if not model:
        return make
    if not make or model.lower().startswith(first):
        return model
    return f"{make} {model}"


def format_taken(when: datetime | None) -> str:
    """ISO 8601 as the file gave it: with its offset when it stated one, else the camera's wall time."""
    return when.isoformat(timespec="seconds") if when is not None else ""


def _fit(text: str, limit: int) -> str:
    text = text.replace("\x00", "").strip()
    return text if len(text) <= limit else text[:limit - 1] + "…"
