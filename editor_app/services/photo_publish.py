"""The copy of a photo that leaves the newsroom: scrubbed of GPS and serial numbers, proved clean by a
re-read, and recorded (where to, its hash, what was removed) before it goes.

Publishing backends call `published_copy(session, image, destination=…)` inside their own transaction
and send exactly the bytes it returns; the original in the database is never sent. A JPEG, PNG, WebP or
GIF keeps its format and every picture byte (the metadata is spliced out); a TIFF goes out as a JPEG
(browsers do not show TIFF; a rendition carries no metadata at all). A copy that cannot be proved clean is
refused: it does not leave.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import PurePosixPath

from sqlalchemy.orm import Session

from editor_app.domain.errors import NotFoundError, ValidationError
from editor_app.domain.permissions import Action
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.storage.engine import Database
from editor_app.storage.models import Image, PhotoCopy, User, utcnow

logger = logging.getLogger(__name__)

WEB_ORIGINAL_QUALITY = 92
_SUFFIX = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp", "image/gif": ".gif"}


@dataclass(frozen=True)
class CleanCopy:
    """The bytes to send, their type and a file name for them, and what the scrub took out."""

    data: bytes
    mime: str
    filename: str
    sha256: str
    removed: tuple[str, ...]


def published_copy(session: Session, image: Image, *, destination: str = "", user: User | None = None) -> bytes:
    """The clean bytes of `image` to send to `destination` (recorded as a PhotoCopy in `session`)."""
    return clean_copy(session, image, destination=destination, user=user).data


def clean_copy(session: Session, image: Image, *, destination: str = "", user: User | None = None) -> CleanCopy:
    """`published_copy` with the MIME type and file name the bytes need (a TIFF leaves as a JPEG)."""
    copy = make_clean_copy(image.data, image.mime, image.filename or f"photo-{image.id}", image.width)
    session.add(PhotoCopy(image_id=image.id, sent_at=utcnow(), destination=destination[:200], sha256=copy.sha256,
                          byte_size=len(copy.data), verified_clean=True, removed="; ".join(copy.removed),
                          user_id=user.id if user is not None else None,
                          user_name=user.display_name if user is not None else ""))
    logger.info("clean copy of photo %s for %s: %d bytes, removed %s", image.id, destination or "(unnamed)",
                len(copy.data), ", ".join(copy.removed) or "nothing")
    return copy


def make_clean_copy(data: bytes, mime: str, filename: str, width: int) -> CleanCopy:
    """Scrub `data`, then re-read the result: a ValidationError when anything sensitive is left."""
    from editor_app.imaging.renditions import RenditionSpec, render
    from editor_app.imaging.scrub import leftovers, scrub_for_publication

    removed: tuple[str, ...]
    if mime == "image/tiff":
        rendition = render(data, [RenditionSpec("web-original", max(1, width))], name=filename,
                           quality=WEB_ORIGINAL_QUALITY)[0]
        out, out_mime, removed = rendition.data, "image/jpeg", ("all metadata (a TIFF leaves as a JPEG)",)
    else:
        result = scrub_for_publication(data, mime, name=filename)
        out, out_mime, removed = result.data, mime, tuple(result.removed)
    left = leftovers(out)
    if left:
        logger.error("a scrubbed copy of %s still holds %s; refused", filename, ", ".join(left))
        raise ValidationError(f"The photo {filename} could not be proved free of location data and serial numbers "
                              f"(still found: {', '.join(left)}), so it was not sent.",
                              hint="Export it again from your photo software without metadata, and import that.")
    stem = PurePosixPath(filename).stem or "photo"
    name = filename if out_mime == mime else f"{stem}.jpg"
    if PurePosixPath(name).suffix.lower() not in (_SUFFIX.get(out_mime, ""), ".jpeg") and out_mime in _SUFFIX:
        name = f"{stem}{_SUFFIX[out_mime]}"
    return CleanCopy(out, out_mime, name, hashlib.sha256(out).hexdigest(), removed)


def clean_copy_for(db: Database, actor: Actor, image_id: int, destination: str) -> CleanCopy:
    """A clean copy in a transaction of its own (an export, the CLI); recorded like any other."""
    with db.session(write=True) as session:
        user = authorize(session, actor, Action.READ)
        image = session.get(Image, image_id)
        if image is None:
            raise NotFoundError(f"There is no photo with id {image_id}.", hint="Reload the photo desk.")
        return clean_copy(session, image, destination=destination, user=user)
