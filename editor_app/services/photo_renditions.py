"""Renditions of stored photos, through the disk cache: the desk's thumbnails and the web sizes.

The cache lives in the profile (`<profile>/renditions/`) for an embedded newsroom, and in the user's cache
folder (one sub-folder per database) for a shared PostgreSQL one. It is disposable: a missing file is made
again from the original, which is only read from the database when something has to be made.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from editor_app.domain.errors import NotFoundError
from editor_app.domain.permissions import Action
from editor_app.imaging.cache import CachedRendition, RenditionCache
from editor_app.imaging.renditions import RenditionSpec, standard_specs
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.services.images import THUMB_SPEC
from editor_app.services.local_folders import newsroom_folder
from editor_app.storage.engine import Database
from editor_app.storage.models import Image

logger = logging.getLogger(__name__)

RENDITIONS_FOLDER = "renditions"


def rendition_folder(db: Database) -> Path:
    """Where the renditions of this newsroom's photos are cached."""
    return newsroom_folder(db, RENDITIONS_FOLDER, cache=True)


def rendition_cache(db: Database) -> RenditionCache:
    return RenditionCache(rendition_folder(db))


def original_bytes(db: Database, image_id: int) -> bytes:
    """The original of a photo, for making renditions (never for sending out: see photo_publish)."""
    with db.session() as session:
        data = session.scalar(select(Image.data).where(Image.id == image_id))
    if data is None:
        raise NotFoundError(f"Photo {image_id} does not exist any more.", hint="Reload the photo desk.")
    return data


def thumbnail_file(db: Database, cache: RenditionCache, image_id: int, sha256: str, name: str = "photo") -> Path:
    """The thumbnail's file (made first if missing). Reads the database only when it has to be made."""
    made = cache.get_or_make(sha256, [THUMB_SPEC], lambda: original_bytes(db, image_id), name=name)
    return made[0].path


@dataclass(frozen=True)
class PhotoRenditions:
    image_id: int
    files: list[CachedRendition]


def web_renditions(db: Database, actor: Actor, cache: RenditionCache, image_id: int,
                   specs: list[RenditionSpec] | None = None) -> PhotoRenditions:
    """Thumbnail and the web widths (320, 800, 1600) of a photo, upright and metadata-free, crops steered
    by its focal point. Renditions carry no metadata at all, so they may leave the newsroom as they are."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        row = session.execute(select(Image.sha256, Image.filename, Image.focal_x, Image.focal_y)
                              .where(Image.id == image_id)).first()
    if row is None:
        raise NotFoundError(f"There is no photo with id {image_id}.", hint="Reload the photo desk.")
    sha256, filename, fx, fy = row
    files = cache.get_or_make(sha256, specs or standard_specs(), lambda: original_bytes(db, image_id),
                              (fx, fy), name=filename)
    return PhotoRenditions(image_id, files)
