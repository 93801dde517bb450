"""Plain records that services hand to their clients (GUI, CLI, tests): no ORM objects cross the line."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from editor_app.domain.bylines import Byline
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status


class SortKey(StrEnum):
    UPDATED = "updated"
    HEADLINE = "headline"
    SECTION = "section"
    STATUS = "status"
    WEEK = "week"


@dataclass(frozen=True)
class StoryFilter:
    """What the story list asks for. Empty fields mean "any"."""

    status: Status | None = None
    section: str | None = None
    week: IsoWeek | None = None
    search: str = ""
    sort: SortKey = SortKey.UPDATED
    descending: bool = True

    @property
    def narrowed(self) -> bool:
        """Limited to a status, section or week (search text aside)."""
        return self.status is not None or bool(self.section) or bool(self.week)


@dataclass(frozen=True)
class StoryRow:
    """One line of the story list."""

    id: int
    headline: str
    slug: str
    section: str
    status: Status
    week: IsoWeek
    updated: datetime
    bylines: tuple[Byline, ...] = ()
    cities: tuple[str, ...] = ()

    @property
    def byline_names(self) -> str:
        return ", ".join(b.name for b in self.bylines)


@dataclass(frozen=True)
class StoryPage:
    rows: list[StoryRow]
    total: int
    offset: int


@dataclass(frozen=True)
class FilterChoices:
    """What the story list's filters offer: sections, weeks with stories, and stories per status."""

    sections: list[str]
    weeks: list[IsoWeek]
    counts: dict[Status, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Dateline:
    place: str
    source: str = ""

    def text(self) -> str:
        """'TEL AVIV (Times of Israel) —'."""
        head = self.place.upper()
        return f"{head} ({self.source}) —" if self.source else f"{head} —"


@dataclass(frozen=True)
class PhotoUse:
    """A photo placed in a story, with what the reader sees next to it."""

    image_id: int
    sha256: str
    role: str  # "lead" | "inline"
    caption: str
    credit: str
    alt: str
    photographer: str = ""
    filename: str = ""
    width: int = 0
    height: int = 0
    ref: str = ""  # how the body refers to it ("photos/gantz-baku.jpg"), unique within the story


@dataclass(frozen=True)
class StoryDetail:
    id: int
    headline: str
    deck: str
    slug: str
    section: str
    status: Status
    week: IsoWeek
    body: str
    bylines: tuple[Byline, ...]
    cities: tuple[str, ...]
    dateline: Dateline | None
    photos: tuple[PhotoUse, ...]
    scheduled: datetime | None
    created: datetime
    updated: datetime
    version: int
    notes: tuple[str, ...] = field(default=())
