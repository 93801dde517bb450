"""A story's whole editable state as plain data, and the revision snapshot that records it.

The write service compares the state before and after a change, the revision history stores it, and a
restore brings it back. Snapshots name vocabulary entries by id *and* name, so that a later merge or
rename of a city or contributor cannot break a restore.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.stories import Dateline
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status

SNAPSHOT_FORMAT = 2


class RevisionKind(StrEnum):
    AUTOSAVE = "autosave"
    SAVE = "save"
    SUBMIT = "submit"
    CONFLICT = "conflict"
    RESTORE = "restore"
    IMPORT = "import"
    TAKEOVER = "takeover"  # unsaved text of an editor whose edit lock was taken over


@dataclass(frozen=True)
class Named:
    """A vocabulary entry as a story refers to it: its id when known, and its name."""

    id: int | None
    name: str


@dataclass(frozen=True)
class BylineState:
    contributor: Named
    role: BylineRole = BylineRole.AUTHOR

    @property
    def byline(self) -> Byline:
        return Byline(self.contributor.name, self.role)


@dataclass(frozen=True)
class PhotoState:
    """A photo placed in a story. Caption, credit and alt text are this story's own words, or None for
    the photo's own (what the photo desk wrote)."""

    image_id: int
    sha256: str
    role: str = "inline"  # lead | inline
    ref: str = ""
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None


@dataclass(frozen=True)
class StoryState:
    headline: str
    section: Named | None
    slug: str = ""
    deck: str = ""
    body: str = ""
    dateline: Dateline | None = None
    bylines: tuple[BylineState, ...] = ()
    cities: tuple[Named, ...] = ()
    photos: tuple[PhotoState, ...] = ()
    status: Status = Status.DRAFT
    scheduled: datetime | None = None
    week: IsoWeek | None = None  # None only before a new story is first saved

    def changed_fields(self, other: StoryState) -> list[str]:
        """The names of the fields that differ from `other` (empty: the same story)."""
        return [name for name in _FIELDS if getattr(self, name) != getattr(other, name)]

    def with_fields(self, **fields: Any) -> StoryState:
        return replace(self, **fields)

    # --- snapshots ---------------------------------------------------------------------------------------
    def to_snapshot(self) -> dict[str, Any]:
        """A JSON-ready dict holding everything a restore needs."""
        return {
            "format": SNAPSHOT_FORMAT,
            "headline": self.headline, "deck": self.deck, "slug": self.slug, "body": self.body,
            "section": _named_out(self.section),
            "dateline": {"place": self.dateline.place, "source": self.dateline.source} if self.dateline else None,
            "bylines": [{**_named_out(b.contributor), "role": b.role.value} for b in self.bylines],
            "cities": [_named_out(c) for c in self.cities],
            "photos": [{"image_id": p.image_id, "sha256": p.sha256, "role": p.role, "ref": p.ref,
                        "caption": p.caption, "credit": p.credit, "alt": p.alt} for p in self.photos],
            "status": self.status.value,
            "scheduled": self.scheduled.isoformat() if self.scheduled else None,
            "week": str(self.week) if self.week else "",
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> StoryState:
        """Read a snapshot, including the older format (ids only, no photos) of schema 0001–0003."""
        if data.get("format") != SNAPSHOT_FORMAT:
            return _from_old_snapshot(data)
        dateline = data.get("dateline")
        scheduled = data.get("scheduled")
        return cls(
            headline=data["headline"], deck=data.get("deck", ""), slug=data.get("slug", ""),
            body=data.get("body", ""), section=_named_in(data.get("section")),
            dateline=Dateline(dateline["place"], dateline.get("source", "")) if dateline else None,
            bylines=tuple(BylineState(_named(b), BylineRole(b.get("role", "author"))) for b in data.get("bylines", [])),
            cities=tuple(_named(c) for c in data.get("cities", [])),
            photos=tuple(PhotoState(image_id=p["image_id"], sha256=p.get("sha256", ""), role=p.get("role", "inline"),
                                    ref=p.get("ref", ""), caption=p.get("caption"), credit=p.get("credit"),
                                    alt=p.get("alt")) for p in data.get("photos", [])),
            status=Status(data.get("status", Status.DRAFT.value)),
            scheduled=datetime.fromisoformat(scheduled) if scheduled else None, week=_week_in(data.get("week")),
        )


_FIELDS = ("headline", "section", "slug", "deck", "body", "dateline", "bylines", "cities", "photos", "status",
           "scheduled", "week")


def _week_in(text: object) -> IsoWeek | None:
    """A snapshot's week ("2026-W40"; "" or missing in very old ones)."""
    return IsoWeek.parse(text) if isinstance(text, str) and text.strip() else None


def _named_out(named: Named | None) -> dict[str, Any]:
    return {"id": named.id, "name": named.name} if named else {"id": None, "name": ""}


def _named(data: dict[str, Any]) -> Named:
    return Named(data.get("id"), data.get("name", ""))


def _named_in(data: dict[str, Any] | None) -> Named | None:
    if not data or (data.get("id") is None and not data.get("name")):
        return None
    return _named(data)


def _from_old_snapshot(data: dict[str, Any]) -> StoryState:
    """Snapshots written before format 2 hold vocabulary ids only; names are looked up on restore."""
    place, source = data.get("dateline_place", ""), data.get("dateline_source", "")
    section_id = data.get("section_id")
    return StoryState(
        headline=data.get("headline", ""), deck=data.get("deck", ""), slug=data.get("slug", ""),
        body=data.get("body", ""), section=Named(section_id, "") if section_id is not None else None,
        dateline=Dateline(place, source) if place else None,
        bylines=tuple(BylineState(Named(cid, ""), BylineRole(role)) for cid, role in data.get("bylines", [])),
        cities=tuple(Named(cid, "") for cid in data.get("cities", [])),
        status=Status(data.get("status", Status.DRAFT.value)), week=_week_in(data.get("week")),
    )
