"""Markdown body -> sanitized HTML: the one pipeline behind the preview, the local site and WordPress.

Markdown (tables, footnotes, typographic quotes, sane lists, heading ids) -> nh3 -> story photos and the
dateline put in from trusted records. A Markdown instance is built once per thread and reset between
bodies: building one costs about as much as converting a short story.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable
from typing import Any

from markdown import Markdown
from markdown.extensions.toc import TocExtension, slugify_unicode

from editor_app.domain.captions import DEFAULT_CREDIT_PATTERN, check_credit_pattern
from editor_app.domain.stories import PhotoUse
from editor_app.render.figures import BodyJob, BodyMarkup, StoryBodyExtension
from editor_app.render.sanitize import HEADING_ID_PREFIX, sanitize

logger = logging.getLogger(__name__)

_local = threading.local()


def heading_slug(text: str, separator: str) -> str:
    """'Life in Երևան' -> 'h-life-in-երևան': stable, Unicode kept, prefixed so it cannot clash with the page."""
    return HEADING_ID_PREFIX + str(slugify_unicode(text, separator))


def markdown_extensions() -> list[Any]:
    """The body's Markdown dialect (without the story step), shared with the benchmark's baseline."""
    return ["tables", "footnotes", "smarty", "sane_lists", TocExtension(slugify=heading_slug, marker="")]


MARKDOWN_CONFIG: dict[str, dict[str, Any]] = {"tables": {"use_align_attribute": True}}


def _converter() -> tuple[Markdown, StoryBodyExtension]:
    cached: tuple[Markdown, StoryBodyExtension] | None = getattr(_local, "converter", None)
    if cached is None:
        story = StoryBodyExtension()
        md = Markdown(extensions=[*markdown_extensions(), story], extension_configs=MARKDOWN_CONFIG,
                      output_format="html")
        cached = _local.converter = (md, story)
    return cached


def body_html(body: str, *, markup: BodyMarkup, photos: Iterable[PhotoUse] = (), dateline: str = "",
              credit_pattern: str = DEFAULT_CREDIT_PATTERN) -> str:
    """A story body as sanitized HTML.

    Images that name one of `photos` by its `ref` become captioned figures (alone in a paragraph) or inline
    images, written by `markup`; other images show if they are on the web, else as their alt text. The
    dateline ("TEL AVIV (Times of Israel) —") opens the first paragraph.
    """
    check_credit_pattern(credit_pattern)
    if not body.strip():  # Markdown skips its processors on an empty text
        return f"<p>{markup.dateline(dateline.strip())}</p>" if dateline.strip() else ""
    job = BodyJob({p.ref: p for p in photos if p.ref}, markup, dateline.strip(), credit_pattern)
    md, story = _converter()
    assert story.processor is not None
    story.processor.job = job
    try:
        html = md.reset().convert(body)
    finally:
        story.processor.job = None
    clean = sanitize(html)
    if not job.inserts:
        return clean

    def put_back(match: re.Match[str]) -> str:
        token = match[1] or match[2]
        markup_html, block = job.inserts[token]
        return markup_html if block or match[2] else f"<p>{markup_html}</p>"

    return job.token_pattern().sub(put_back, clean)
