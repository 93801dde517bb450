"""The one HTML sanitizer (nh3): what a story body may contain once it leaves Markdown.

WordPress editors have unfiltered_html and the local site is opened in a browser, so the body is cleaned
here, for every consumer. Story photos are not in the sanitized HTML at all: the renderer puts them in
afterwards from the photo records (see body.py), so their sources (`image:42`, `media/…jpg`) never need a
scheme of their own. What an author writes may link to http, https and mailto, and show images from
http and https only.

Ids: only the ones Markdown's extensions make survive, so a body cannot plant `id="config"` on the page
(DOM clobbering): footnotes (`fn:…`, `fnref:…`, `fnref2:…` on <li> and <sup>) and heading slugs, which the
renderer prefixes with `h-`. Neither can be read as a JavaScript name.
"""

from __future__ import annotations

import logging
import re

import nh3

logger = logging.getLogger(__name__)

HEADING_ID_PREFIX = "h-"
HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "div", "em", "hr", "i", "img", "li", "ol", "p",
    "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    *HEADINGS,
}
# Dropped with everything inside them, not just their tags.
CLEAN_CONTENT_TAGS = {"script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math",
                      "textarea", "select", "title", "head"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "li": {"id"},
    "sup": {"id"},
    **{tag: {"id"} for tag in HEADINGS},
}
ALIGN = {"left", "center", "right"}
TAG_ATTRIBUTE_VALUES = {"td": {"align": ALIGN}, "th": {"align": ALIGN}}
ALLOWED_CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote"}}
URL_SCHEMES = {"http", "https", "mailto"}

_FOOTNOTE_ID = re.compile(r"fn(?:ref\d*)?:\S")
_WEB_URL = re.compile(r"https?://", re.IGNORECASE)


def is_web_url(url: str) -> bool:
    return bool(_WEB_URL.match(url))


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Rules nh3 cannot say by itself; it has already removed URLs with any other scheme."""
    if attribute == "id":
        if tag in HEADINGS:
            return value if value.startswith(HEADING_ID_PREFIX) else None
        return value if _FOOTNOTE_ID.match(value) else None
    if tag == "img":
        if attribute == "src":
            return value if is_web_url(value) else None  # story photos are put in after sanitizing
        if attribute in ("width", "height"):
            return value if value.isdigit() else None
    return value


_CLEANER = nh3.Cleaner(
    tags=ALLOWED_TAGS, clean_content_tags=CLEAN_CONTENT_TAGS, attributes=ALLOWED_ATTRIBUTES,
    attribute_filter=_attribute_filter, tag_attribute_values=TAG_ATTRIBUTE_VALUES,
    allowed_classes=ALLOWED_CLASSES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize(html: str) -> str:
    """HTML that may go into any page: no scripts, handlers, styles, frames, forms or foreign URL schemes."""
    return str(_CLEANER.clean(html))
