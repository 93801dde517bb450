"""A Markdown extension for story photos and the dateline, and the Markdown subclasses it needs.

A paragraph holding only a story photo (named by its `PhotoUse.ref`) becomes a captioned figure; a story
photo inside running text becomes an inline image; the dateline opens the first paragraph; a body's
`# Heading` becomes an <h2>, like `## Heading`, as the headline is the page's one <h1>. None of these
are written into the tree as HTML: each becomes a random token that survives Markdown and the sanitizer
unchanged, and body.py swaps the tokens for markup built from the photo records afterwards. An image that
is neither a story photo nor on the web (http/https) is replaced by its alt text.
"""

from __future__ import annotations

import re
import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import unquote

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX

from editor_app.domain.captions import DEFAULT_CREDIT_PATTERN, caption_with_credit
from editor_app.domain.stories import PhotoUse
from editor_app.render.sanitize import is_web_url

ImageSrc = Callable[[PhotoUse], str]


class BodyMarkup(Protocol):
    """How one consumer (Qt preview, web page, WordPress) writes photos and the dateline. Every method gets
    plain text and must escape it."""

    def figure(self, photo: PhotoUse, alt: str, caption: str) -> str: ...

    def inline_image(self, photo: PhotoUse, alt: str) -> str: ...

    def dateline(self, text: str) -> str: ...


@dataclass
class BodyJob:
    """One body being rendered: its photos and dateline in, the tokens and their markup out."""

    photos: Mapping[str, PhotoUse]
    markup: BodyMarkup
    dateline: str = ""
    credit_pattern: str = DEFAULT_CREDIT_PATTERN
    nonce: str = field(default_factory=lambda: secrets.token_hex(6))
    inserts: dict[str, tuple[str, bool]] = field(default_factory=dict)  # token -> (markup, is a block)

    def token(self, markup: str, *, block: bool) -> str:
        key = f"zq{self.nonce}x{len(self.inserts)}q"  # letters and digits only: nothing on the way alters it
        self.inserts[key] = (markup, block)
        return key

    def token_pattern(self) -> re.Pattern[str]:
        token = f"zq{self.nonce}x\\d+q"
        return re.compile(f"<p>({token})</p>|({token})")

    def photo(self, src: str) -> PhotoUse | None:
        return self.photos.get(src) or self.photos.get(unquote(src))


class _StoryBodyProcessor(Treeprocessor):
    def __init__(self, md: Markdown) -> None:
        super().__init__(md)
        self.job: BodyJob | None = None

    def run(self, root: ET.Element) -> None:
        job = self.job
        if job is None:
            return
        for heading in root.iter("h1"):
            heading.tag = "h2"  # the headline is the page's only <h1>; "## Subhead" is the usual spelling
        parents = {child: parent for parent in root.iter() for child in parent}
        for img in list(root.iter("img")):
            parent = parents[img]
            photo = job.photo(img.get("src", ""))
            alt = (photo.alt if photo is not None else "") or img.get("alt", "")  # the photo desk's words first
            if photo is not None and _holds_only(parent, img):
                caption = caption_with_credit(photo.caption or img.get("title", ""), photo.credit,
                                              job.credit_pattern)
                parent.remove(img)
                parent.text = job.token(job.markup.figure(photo, alt, caption), block=True)
            elif photo is not None:
                _replace_with_text(parent, img, job.token(job.markup.inline_image(photo, alt), block=False))
            elif not is_web_url(img.get("src", "")):
                _replace_with_text(parent, img, alt)
        if job.dateline:
            self._open_with_dateline(root, job)

    def _open_with_dateline(self, root: ET.Element, job: BodyJob) -> None:
        token = job.token(job.markup.dateline(job.dateline), block=False)
        for child in root:
            text = child.text or ""
            if child.tag == "p" and not text.startswith(STX) and not _is_photo_token(text, job):
                child.text = f"{token} {text}"
                return
        paragraph = ET.Element("p")
        paragraph.text = token
        root.insert(0, paragraph)


def _is_photo_token(text: str, job: BodyJob) -> bool:
    return text in job.inserts and job.inserts[text][1]


def _holds_only(parent: ET.Element, img: ET.Element) -> bool:
    return (parent.tag == "p" and len(parent) == 1 and not (parent.text or "").strip()
            and not (img.tail or "").strip())


def _replace_with_text(parent: ET.Element, child: ET.Element, text: str) -> None:
    """Put `text` (and the child's tail) where `child` was."""
    joined = text + (child.tail or "")
    index = list(parent).index(child)
    if index == 0:
        parent.text = (parent.text or "") + joined
    else:
        before = parent[index - 1]
        before.tail = (before.tail or "") + joined
    parent.remove(child)


class StoryBodyExtension(Extension):
    """Registers the photo and dateline processor; set `processor.job` before each conversion."""

    def __init__(self) -> None:
        super().__init__()
        self.processor: _StoryBodyProcessor | None = None

    def extendMarkdown(self, md: Markdown) -> None:
        self.processor = _StoryBodyProcessor(md)
        # after the inline patterns (20), so the images exist; before prettify (10)
        md.treeprocessors.register(self.processor, "story_body", 17)
