"""Writing a whole static site into a folder: home, article, section, city and week pages, RSS, photos.

The home page opens with the newest published top stories (in the editors' order, exactly), and each week's
page with that week's; `SiteContent.top_stories` says which order went to this site.

Article pages are `render_article_page` — the same renderer as the preview — with previous/next links in
the order stories went live. Every href is relative (the site opens from a folder); the feed's links are
absolute when the target has a `base_url` option.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from editor_app.domain.bylines import byline_text
from editor_app.domain.stories import PhotoUse, StoryDetail
from editor_app.domain.text import fold, slugify
from editor_app.domain.weeks import IsoWeek
from editor_app.render.article import Link, PaperSettings, lead_photo, render_article_page
from editor_app.render.site_pages import FeedItem, SiteNav, StoryCard, render_feed, render_home, render_listing
from editor_app.services.publishing.backend import PhotoFile, SiteContent, SiteStory

logger = logging.getLogger(__name__)

FEED_ITEMS = 20
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SitePhotos:
    """How the builder gets photo files: their names cheaply, their bytes only when the old site lacks them."""

    name: Callable[[int], str]
    file: Callable[[int], PhotoFile]
    previous: Path | None = None  # the site being replaced: unchanged photos are linked or copied from it


def story_path(story: StoryDetail) -> str:
    return f"stories/{story.slug}.html"


def _href(path: str, up: int) -> str:
    """A relative href to a site path from a page `up` folders deep, each part URL-quoted."""
    return "../" * up + "/".join(quote(part) for part in path.split("/"))


def _section_slug(name: str) -> str:
    return slugify(name) or "section"


def week_path(week: IsoWeek) -> str:
    return f"weeks/{week}.html"


class SiteBuilder:
    """Builds one site from `content` into `folder` (a fresh, empty folder)."""

    def __init__(self, content: SiteContent, folder: Path, *, paper: PaperSettings, photos: SitePhotos,
                 base_url: str = "", progress: Progress | None = None) -> None:
        self.content = content
        self.folder = folder
        self.paper = paper
        self.photos = photos
        self.base_url = base_url.rstrip("/")
        self._progress = progress
        self._names: dict[int, str] = {}
        self.stories = list(content.stories)  # oldest first
        self.sections = sorted({s.detail.section for s in self.stories if s.detail.section}, key=fold)
        self.cities = sorted({c for s in self.stories for c in s.detail.cities}, key=fold)
        self.weeks = sorted({s.detail.week for s in self.stories}, reverse=True)
        self.top = dict(content.top_stories)  # week -> the picks' ids, in order
        self._done = 0
        self.total = len(self.stories) + len(self.sections) + len(self.cities) + len(self.weeks) + 3

    # --- helpers
    def _step(self, text: str) -> None:
        self._done += 1
        if self._progress is not None and (self._done % 10 == 0 or self._done == self.total):
            self._progress(self._done, self.total, text)

    def photo_name(self, image_id: int) -> str:
        if image_id not in self._names:
            self._names[image_id] = self.photos.name(image_id)
        return self._names[image_id]

    def _nav(self, up: int, current: str = "") -> SiteNav:
        return SiteNav(home_href=_href("index.html", up),
                       sections=tuple(Link(name, _href(f"sections/{_section_slug(name)}.html", up))
                                      for name in self.sections),
                       feed_href=_href("feed.xml", up), current=current)

    def _card(self, story: SiteStory, up: int) -> StoryCard:
        detail = story.detail
        lead = lead_photo(detail)
        return StoryCard(
            headline=detail.headline, href=_href(story_path(detail), up), section=detail.section,
            section_href=_href(f"sections/{_section_slug(detail.section)}.html", up) if detail.section else "",
            deck=detail.deck, byline=byline_text(detail.bylines, self.paper.name),
            date=f"{story.live_since:%B} {story.live_since.day}, {story.live_since:%Y}",
            image_src=_href(f"photos/{self.photo_name(lead.image_id)}", up) if lead else "",
            image_alt=lead.alt if lead else "")

    def _write(self, path: str, text: str | bytes) -> None:
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")

    # --- the pages
    def build(self) -> None:
        self._write_photos()
        for index, story in enumerate(self.stories):
            self._write_article(index, story)
        newest_first = list(reversed(self.stories))
        for section in self.sections:
            cards = tuple(self._card(s, 1) for s in newest_first if s.detail.section == section)
            self._write(f"sections/{_section_slug(section)}.html",
                        render_listing(self.paper, nav=self._nav(1, section), kicker="Section", title=section,
                                       cards=cards))
            self._step(f"Section {section}")
        for city in self.cities:
            cards = tuple(self._card(s, 1) for s in newest_first if city in s.detail.cities)
            self._write(f"cities/{slugify(city)}.html",
                        render_listing(self.paper, nav=self._nav(1), kicker="Discover more cities", title=city,
                                       cards=cards))
            self._step(f"City {city}")
        live = {s.detail.id: s for s in newest_first}
        for week in self.weeks:
            cards = tuple(self._card(s, 1) for s in newest_first if s.detail.week == week)
            top = tuple(self._card(live[i], 1) for i in self.top.get(week, ()) if i in live)
            self._write(week_path(week),
                        render_listing(self.paper, nav=self._nav(1), kicker="The paper of the week",
                                       title=week.label, cards=cards, top=top,
                                       top_label=f"Top stories week {week.week}"))
            self._step(f"Week {week}")
        self._write_home(newest_first)
        self._write_feed(newest_first)

    def _write_photos(self) -> None:
        wanted = {p.image_id for s in self.stories for p in s.detail.photos}
        for image_id in sorted(wanted):
            name = self.photo_name(image_id)
            target = self.folder / "photos" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            old = self.photos.previous / "photos" / name if self.photos.previous else None
            if old is not None and old.is_file():
                try:
                    os.link(old, target)  # same name, same bytes (content-addressed): share the file
                    continue
                except OSError:
                    shutil.copy2(old, target)
                    continue
            target.write_bytes(self.photos.file(image_id).data)
        self._step("Photos")

    def _write_article(self, index: int, story: SiteStory) -> None:
        detail = story.detail
        older = self.stories[index - 1].detail if index > 0 else None
        newer = self.stories[index + 1].detail if index + 1 < len(self.stories) else None

        def image_src(photo: PhotoUse) -> str:
            return _href(f"photos/{self.photo_name(photo.image_id)}", 1)

        html = render_article_page(
            detail, paper=self.paper, image_src=image_src,
            city_href=lambda city: _href(f"cities/{slugify(city)}.html", 1),
            previous=Link(older.headline, _href(story_path(older), 1)) if older else None,
            next_link=Link(newer.headline, _href(story_path(newer), 1)) if newer else None,
            home_href=_href("index.html", 1))
        self._write(story_path(detail), html)
        self._step(detail.headline)

    def _write_home(self, newest_first: list[SiteStory]) -> None:
        live = {s.detail.id: s for s in newest_first}
        top_label, top_href, top_cards = "", "", tuple[StoryCard, ...]()
        for week, ids in sorted(self.content.top_stories, key=lambda pair: pair[0], reverse=True):
            picked = tuple(self._card(live[i], 0) for i in ids if i in live)
            if picked:
                top_label, top_cards = f"Top stories week {week.week}", picked
                top_href = _href(week_path(week), 0) if week in self.weeks else ""
                break
        latest_week = self.weeks[0] if self.weeks else None
        latest = tuple(self._card(s, 0) for s in newest_first if s.detail.week == latest_week)
        label = "Latest articles of the week" + (f" · {latest_week.label}" if latest_week else "")
        weeks = tuple(Link(w.label, _href(week_path(w), 0)) for w in self.weeks)
        cities = tuple(Link(c, _href(f"cities/{slugify(c)}.html", 0)) for c in self.cities)
        self._write("index.html", render_home(self.paper, nav=self._nav(0), top_label=top_label, top=top_cards,
                                              top_href=top_href, latest_label=label, latest=latest, weeks=weeks,
                                              cities=cities))
        self._step("Home page")

    def _write_feed(self, newest_first: list[SiteStory]) -> None:
        def link(path: str) -> str:
            return f"{self.base_url}/{_href(path, 0)}" if self.base_url else _href(path, 0)

        items = tuple(FeedItem(title=s.detail.headline, link=link(story_path(s.detail)),
                               description=s.detail.deck or byline_text(s.detail.bylines, self.paper.name),
                               published=s.live_since, guid=f"{self.paper.title}:story:{s.detail.id}",
                               category=s.detail.section)
                      for s in newest_first[:FEED_ITEMS])
        self._write("feed.xml", render_feed(self.paper, site_link=link("index.html"), self_link=link("feed.xml"),
                                            items=items))
        self._step("RSS feed")
