"""Markdown syntax highlighting for the body: headings, emphasis, links and photos, quotes, lists, code,
footnotes and tables, in colours picked for the light or the dark palette."""

from __future__ import annotations

import re

from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

LIGHT = {"heading": "#0b4a8b", "emphasis": "#5a3e85", "link": "#1f5fbf", "image": "#1e7d32", "quote": "#6b6b6b",
         "list": "#b3261e", "code": "#8d4b00", "footnote": "#7b4fbf", "table": "#546e7a", "mark": "#8c8c8c"}
DARK = {"heading": "#8ab4f8", "emphasis": "#d7aefb", "link": "#7aa7ff", "image": "#81c995", "quote": "#a8a8a8",
        "list": "#f28b82", "code": "#fdd663", "footnote": "#c58af9", "table": "#9fb3bd", "mark": "#9a9a9a"}

_INLINE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("image", re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")),
    ("link", re.compile(r"(?<!!)\[[^\]\n]+\]\([^)\n]*\)")),
    ("footnote", re.compile(r"\[\^[^\]\n]+\]")),
    ("code", re.compile(r"`[^`\n]+`")),
    ("emphasis", re.compile(r"(\*\*|__)(?=\S).+?(?<=\S)\1|(?<![*\w])([*_])(?=\S)[^*_\n]+?(?<=\S)\2(?![*\w])")),
)
_HEADING = re.compile(r"^#{1,6}\s")
_QUOTE = re.compile(r"^\s*>")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
_TABLE = re.compile(r"^\s*\|")
_FENCE = re.compile(r"^\s*(```|~~~)")
IN_FENCE = 1
# Past this many characters the highlighter steps aside: colouring a pasted book would freeze typing.
MAX_HIGHLIGHTED_CHARS = 1_000_000


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        super().__init__(document)
        self.formats: dict[str, QTextCharFormat] = {}
        self.set_dark(dark)

    def set_dark(self, dark: bool) -> None:
        colours = DARK if dark else LIGHT
        self.formats = {}
        for name, colour in colours.items():
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(colour))
            if name == "heading":
                fmt.setFontWeight(QFont.Weight.Bold)
            if name == "quote":
                fmt.setFontItalic(True)
            if name == "code":
                fmt.setFontFamilies(["DejaVu Sans Mono", "monospace"])
            self.formats[name] = fmt
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        previous = self.previousBlockState()
        if _FENCE.match(text):
            self.setFormat(0, len(text), self.formats["code"])
            self.setCurrentBlockState(0 if previous == IN_FENCE else IN_FENCE)
            return
        if previous == IN_FENCE:
            self.setFormat(0, len(text), self.formats["code"])
            self.setCurrentBlockState(IN_FENCE)
            return
        self.setCurrentBlockState(0)
        if _HEADING.match(text):
            self.setFormat(0, len(text), self.formats["heading"])
            return
        if _QUOTE.match(text):
            self.setFormat(0, len(text), self.formats["quote"])
        elif _TABLE.match(text):
            self.setFormat(0, len(text), self.formats["table"])
        elif found := _LIST.match(text):
            self.setFormat(0, found.end(), self.formats["list"])
        for name, pattern in _INLINE:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), self.formats[name])

