"""What the photo desk hands to its workers: plain data in, plain data out (QImage is made on the worker,
QPixmap only on the GUI thread). Services are imported inside the jobs, as in ui/newsroom_jobs."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from editor_app.domain.photos import Needs, PhotoDetail, PhotoFilter, PhotoRow
    from editor_app.domain.weeks import IsoWeek
    from editor_app.imaging.cache import RenditionCache
    from editor_app.services.actor import Actor
    from editor_app.services.vocab import ContributorInfo
    from editor_app.storage.engine import Database

logger = logging.getLogger(__name__)

PREVIEW_WIDTH = 800  # the details panel's picture: the web rendition of that width


@dataclass(frozen=True)
class DeskPage:
    """The grid's rows for a filter, and what the filter menus offer."""

    rows: list[PhotoRow]
    counts: dict[Needs, int]
    weeks: list[IsoWeek]
    contributors: list[ContributorInfo]


@dataclass(frozen=True)
class DetailView:
    detail: PhotoDetail
    preview: QImage = field(default_factory=QImage)  # null when it could not be made


@dataclass(frozen=True)
class ThumbRequest:
    image_id: int
    sha256: str
    name: str


def load_desk(db: Database, actor: Actor, flt: PhotoFilter) -> DeskPage:
    from editor_app.services.photo_library import count_needing, list_photos, week_choices
    from editor_app.services.vocab import list_contributors

    return DeskPage(rows=list_photos(db, actor, flt), counts=count_needing(db, actor),
                    weeks=week_choices(db, actor), contributors=list_contributors(db, actor))


def load_thumbnails(db: Database, cache: RenditionCache, wanted: list[ThumbRequest]) -> list[tuple[int, QImage]]:
    """Each photo's thumbnail from the cache (made from the original first when missing); a null QImage for a
    photo whose original cannot be decoded any more (the grid shows it as broken, and says why on hover)."""
    from editor_app.domain.errors import KnownError
    from editor_app.services.photo_renditions import thumbnail_file

    found = []
    for item in wanted:
        try:
            path = thumbnail_file(db, cache, item.image_id, item.sha256, item.name)
        except KnownError as exc:
            logger.warning("no thumbnail for photo %s: %s", item.image_id, exc)
            found.append((item.image_id, QImage()))
            continue
        found.append((item.image_id, QImage(str(path))))
    return found


def load_detail(db: Database, actor: Actor, cache: RenditionCache, image_id: int) -> DetailView:
    from editor_app.domain.errors import KnownError
    from editor_app.imaging.renditions import RenditionSpec
    from editor_app.services.photo_library import photo_detail
    from editor_app.services.photo_renditions import web_renditions

    detail = photo_detail(db, actor, image_id)
    try:
        made = web_renditions(db, actor, cache, image_id, [RenditionSpec(f"w{PREVIEW_WIDTH}", PREVIEW_WIDTH)])
    except KnownError as exc:
        logger.warning("no preview for photo %s: %s", image_id, exc)
        return DetailView(detail)
    return DetailView(detail, QImage(str(made.files[0].path)))


def check_older_photos(db: Database, actor: Actor, check: Callable[[], None], limit: int) -> int:
    from editor_app.services.photo_checks import check_stored_photos

    return check_stored_photos(db, actor, check=check, limit=limit)


def prepare(db: Database) -> RenditionCache:
    """The newsroom's rendition cache; and, on the way, import what the desk's first import, save and thumbnail
    need (services, the imaging engine, Pillow's plugins), so that the GUI thread never pays for a first import
    (up to 0.1 s)."""
    import importlib

    for name in ("editor_app.services.photos", "editor_app.services.photo_edits", "editor_app.services.photo_library",
                 "editor_app.services.photo_checks", "editor_app.imaging.metadata", "editor_app.imaging.scrub",
                 "PIL.Image", "PIL.JpegImagePlugin", "PIL.PngImagePlugin", "PIL.WebPImagePlugin",
                 "PIL.TiffImagePlugin", "PIL.GifImagePlugin", "PIL.ImageCms", "defusedxml.ElementTree"):
        importlib.import_module(name)
    from editor_app.services.photo_renditions import rendition_cache

    return rendition_cache(db)
