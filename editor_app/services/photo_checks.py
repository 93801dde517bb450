"""Read what the files of photos stored before the photo desk hold (location, serial numbers, date,
copyright, camera): their `location_found` is NULL until then. The desk runs this in the background when a
newsroom opens; `editor-app photos check` does it from the command line.

The facts are written with a plain UPDATE that leaves the photo's version alone: they are what the file
says, not an edit, and must not make a colleague's caption edit look stale.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import select, update

from editor_app.domain.errors import KnownError
from editor_app.domain.permissions import Action
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.images import camera_name, format_taken, read_facts
from editor_app.storage.engine import Database
from editor_app.storage.models import Image

logger = logging.getLogger(__name__)


def unchecked_photo_ids(db: Database, actor: Actor) -> list[int]:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return list(session.scalars(select(Image.id).where(Image.location_found.is_(None)).order_by(Image.id)))


def check_stored_photos(db: Database, actor: Actor, *, progress: Callable[[int, int, str], None] | None = None,
                        check: Callable[[], None] | None = None, limit: int | None = None) -> int:
    """Fill in the file facts of unchecked photos (at most `limit` of them); how many were checked. The files
    are read, not decoded: a few milliseconds a photo."""
    ids = unchecked_photo_ids(db, actor)[:limit]
    for done, image_id in enumerate(ids, start=1):
        if check is not None:
            check()
        check_one(db, image_id)
        if progress is not None:
            progress(done, len(ids), "")
    if ids:
        logger.info("checked the files of %d photos stored before the photo desk", len(ids))
    return len(ids)


def check_one(db: Database, image_id: int) -> None:
    with db.session() as session:
        row = session.execute(select(Image.data, Image.filename).where(Image.id == image_id)).first()
    if row is None:
        return
    data, filename = row
    values: dict[str, object]
    try:
        found = read_facts(data, filename)
    except KnownError as exc:  # a photo stored by an older version that today's checks refuse
        values = {"location_found": False, "serial_found": False, "metadata_notes": exc.message}
    else:
        meta = found.metadata
        values = {"width": found.width, "height": found.height, "date_taken": format_taken(meta.date_taken),
                  "copyright": meta.copyright[:300], "camera": camera_name(meta.camera_make, meta.camera_model)[:200],
                  "file_byline": meta.byline[:200], "location_found": meta.has_location,
                  "serial_found": meta.has_serial, "sensitive_found": "; ".join(meta.sensitive),
                  "metadata_notes": "\n".join(found.notes)}
    with db.session(write=True) as session:
        session.execute(update(Image).where(Image.id == image_id, Image.location_found.is_(None))
                        .values(**values, updated_at=Image.updated_at)  # not an edit: "updated" stays
                        .execution_options(synchronize_session=False))
