"""A Markdown extension: a paragraph holding only a story photo becomes a <figure> with its caption."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from editor_app.domain.captions import caption_with_credit
from editor_app.domain.stories import PhotoUse

ImageSrc = Callable[[PhotoUse], str]


class _FigureProcessor(Treeprocessor):
    def __init__(self, md: Markdown, photos: Mapping[str, PhotoUse], image_src: ImageSrc) -> None:
        super().__init__(md)
        self.photos = photos
        self.image_src = image_src

    def run(self, root: ET.Element) -> None:
        for paragraph in list(root.iter("p")):
            children = list(paragraph)
            only_image = (len(children) == 1 and children[0].tag == "img"
                          and not (paragraph.text or "").strip() and not (children[0].tail or "").strip())
            if only_image:
                self._to_figure(paragraph, children[0])
            else:
                for img in paragraph.iter("img"):
                    photo = self.photos.get(img.get("src", ""))
                    if photo is not None:
                        img.set("src", self.image_src(photo))

    def _to_figure(self, paragraph: ET.Element, img: ET.Element) -> None:
        photo = self.photos.get(img.get("src", ""))
        caption = img.get("title", "")
        if photo is not None:
            img.set("src", self.image_src(photo))
            img.set("alt", photo.alt or img.get("alt", ""))
            caption = caption_with_credit(photo.caption or caption, photo.credit)
        img.attrib.pop("title", None)
        img.tail = None
        paragraph.tag = "figure"
        paragraph.text = None
        if caption:
            ET.SubElement(paragraph, "figcaption").text = caption


class FigureExtension(Extension):
    """`photos` maps the path written in the Markdown (the story file's ref) to the photo."""

    def __init__(self, photos: Mapping[str, PhotoUse], image_src: ImageSrc) -> None:
        super().__init__()
        self.photos = photos
        self.image_src = image_src

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_FigureProcessor(md, self.photos, self.image_src), "story_figures", 5)
