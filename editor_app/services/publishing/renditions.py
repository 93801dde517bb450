"""The photo files a target receives: THE seam where scrubbed web renditions plug in.

Today `renditions_for` hands over the stored photo as it is (the original bytes). When the imaging package
is wired in, it returns metadata-free web renditions (e.g. 1600 px wide, GPS and serial numbers gone) and
both backends follow: the local site writes them, WordPress uploads the largest. Nothing else changes.
"""

from __future__ import annotations

import logging
from pathlib import PurePosixPath

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.domain.errors import NotFoundError
from editor_app.domain.text import slugify
from editor_app.services.publishing.backend import PhotoFile
from editor_app.storage.models import Image

logger = logging.getLogger(__name__)

_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}
RENDITION_KEY = "original"  # changes when the files change (part of a photo's content hash on a target)


def _name(filename: str, sha256: str, mime: str) -> str:
    stem = slugify(PurePosixPath(filename).stem or "photo", max_length=40) or "photo"
    return f"{stem}-{sha256[:12]}{_EXTENSIONS.get(mime, '.img')}"


def web_filename(image: Image) -> str:
    """A stable, content-addressed file name: 'gantz-baku-3f2a9c1d9e0b.jpg' (same bytes, same name)."""
    return _name(image.filename, image.sha256, image.mime)


def renditions_for(session: Session, image_id: int) -> list[PhotoFile]:
    """The files a target publishes for a photo, largest first. For now: the stored bytes, unchanged."""
    image = session.get(Image, image_id)
    if image is None:
        raise NotFoundError(f"Photo {image_id} is no longer in the newsroom.",
                            hint="Place the photo in the story again, then publish.")
    return [PhotoFile(filename=web_filename(image), data=image.data, mime=image.mime, width=image.width,
                      height=image.height)]


def main_rendition_name(session: Session, image_id: int) -> str:
    """The file name of the photo's main web file (the first of `renditions_for`), without reading its bytes."""
    row = session.execute(select(Image.filename, Image.sha256, Image.mime).where(Image.id == image_id)).first()
    if row is None:
        raise NotFoundError(f"Photo {image_id} is no longer in the newsroom.",
                            hint="Place the photo in the story again, then publish.")
    return _name(row.filename, row.sha256, row.mime)
