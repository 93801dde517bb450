"""One article model, two templates: a story's parts are worked out once (article_parts) and laid out by
story_preview.html (Qt's QTextBrowser) or article_page.html (the local static site).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup

from editor_app.domain.bylines import BylineLine, byline_lines
from editor_app.domain.captions import DEFAULT_CREDIT_PATTERN, caption_with_credit, check_credit_pattern
from editor_app.domain.errors import ValidationError
from editor_app.domain.newsroom_settings import NewsroomSettings
from editor_app.domain.stories import PhotoUse, StoryDetail
from editor_app.render.figures import BodyMarkup, ImageSrc
from editor_app.render.markdown_html import body_html
from editor_app.render.markup import PageMarkup, QtMarkup

logger = logging.getLogger(__name__)

PREVIEW_IMAGE_WIDTH = 560
CityHref = Callable[[str], str]


@dataclass(frozen=True)
class PaperSettings:
    """The newsroom's settings that show on its pages.

    `name` reads after "Special to the" ("Mirror-Spectator"); `masthead` is the title on top of the site's
    pages ("The Armenian Mirror-Spectator", the name when empty); `credit_pattern` places a photo's credit
    in its caption.
    """

    name: str
    masthead: str = ""
    credit_pattern: str = DEFAULT_CREDIT_PATTERN
    language: str = "en"

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ValidationError("The paper has no name.", hint="Set the paper's name in the newsroom settings.")
        check_credit_pattern(self.credit_pattern)

    @property
    def title(self) -> str:
        return self.masthead.strip() or self.name.strip()

    @classmethod
    def of(cls, settings: NewsroomSettings) -> PaperSettings:
        """The page-facing part of the newsroom's settings."""
        return cls(name=settings.paper_name, masthead=settings.masthead, credit_pattern=settings.credit_pattern)


@dataclass(frozen=True)
class Link:
    text: str
    href: str = ""  # no link, just the text


@dataclass(frozen=True)
class LeadPhoto:
    src: str
    alt: str
    caption: str  # with the credit, in house style
    width: int = 0
    height: int = 0


@dataclass(frozen=True)
class ArticleParts:
    """Everything an article page shows, computed once; the templates only lay it out."""

    paper: PaperSettings
    section: str
    headline: str
    deck: str
    lead: LeadPhoto | None
    byline: tuple[BylineLine, ...]
    dateline: str  # also opening the body's first paragraph
    body: Markup  # sanitized
    cities: tuple[Link, ...]
    previous: Link | None = None
    next: Link | None = None


def lead_photo(story: StoryDetail) -> PhotoUse | None:
    return next((p for p in story.photos if p.role == "lead"), None)


def article_parts(story: StoryDetail, *, paper: PaperSettings, image_src: ImageSrc, markup: BodyMarkup,
                  city_href: CityHref | None = None, previous: Link | None = None,
                  next_link: Link | None = None, lead_max_width: int = 0) -> ArticleParts:
    """The parts of `story`'s page. `markup` writes the body's photos and dateline for the consumer
    (PageMarkup, QtMarkup); `city_href` links each city tag (no links without it)."""
    lead = lead_photo(story)
    dateline = story.dateline.text() if story.dateline else ""
    return ArticleParts(
        paper=paper,
        section=story.section,
        headline=story.headline,
        deck=story.deck,
        lead=_lead(lead, image_src, paper, lead_max_width) if lead else None,
        byline=tuple(byline_lines(story.bylines, paper.name)),
        dateline=dateline,
        body=Markup(body_html(story.body, markup=markup, photos=story.photos, dateline=dateline,
                              credit_pattern=paper.credit_pattern)),
        cities=tuple(Link(city, city_href(city) if city_href else "") for city in story.cities),
        previous=previous,
        next=next_link,
    )


def _lead(photo: PhotoUse, image_src: ImageSrc, paper: PaperSettings, max_width: int) -> LeadPhoto:
    width, height = photo.width, photo.height
    if max_width and (not width or width > max_width):
        height = round(height * max_width / width) if width and height else 0
        width = max_width
    return LeadPhoto(src=image_src(photo), alt=photo.alt, width=width, height=height,
                     caption=caption_with_credit(photo.caption, photo.credit, paper.credit_pattern))


def render_preview_html(story: StoryDetail, *, paper: PaperSettings, image_src: ImageSrc) -> str:
    """The story as the editor's preview and the story view show it (Qt's rich-text subset): photos are
    `image_src(photo)`, which the view registers as document resources."""
    parts = article_parts(story, paper=paper, image_src=image_src, markup=QtMarkup(image_src),
                          lead_max_width=PREVIEW_IMAGE_WIDTH)
    return _template("story_preview.html").render(parts=parts, status=story.status.label, week=story.week)


def render_article_page(story: StoryDetail, *, paper: PaperSettings, image_src: ImageSrc,
                        city_href: CityHref | None = None, previous: Link | None = None,
                        next_link: Link | None = None, home_href: str = "") -> str:
    """A whole HTML5 page for the local site, its stylesheet inside. `image_src` gives each photo's URL
    relative to the page; `city_href` each city tag's page; `home_href` the masthead's link."""
    parts = article_parts(story, paper=paper, image_src=image_src, markup=PageMarkup(image_src),
                          city_href=city_href, previous=previous, next_link=next_link)
    return _template("article_page.html").render(parts=parts, home_href=home_href)


@cache
def environment() -> Environment:
    return Environment(loader=PackageLoader("editor_app.resources", "templates"), auto_reload=False,
                       autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)


@cache
def _template(name: str) -> Template:
    return environment().get_template(name)
