"""The photo files a target receives — never the stored original as it is.

- The local site gets a web rendition (at most 1600 px wide, upright, sRGB, JPEG) made by the imaging engine
  through the rendition cache: renditions carry no metadata at all.
- WordPress gets the clean original (`photo_publish.clean_copy`): the same pixels, GPS and serial numbers
  spliced out of the metadata, IPTC kept; WordPress makes its own sizes from it.

Every copy is re-read before it leaves (nothing sensitive may be found in it) and recorded as a PhotoCopy
(which photo, where to, its hash, what was removed), so the photo desk can show that every copy that left the
newsroom was clean.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.domain.errors import NotFoundError, ValidationError
from editor_app.domain.text import slugify
from editor_app.imaging.renditions import RenditionSpec
from editor_app.services.photo_publish import clean_copy
from editor_app.services.photo_renditions import original_bytes, rendition_cache
from editor_app.services.publishing.backend import PhotoFile
from editor_app.storage.engine import Database
from editor_app.storage.models import Image, PhotoCopy, utcnow

logger = logging.getLogger(__name__)

WEB_SPEC = RenditionSpec("web", 1600)
RENDITION_KEY = "clean-v1"  # changes when the files change (part of a photo's content hash on a target)


def _missing(image_id: int) -> NotFoundError:
    return NotFoundError(f"Photo {image_id} is no longer in the newsroom.",
                         hint="Place the photo in the story again, then publish.")


def _web_name(filename: str, sha256: str) -> str:
    """A stable, content-addressed file name: 'gantz-baku-3f2a9c1d9e0b.jpg' (same photo, same name)."""
    stem = slugify(PurePosixPath(filename).stem or "photo", max_length=40) or "photo"
    return f"{stem}-{sha256[:12]}.jpg"


def main_rendition_name(session: Session, image_id: int) -> str:
    """The file name of the photo's web rendition, without making it."""
    row = session.execute(select(Image.filename, Image.sha256).where(Image.id == image_id)).first()
    if row is None:
        raise _missing(image_id)
    return _web_name(row.filename, row.sha256)


def web_file(db: Database, image_id: int, destination: str) -> PhotoFile:
    """The photo's web rendition (made once, then from the cache), checked clean and recorded."""
    from editor_app.imaging.scrub import leftovers

    with db.session() as session:
        row = session.execute(select(Image.filename, Image.sha256, Image.focal_x, Image.focal_y)
                              .where(Image.id == image_id)).first()
    if row is None:
        raise _missing(image_id)
    made = rendition_cache(db).get_or_make(row.sha256, [WEB_SPEC], lambda: original_bytes(db, image_id),
                                           (row.focal_x, row.focal_y), name=row.filename)[0]
    data = made.path.read_bytes()
    left = leftovers(data)
    if left:  # a rendition carries no metadata; this would be a bug in the engine, and nothing leaves
        raise ValidationError(f"The web copy of photo {row.filename} still holds {', '.join(left)}; not sent.",
                              hint="Report this with the log file; the photo was not published.")
    with db.session(write=True) as session:
        session.add(PhotoCopy(image_id=image_id, sent_at=utcnow(), destination=destination[:200],
                              sha256=hashlib.sha256(data).hexdigest(), byte_size=len(data), verified_clean=True,
                              removed="all metadata (a web rendition)", user_name=""))
    return PhotoFile(filename=_web_name(row.filename, row.sha256), data=data, mime="image/jpeg",
                     width=made.width, height=made.height)


def original_file(db: Database, image_id: int, destination: str) -> PhotoFile:
    """The photo's clean original (metadata scrubbed, pixels untouched), checked and recorded."""
    with db.session(write=True) as session:
        image = session.get(Image, image_id)
        if image is None:
            raise _missing(image_id)
        copy = clean_copy(session, image, destination=destination)
        width, height = image.width, image.height
    logger.info("photo %s leaves for %s as %s (%d bytes)", image_id, destination, copy.filename, len(copy.data))
    return PhotoFile(filename=copy.filename, data=copy.data, mime=copy.mime, width=width, height=height)
