"""A word-level diff between two texts (what changed between a revision and the story), as plain spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

_TOKENS = re.compile(r"\s+|[^\s]+")
# Past this many words a side, compare whole lines: the word diff of a pasted novel would take minutes.
MAX_WORDS = 60_000


class Change(StrEnum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class Span:
    change: Change
    text: str


def _tokens(text: str, by_line: bool) -> list[str]:
    return text.splitlines(keepends=True) if by_line else _TOKENS.findall(text)


def word_diff(old: str, new: str) -> list[Span]:
    """Spans that read as `new` when REMOVED ones are skipped and as `old` when ADDED ones are; runs of
    whitespace count as words, so a re-wrapped paragraph shows as changed only where words moved."""
    by_line = max(len(old), len(new)) > MAX_WORDS * 8
    a, b = _tokens(old, by_line), _tokens(new, by_line)
    spans: list[Span] = []

    def add(change: Change, parts: list[str]) -> None:
        text = "".join(parts)
        if not text:
            return
        if spans and spans[-1].change is change:
            spans[-1] = Span(change, spans[-1].text + text)
        else:
            spans.append(Span(change, text))

    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add(Change.SAME, a[i1:i2])
        else:
            add(Change.REMOVED, a[i1:i2])
            add(Change.ADDED, b[j1:j2])
    return spans


def changed_words(spans: list[Span]) -> tuple[int, int]:
    """(words added, words removed)."""
    def count(change: Change) -> int:
        return sum(len(s.text.split()) for s in spans if s.change is change)

    return count(Change.ADDED), count(Change.REMOVED)
