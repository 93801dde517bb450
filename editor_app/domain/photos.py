"""The photo desk's records: what the list shows, what an edit changes, what a filter asks for. Plain data,
shared by the services (which fill them), the GUI and the CLI (which show them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, StrEnum

from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status


class Needs(StrEnum):
    """What a photo still lacks before it can run (alt text is required before publication)."""

    CAPTION = "caption"
    CREDIT = "credit"
    ALT = "alt"

    @property
    def label(self) -> str:
        return {Needs.CAPTION: "caption", Needs.CREDIT: "credit", Needs.ALT: "alt text"}[self]


@dataclass(frozen=True)
class PhotoFilter:
    needs: Needs | None = None
    week: IsoWeek | None = None  # used in a story of that ISO week
    search: str = ""  # in the file name, caption, credit, photographer


@dataclass(frozen=True)
class StoryUse:
    """A story that uses a photo, and how."""

    story_id: int
    headline: str
    role: str  # lead | inline
    status: Status
    week: IsoWeek


@dataclass(frozen=True)
class PhotoRow:
    """One photo as the desk lists it."""

    id: int
    sha256: str
    filename: str
    mime: str
    width: int
    height: int
    byte_size: int
    caption: str
    credit: str
    alt: str
    photographer: str
    photographer_id: int | None
    source: str
    date_taken: str
    copyright: str
    camera: str
    file_byline: str
    location_found: bool | None  # None: stored before the photo desk checked files; see photo_checks
    serial_found: bool | None
    focal: tuple[float, float]
    version: int
    imported: datetime
    stories: tuple[StoryUse, ...] = ()

    @property
    def needs(self) -> tuple[Needs, ...]:
        return tuple(n for n, text in ((Needs.CAPTION, self.caption), (Needs.CREDIT, self.credit),
                                       (Needs.ALT, self.alt)) if not text.strip())

    @property
    def title(self) -> str:
        """The caption, or the file name while it has none."""
        return self.caption.strip() or self.filename


@dataclass(frozen=True)
class CopyRecord:
    sent_at: datetime
    destination: str
    verified_clean: bool
    removed: str
    user_name: str


@dataclass(frozen=True)
class PhotoDetail:
    row: PhotoRow
    sensitive_found: str
    metadata_notes: str
    copies: tuple[CopyRecord, ...] = field(default=())

    @property
    def all_copies_clean(self) -> bool:
        return all(copy.verified_clean for copy in self.copies)


class Keep(Enum):
    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class PhotoEdit:
    """What changes on a photo; every field defaults to KEEP. `photographer` is a contributor's name
    ("" clears it); `focal` is (x, y), each 0..1 of the upright picture."""

    caption: str | Keep = KEEP
    credit: str | Keep = KEEP
    alt: str | Keep = KEEP
    photographer: str | Keep = KEEP
    source: str | Keep = KEEP
    focal: tuple[float, float] | Keep = KEEP

    @property
    def empty(self) -> bool:
        return all(value is KEEP for value in self.__dict__.values())


