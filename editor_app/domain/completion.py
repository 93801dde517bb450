"""Completion over a vocabulary: a typed prefix finds entries by name or any spelling, ignoring case and
diacritics ("bak" finds Baku through "Bakı"), best matches first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from editor_app.domain.text import fold


@dataclass(frozen=True)
class Choice:
    """One entry: `value` goes into the field, `label` shows in the list, `spellings` are also matched."""

    value: str
    label: str = ""
    spellings: tuple[str, ...] = ()

    @property
    def shown(self) -> str:
        return self.label or self.value


def _rank(query: str, choice: Choice) -> int | None:
    """0: the name starts with the query; 1: a spelling does; 2: a later word does; 3: it contains it."""
    names = [fold(choice.value)]
    spellings = [fold(s) for s in choice.spellings]
    if any(n.startswith(query) for n in names):
        return 0
    if any(s.startswith(query) for s in spellings):
        return 1
    words = [w for n in names + spellings for w in n.split()[1:]]
    if any(w.startswith(query) for w in words):
        return 2
    if any(query in n for n in names + spellings):
        return 3
    return None


def matching(query: str, choices: Iterable[Choice], limit: int = 12) -> list[Choice]:
    """The choices that `query` names, best first (then alphabetically); all of them for an empty query."""
    key = fold(query.strip())
    ranked: list[tuple[int, str, Choice]] = []
    for choice in choices:
        rank = _rank(key, choice) if key else 0
        if rank is not None:
            ranked.append((rank, fold(choice.value), choice))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return [choice for _, _, choice in ranked[:limit]]


def exact(query: str, choices: Iterable[Choice]) -> Choice | None:
    """The choice whose name or a spelling is `query` (case and diacritics aside), if any."""
    key = fold(query.strip())
    if not key:
        return None
    return next((c for c in choices if key == fold(c.value) or key in {fold(s) for s in c.spellings}), None)
