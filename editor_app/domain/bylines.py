"""Bylines: the ordered people credited on a story, and how the house writes them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class BylineRole(StrEnum):
    AUTHOR = "author"
    PHOTOGRAPHER = "photographer"
    TRANSLATOR = "translator"
    SPECIAL = "special"


class ContributorKind(StrEnum):
    STAFF = "staff"
    FREELANCE = "freelance"
    AGENCY = "agency"
    WIRE = "wire"


@dataclass(frozen=True)
class Byline:
    name: str
    role: BylineRole = BylineRole.AUTHOR


class LineKind(StrEnum):
    """What a byline line says, so a page can set "By …" in bold and the rest in plain type."""

    BY = "by"  # By Ash Obel and Nora Sarkissian
    SPECIAL = "special"  # Special to the Mirror-Spectator
    TRANSLATED = "translated"  # Translated by Lilit Hakobyan
    PHOTOS = "photos"  # Photos by Aram Arkun


@dataclass(frozen=True)
class BylineLine:
    text: str
    kind: LineKind

    def __str__(self) -> str:
        return self.text


def join_names(names: Sequence[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def byline_lines(bylines: Sequence[Byline], paper_name: str) -> list[BylineLine]:
    """The byline block as the paper prints it, one line each, in this order:

    "By Ash Obel and Nora Sarkissian" (authors, in byline order), "Special to the Mirror-Spectator" when every
    writer is a special contributor (with staff alongside: "and Nora Sarkissian, Special to the …"),
    "Translated by …", "Photos by …". `paper_name` is the name as it reads after "the" ("Mirror-Spectator").
    """
    def names(role: BylineRole) -> list[str]:
        return [b.name.strip() for b in bylines if b.role is role and b.name.strip()]

    authors, special = names(BylineRole.AUTHOR), names(BylineRole.SPECIAL)
    if special and not paper_name.strip():
        raise ValueError("A special contributor's byline needs the paper's name ('Special to the …').")
    tagline = f"Special to the {paper_name.strip()}"
    lines: list[BylineLine] = []
    if authors:
        lines.append(BylineLine("By " + join_names(authors), LineKind.BY))
        if special:
            lines.append(BylineLine(f"and {join_names(special)}, {tagline}", LineKind.SPECIAL))
    elif special:
        lines += [BylineLine("By " + join_names(special), LineKind.BY), BylineLine(tagline, LineKind.SPECIAL)]
    if translators := names(BylineRole.TRANSLATOR):
        lines.append(BylineLine("Translated by " + join_names(translators), LineKind.TRANSLATED))
    if photographers := names(BylineRole.PHOTOGRAPHER):
        lines.append(BylineLine("Photos by " + join_names(photographers), LineKind.PHOTOS))
    return lines


def byline_text(bylines: Sequence[Byline], paper_name: str) -> str:
    """The byline on one line, for lists and feeds:
    "By Ash Obel, Special to the Mirror-Spectator; translated by Lilit Hakobyan"."""
    text = ""
    for line in byline_lines(bylines, paper_name):
        if not text:
            text = line.text
        elif line.kind is LineKind.SPECIAL:
            text += (" " if line.text.startswith("and ") else ", ") + line.text
        else:
            text += "; " + line.text[:1].lower() + line.text[1:]
    return text
