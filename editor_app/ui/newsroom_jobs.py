"""The work the GUI hands to its worker thread: plain data in, plain data out.

Services (and with them SQLAlchemy, Markdown and Pillow) are imported here lazily, inside the jobs, so
that the main window can paint before any of them has loaded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QImage

from editor_app.domain.errors import KnownError
from editor_app.domain.stories import FilterChoices, PhotoUse, StoryFilter, StoryPage

if TYPE_CHECKING:
    from editor_app.domain.newsroom_settings import NewsroomSettings
    from editor_app.services.actor import Actor
    from editor_app.storage.engine import Database

logger = logging.getLogger(__name__)

PREVIEW_WIDTH = 560


@dataclass(frozen=True)
class OpenedNewsroom:
    db: Database
    actor: Actor  # who is working: the profile's owner, or the account named with --as
    settings: NewsroomSettings  # the paper's name, time zone, … as the newsroom was opened
    description: str  # "the file /…/newsroom.sqlite", for sentences
    label: str  # short, for the status bar
    demo_summary: str = ""  # set when the demo newsroom was created on the way in


@dataclass(frozen=True)
class StoryPreview:
    story_id: int
    headline: str
    html: str
    images: dict[str, QImage] = field(default_factory=dict)  # src in the HTML -> decoded image


def demo_profile_dir() -> Path:
    """`editor-app --demo` keeps its own profile so it never mixes with real work."""
    from editor_app.storage.profile import default_profile_dir

    return default_profile_dir().parent / "demo"


def open_newsroom(profile_dir: Path | None, database_url: str | None, demo: bool,
                  acting_user: str | None = None) -> OpenedNewsroom:
    from editor_app.services.identity import resolve_actor
    from editor_app.storage.open import open_database
    from editor_app.storage.profile import resolve_profile

    if demo and profile_dir is None:
        profile_dir = demo_profile_dir()
    db = open_database(resolve_profile(profile_dir, database_url))
    try:
        actor = resolve_actor(db, acting_user)
    except BaseException:
        db.dispose()
        raise
    return newsroom_for(db, actor, demo)


def newsroom_for(db: Database, actor: Actor, demo: bool) -> OpenedNewsroom:
    """The open database as the window uses it, once it is known who works at it (the demo newsroom is
    made on the way in when asked for and the profile is empty)."""
    summary = ""
    try:
        if demo:
            from editor_app.services.demo import create_demo_newsroom, has_stories

            if not has_stories(db):
                summary = create_demo_newsroom(db, actor)
        from editor_app.services.settings import get_settings

        settings = get_settings(db, actor)
    except BaseException:
        db.dispose()
        raise
    return OpenedNewsroom(db=db, actor=actor, settings=settings, description=db.description,
                          label=database_label(db.url), demo_summary=summary)


def quick_list(profile_dir: Path | None, database_url: str | None, demo: bool,
               acting_user: str | None) -> tuple[StoryPage, FilterChoices] | None:
    """The first list page read straight from SQLite while SQLAlchemy loads (storage/quick_list.py), when the
    profile is a single-desk one opened by its owner; otherwise None."""
    from editor_app.storage.profile import resolve_profile
    from editor_app.storage.quick_list import quick_first_page

    if acting_user:
        return None
    profile = resolve_profile(profile_dir or (demo_profile_dir() if demo else None), database_url)
    return quick_first_page(profile.sqlite_path) if profile.sqlite_path is not None else None


def database_label(url: str) -> str:
    """'SQLite · ~/.local/share/editor-app/demo' or 'PostgreSQL · newsroom on dbhost'."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        folder = str(Path(parsed.database or "").parent)
        home = str(Path.home())
        return "SQLite · " + ("~" + folder[len(home):] if folder.startswith(home + "/") else folder)
    host = parsed.host or str(parsed.query.get("host") or "local socket")
    return f"PostgreSQL · {parsed.database} on {host}"


def load_demo(db: Database, actor: Actor) -> str:
    from editor_app.services.demo import create_demo_newsroom

    return create_demo_newsroom(db, actor)


def list_page(db: Database, actor: Actor, flt: StoryFilter, offset: int) -> StoryPage:
    from editor_app.services.story_list import list_stories

    return list_stories(db, actor, flt, offset=offset)


def filter_choices(db: Database, actor: Actor) -> FilterChoices:
    from editor_app.services.story_list import status_counts, week_options
    from editor_app.services.vocab import section_names

    return FilterChoices(sections=section_names(db, actor), weeks=week_options(db, actor),
                         counts=status_counts(db, actor))


def story_preview(db: Database, actor: Actor, story_id: int) -> StoryPreview:
    """The read-only view of a story: HTML from the shared renderer, its photos decoded off the GUI thread."""
    from editor_app.render.article import PaperSettings, render_preview_html
    from editor_app.services.settings import get_settings
    from editor_app.services.story_read import get_story

    detail = get_story(db, actor, story_id)
    html = render_preview_html(detail, paper=PaperSettings.of(get_settings(db, actor)), image_src=image_src)
    return StoryPreview(story_id=detail.id, headline=detail.headline, html=html,
                        images=decode_photos(db, detail.photos))


def image_src(photo: PhotoUse) -> str:
    """How the preview HTML names a photo; the view registers the decoded image under that name."""
    return f"image:{photo.image_id}"


def decode_photos(db: Database, photos: tuple[PhotoUse, ...]) -> dict[str, QImage]:
    """The story's photos (off the GUI thread), no wider than the preview needs: read from the rendition
    cache — made once from the original, upright, sRGB, any format the desk takes (TIFF too) — so a 7 MB
    camera original is not decoded each time a story opens."""
    from editor_app.imaging.renditions import RenditionSpec
    from editor_app.services.photo_renditions import original_bytes, rendition_cache

    cache = rendition_cache(db)
    spec = RenditionSpec("preview", PREVIEW_WIDTH)
    images: dict[str, QImage] = {}
    for photo in photos:
        try:
            made = cache.get_or_make(photo.sha256, [spec], lambda p=photo: original_bytes(db, p.image_id),  # type: ignore[misc]
                                     name=photo.filename)[0]
        except KnownError as exc:
            logger.warning("no preview of photo %s: %s", photo.image_id, exc)
            continue  # the view shows the alt text instead
        image = QImage(str(made.path))
        if not image.isNull():
            images[image_src(photo)] = image
    return images


def import_story(db: Database, actor: Actor, path: Path) -> tuple[int, str]:
    from editor_app.services.story_files import import_story_file

    result = import_story_file(db, actor, path)
    return result.id, result.slug

