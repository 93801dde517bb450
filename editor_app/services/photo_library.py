"""The photo desk's list: every photo with its words, what its file holds, and the stories that use it.

Filters: "needs caption / credit / alt text" (the photo's own words are empty) and "used in stories of week
N". Reads need READ; the list is read with plain column queries (no original bytes, no ORM objects), so
5,000 photos come back in a few tens of milliseconds. The records are in domain/photos.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from editor_app.domain.errors import NotFoundError
from editor_app.domain.permissions import Action
from editor_app.domain.photos import CopyRecord, Needs, PhotoDetail, PhotoFilter, PhotoRow, StoryUse
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.services.access import authorize
from editor_app.services.actor import Actor
from editor_app.storage.engine import Database
from editor_app.storage.models import Article, ArticleImage, Contributor, Image, PhotoCopy

__all__ = ["CopyRecord", "Needs", "PhotoDetail", "PhotoFilter", "PhotoRow", "StoryUse", "count_needing", "get_photo",
           "list_photos", "photo_detail", "photo_query", "read_row", "stories_by_photo", "week_choices"]


_IMAGE = Image.__table__.c  # plain columns: 5,000 rows come back without the ORM's per-row bookkeeping
_ROW_COLUMNS = (
    _IMAGE.id, _IMAGE.sha256, _IMAGE.filename, _IMAGE.mime, _IMAGE.width, _IMAGE.height, _IMAGE.byte_size,
    _IMAGE.caption, _IMAGE.credit, _IMAGE.alt_text, Contributor.__table__.c.name, _IMAGE.photographer_id,
    _IMAGE.source, _IMAGE.date_taken, _IMAGE.copyright, _IMAGE.camera, _IMAGE.file_byline, _IMAGE.location_found,
    _IMAGE.serial_found, _IMAGE.focal_x, _IMAGE.focal_y, _IMAGE.version, _IMAGE.created_at,
)


def _blank(column: ColumnElement[str]) -> ColumnElement[bool]:
    return func.trim(column) == ""


def photo_query(flt: PhotoFilter) -> Select[*tuple[Any, ...]]:
    contributor = Contributor.__table__
    query = select(*_ROW_COLUMNS).select_from(Image.__table__.outerjoin(
        contributor, contributor.c.id == _IMAGE.photographer_id))
    if flt.needs is Needs.CAPTION:
        query = query.where(_blank(_IMAGE.caption))
    elif flt.needs is Needs.CREDIT:
        query = query.where(_blank(_IMAGE.credit))
    elif flt.needs is Needs.ALT:
        query = query.where(_blank(_IMAGE.alt_text))
    if flt.week is not None:
        used = select(ArticleImage.image_id).join(Article, Article.id == ArticleImage.article_id)
        query = query.where(_IMAGE.id.in_(used.where(Article.week == flt.week)))
    words = flt.search.split()
    for word in words:  # photo words are short: a scan of 5,000 captions is a millisecond or two
        pattern = f"%{_escape_like(word)}%"
        query = query.where(or_(*(column.ilike(pattern, escape="\\") for column in (
            _IMAGE.filename, _IMAGE.caption, _IMAGE.credit, _IMAGE.source, contributor.c.name))))
    return query.order_by(_IMAGE.id.desc())


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _row(values: Sequence[Any], uses: tuple[StoryUse, ...] = ()) -> PhotoRow:
    (image_id, sha, filename, mime, width, height, size, caption, credit, alt, photographer, photographer_id,
     source, taken, copyright_, camera, file_byline, location, serial, fx, fy, version, created) = values
    return PhotoRow(
        id=image_id, sha256=sha, filename=filename, mime=mime, width=width, height=height, byte_size=size,
        caption=caption, credit=credit, alt=alt, photographer=photographer or "",
        photographer_id=photographer_id, source=source, date_taken=taken, copyright=copyright_,
        camera=camera, file_byline=file_byline, location_found=location, serial_found=serial,
        focal=(float(fx), float(fy)), version=version, imported=created, stories=uses,
    )


def list_photos(db: Database, actor: Actor, flt: PhotoFilter | None = None) -> list[PhotoRow]:
    """The photos that pass `flt`, newest first, each with the stories that use it."""
    flt = flt or PhotoFilter()
    with db.session() as session:
        authorize(session, actor, Action.READ)
        rows = session.execute(photo_query(flt)).all()
        uses = stories_by_photo(session, [row[0] for row in rows] if flt != PhotoFilter() else None)
    return [_row(row, tuple(uses.get(row[0], ()))) for row in rows]


def stories_by_photo(session: Session, image_ids: list[int] | None) -> dict[int, list[StoryUse]]:
    """Every use of the photos (all photos when `image_ids` is None), newest story first."""
    query = (select(ArticleImage.image_id, Article.id, Article.headline, ArticleImage.role, Article.status,
                    Article.week)
             .join(Article, Article.id == ArticleImage.article_id)
             .order_by(Article.updated_at.desc(), ArticleImage.position))
    found: dict[int, list[StoryUse]] = defaultdict(list)
    chunks = [None] if image_ids is None else [image_ids[i:i + 900] for i in range(0, len(image_ids), 900)]
    for chunk in chunks:
        limited = query if chunk is None else query.where(ArticleImage.image_id.in_(chunk))
        for image_id, story_id, headline, role, status, week in session.execute(limited):
            uses = found[image_id]
            if not any(u.story_id == story_id and u.role == role for u in uses):
                uses.append(StoryUse(story_id, headline, role, Status(status), week))
    return found


def get_photo(db: Database, actor: Actor, image_id: int) -> PhotoRow:
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return read_row(session, image_id)


def read_row(session: Session, image_id: int) -> PhotoRow:
    values = session.execute(photo_query(PhotoFilter()).where(_IMAGE.id == image_id)).first()
    if values is None:
        raise NotFoundError(f"There is no photo with id {image_id}.",
                            hint="`editor-app photos list` shows the photos and their ids.")
    return _row(values, tuple(stories_by_photo(session, [image_id]).get(image_id, ())))


def photo_detail(db: Database, actor: Actor, image_id: int) -> PhotoDetail:
    """Everything the details panel shows: the row, what the file holds, every copy that left."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        row = read_row(session, image_id)
        sensitive, notes = session.execute(
            select(Image.sensitive_found, Image.metadata_notes).where(Image.id == image_id)).one()
        copies = tuple(CopyRecord(c.sent_at, c.destination, c.verified_clean, c.removed, c.user_name)
                       for c in session.scalars(select(PhotoCopy).where(PhotoCopy.image_id == image_id)
                                                .order_by(PhotoCopy.sent_at.desc())))
    return PhotoDetail(row, sensitive, notes, copies)


def week_choices(db: Database, actor: Actor) -> list[IsoWeek]:
    """The ISO weeks of stories that use photos, newest first (the "used in week" filter)."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        weeks = session.scalars(select(Article.week).distinct()
                                .join(ArticleImage, and_(ArticleImage.article_id == Article.id))
                                .order_by(Article.week.desc()))
        return list(weeks)


def count_needing(db: Database, actor: Actor) -> dict[Needs, int]:
    """How many photos lack each of caption, credit and alt text (the filter menu's counts)."""
    with db.session() as session:
        authorize(session, actor, Action.READ)
        return {need: session.scalar(select(func.count()).select_from(photo_query(PhotoFilter(needs=need))
                                                                     .order_by(None).subquery())) or 0
                for need in Needs}
