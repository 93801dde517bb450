"""Reading rendered HTML the way a browser would (html.parser unescapes attribute values), to assert on
what a reader's browser would run or follow, not on the strings a sanitizer happened to leave."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data", "cite",
                  "srcset", "longdesc", "lowsrc", "dynsrc", "ping", "manifest", "codebase", "archive"}
DANGEROUS_TAGS = {"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form",
                  "input", "button", "textarea", "select", "meta", "base", "link", "svg", "math", "template",
                  "noscript", "title", "portal", "audio", "video", "source", "track", "marquee", "xml", "import"}
SAFE_ID = re.compile(r"(?:fn(?:ref\d*)?:|h-)\S")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028\u2029\ufeff]")
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""  # all the text inside, descendants' included


class Document(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.texts: list[str] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        self.texts.append(data)
        for element in self._open:
            element.text += data

    @property
    def text(self) -> str:
        return "".join(self.texts)

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """Elements by tag and exact attribute values (`class_` for class)."""
        return [e for e in self.elements
                if e.tag == tag and all(e.attrs.get(k.rstrip("_")) == v for k, v in attrs.items())]

    def ids(self) -> set[str]:
        return {e.attrs["id"] for e in self.elements if "id" in e.attrs}


def parse(html: str) -> Document:
    document = Document()
    document.feed(html)
    document.close()
    return document


def scheme(url: str) -> str:
    """The scheme a browser would see: control characters and whitespace dropped, case folded."""
    match = _SCHEME.match(_INVISIBLE.sub("", url).lower())
    return match[1] if match else ""


def problems(html: str, *, allowed_tags: frozenset[str] = frozenset(), image_schemes: frozenset[str] = frozenset()
             ) -> list[str]:
    """What in `html` could run script, restyle or redirect the page, or clobber its names."""
    found = []
    for element in parse(html).elements:
        where = f"<{element.tag} {element.attrs}>"
        if element.tag in DANGEROUS_TAGS and element.tag not in allowed_tags:
            found.append(f"tag {where}")
        for name, value in element.attrs.items():
            if name.startswith("on"):
                found.append(f"event handler {name} in {where}")
            if name in ("style", "srcdoc", "http-equiv", "is", "xmlns", "formaction"):
                found.append(f"attribute {name} in {where}")
            if name == "id" and not SAFE_ID.match(value):
                found.append(f"id {value!r} in {where}")
            if name in URL_ATTRIBUTES:
                url_scheme = scheme(value)
                ok = {"http", "https", "mailto", ""} if name == "href" else {"http", "https", "", *image_schemes}
                if url_scheme not in ok:
                    found.append(f"{url_scheme}: URL in {name} of {where}")
    return found
