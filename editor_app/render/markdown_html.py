"""Markdown body -> sanitized HTML. WordPress editors have unfiltered_html, so we sanitize here."""

from __future__ import annotations

from collections.abc import Mapping

import markdown
import nh3

from editor_app.domain.stories import PhotoUse
from editor_app.render.figures import FigureExtension, ImageSrc

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "em", "figcaption", "figure", "h2", "h3", "h4", "hr", "i",
    "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "class"},
    "figure": {"class"},
    "td": {"align"},
    "th": {"align"},
}
URL_SCHEMES = {"http", "https", "mailto", "image", "data"}


def sanitize(html: str) -> str:
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer")


def body_html(body: str, photos: Mapping[str, PhotoUse] | None = None,
              image_src: ImageSrc | None = None) -> str:
    """Render a story body; images that name one of `photos` (by its ref) become captioned figures."""
    extensions: list[object] = ["extra", "sane_lists", "smarty"]
    if photos is not None and image_src is not None:
        extensions.append(FigureExtension(photos, image_src))
    converter = markdown.Markdown(extensions=extensions, output_format="html")
    return sanitize(converter.convert(body))
