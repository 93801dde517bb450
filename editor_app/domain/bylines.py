"""Bylines: the ordered people credited on a story, and how the house writes them."""

from __future__ import annotations

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


def join_names(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def byline_text(bylines: list[Byline]) -> str:
    """House style: "By Ash Obel and Ani Sarkissian; translated by Lilit Hakobyan"."""
    parts: list[str] = []
    authors = [b.name for b in bylines if b.role is BylineRole.AUTHOR]
    if authors:
        parts.append("By " + join_names(authors))
    special = [b.name for b in bylines if b.role is BylineRole.SPECIAL]
    if special:
        parts.append(("Special to the paper: " if not authors else "with ") + join_names(special))
    translators = [b.name for b in bylines if b.role is BylineRole.TRANSLATOR]
    if translators:
        parts.append("translated by " + join_names(translators))
    photographers = [b.name for b in bylines if b.role is BylineRole.PHOTOGRAPHER]
    if photographers:
        parts.append("photos by " + join_names(photographers))
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]
