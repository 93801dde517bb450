"""How photos and the dateline are written into a body for a browser page and for Qt's rich text.

These run after the sanitizer, on trusted records: every piece of text is escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

from editor_app.domain.stories import PhotoUse
from editor_app.render.figures import ImageSrc


@dataclass(frozen=True)
class PageMarkup:
    """HTML5 for a browser: <figure> with <figcaption>; width and height let the page reserve the space."""

    image_src: ImageSrc

    def figure(self, photo: PhotoUse, alt: str, caption: str) -> str:
        figcaption = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
        return f'<figure class="photo">{self.inline_image(photo, alt)}{figcaption}</figure>'

    def inline_image(self, photo: PhotoUse, alt: str) -> str:
        return f'<img src="{escape(self.image_src(photo))}" alt="{escape(alt)}"{self._size(photo)}>'

    def dateline(self, text: str) -> str:
        return f'<span class="dateline">{escape(text)}</span>'

    def _size(self, photo: PhotoUse) -> str:
        return f' width="{photo.width}" height="{photo.height}"' if photo.width > 0 and photo.height > 0 else ""


@dataclass(frozen=True)
class QtMarkup(PageMarkup):
    """Qt's rich-text subset (QTextBrowser) knows neither <figure> nor <figcaption>: plain blocks instead.
    Images get no size: the story view fits them to its width."""

    def figure(self, photo: PhotoUse, alt: str, caption: str) -> str:
        figcaption = f'<p class="figcaption">{escape(caption)}</p>' if caption else ""
        return f'<div class="figure">{self.inline_image(photo, alt)}{figcaption}</div>'

    def _size(self, photo: PhotoUse) -> str:
        return ""
