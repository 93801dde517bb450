"""A story as the `content` of a WordPress post: the byline at the head, the dateline opening the first
paragraph, inline photos as image blocks pointing at the photos already uploaded to the site's media.

The lead photo is not in the content: it goes to the post's `featured_media`. Headline, section and
city tags are the post's title, category and tags. Everything but the block comments is sanitized HTML or
escaped text; the comments carry only integers.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import escape

from editor_app.domain.bylines import LineKind, byline_lines
from editor_app.domain.errors import ValidationError
from editor_app.domain.stories import PhotoUse, StoryDetail
from editor_app.render.article import PaperSettings
from editor_app.render.markdown_html import body_html

logger = logging.getLogger(__name__)

_WEB_URL = re.compile(r"https?://[^\s\"'<>]+\Z", re.IGNORECASE)


@dataclass(frozen=True)
class RemoteMedia:
    """A photo on the WordPress site: its media id and the URL of the size shown in the post."""

    id: int
    url: str


RemoteMediaFor = Callable[[PhotoUse], RemoteMedia]


@dataclass(frozen=True)
class WordPressMarkup:
    """Block-editor markup: `<!-- wp:image {"id":123} -->…<!-- /wp:image -->`, as core/image saves it."""

    media: RemoteMediaFor

    def _remote(self, photo: PhotoUse) -> RemoteMedia:
        remote = self.media(photo)
        if not isinstance(remote.id, int) or isinstance(remote.id, bool) or remote.id <= 0:
            raise ValidationError(f"The photo {photo.ref or photo.filename!r} has no WordPress media id.",
                                  hint="Upload the story's photos before its content.")
        if not _WEB_URL.match(remote.url):
            raise ValidationError(f"The photo {photo.ref or photo.filename!r} has no web address on the site "
                                  f"({remote.url!r}).", hint="Upload the story's photos again.")
        return remote

    def figure(self, photo: PhotoUse, alt: str, caption: str) -> str:
        remote = self._remote(photo)
        attributes = json.dumps({"id": remote.id}, separators=(",", ":"))
        img = f'<img src="{escape(remote.url)}" alt="{escape(alt)}" class="wp-image-{remote.id}"/>'
        figcaption = f'<figcaption class="wp-element-caption">{escape(caption)}</figcaption>' if caption else ""
        return (f"<!-- wp:image {attributes} -->\n"
                f'<figure class="wp-block-image">{img}{figcaption}</figure>\n'
                "<!-- /wp:image -->")

    def inline_image(self, photo: PhotoUse, alt: str) -> str:
        remote = self._remote(photo)
        return f'<img src="{escape(remote.url)}" alt="{escape(alt)}" class="wp-image-{remote.id}"/>'

    def dateline(self, text: str) -> str:
        return f"<strong>{escape(text)}</strong>"


def wordpress_content(story: StoryDetail, *, paper: PaperSettings, media: RemoteMediaFor) -> str:
    """The post content for `story`; `media(photo)` names each inline photo's uploaded copy."""
    dateline = story.dateline.text() if story.dateline else ""
    body = body_html(story.body, markup=WordPressMarkup(media), photos=story.photos, dateline=dateline,
                     credit_pattern=paper.credit_pattern)
    lines = byline_lines(story.bylines, paper.name)
    if not lines:
        return body
    text = "<br>".join(f"<strong>{escape(line.text)}</strong>" if line.kind is LineKind.BY else str(escape(line.text))
                       for line in lines)
    byline = ('<!-- wp:paragraph {"className":"byline"} -->\n'
              f'<p class="byline">{text}</p>\n'
              "<!-- /wp:paragraph -->")
    return f"{byline}\n\n{body}"
