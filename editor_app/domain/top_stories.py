"""The week's top stories as plain data, and the rules of an ordered pick: no story twice, no more than the
newsroom's slots, a move lands where it was dropped. Shared by the service (which enforces them), the board's
list model (which applies them as the editor drags) and the command line."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from editor_app.domain.errors import ConflictError, ValidationError
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status

CANDIDATE_STATUSES = (Status.APPROVED, Status.SCHEDULED, Status.PUBLISHED)


@dataclass(frozen=True)
class TopStory:
    """A story as the board shows it, among the candidates or the picks."""

    id: int
    headline: str
    section: str
    status: Status
    week: IsoWeek
    byline: str = ""  # "Anna Petrosyan, Ash Obel"
    deck: str = ""
    published: datetime | None = None
    scheduled: datetime | None = None
    has_photo: bool = False

    @property
    def when(self) -> datetime | None:
        """When it went (or goes) out: the publication, else the schedule."""
        return self.published or self.scheduled


@dataclass(frozen=True)
class WeekPicks:
    """A week's ordered picks and the list's version (0: nobody has picked for that week yet)."""

    week: IsoWeek
    picks: tuple[TopStory, ...]
    version: int
    slots: int
    updated_by: str = ""
    updated_at: datetime | None = None

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(p.id for p in self.picks)

    @property
    def counter(self) -> str:
        """ "7 of 10"."""
        return f"{len(self.picks)} of {self.slots}"


@dataclass(frozen=True)
class PublishedPick:
    id: int
    headline: str
    url: str = ""


@dataclass(frozen=True)
class Publication:
    """One order as it was published: who, when, where (the target and the page), and the picks."""

    week: IsoWeek
    at: datetime
    user: str
    target: str  # "" for an order published before the history was kept
    url: str
    list_version: int
    picks: tuple[PublishedPick, ...]

    @property
    def where(self) -> str:
        return self.target or "(before the history was kept)"


class PicksConflictError(ConflictError):
    """The week's picks changed since the editor read them: both orders, so the editor can choose."""

    def __init__(self, message: str, *, hint: str, mine: tuple[int, ...], theirs: WeekPicks,
                 headlines: dict[int, str]) -> None:
        super().__init__(message, hint=hint, current_version=theirs.version)
        self.mine = mine
        self.theirs = theirs
        self.headlines = headlines  # every story in either order, by id

    def order_lines(self, ids: Sequence[int]) -> list[str]:
        return [f"{n}. {self.headlines.get(i, f'story {i}')}" for n, i in enumerate(ids, start=1)]


def check_order(ids: Sequence[int], slots: int, week: IsoWeek) -> tuple[int, ...]:
    """The picks as given, refused with a plain sentence when a story comes twice or they exceed the slots."""
    seen: set[int] = set()
    for story_id in ids:
        if story_id in seen:
            raise ValidationError(f"Story {story_id} is picked twice for {week.label}.",
                                  hint="A story can be a top story only once a week; remove the second one.")
        seen.add(story_id)
    if len(ids) > slots:
        raise ValidationError(f"{len(ids)} stories were picked for {week.label}, but the week has {slots} slots.",
                              hint="Remove some, or ask an admin for more slots in the newsroom settings.")
    return tuple(ids)


def moved(ids: Sequence[int], rows: Sequence[int], destination: int) -> list[int]:
    """`ids` with the items at `rows` moved before `destination` (a row index of the list as it was, as a drop
    names it; len(ids) is the end), keeping their relative order."""
    chosen = sorted(set(r for r in rows if 0 <= r < len(ids)))
    moving = [ids[r] for r in chosen]
    staying = [i for n, i in enumerate(ids) if n not in set(chosen)]
    at = max(0, min(destination, len(ids))) - sum(1 for r in chosen if r < destination)
    return staying[:at] + moving + staying[at:]


def inserted(ids: Sequence[int], new: Sequence[int], position: int, slots: int) -> list[int]:
    """`ids` with the stories `new` (those not already picked) inserted at `position`, up to `slots`."""
    fresh = [i for n, i in enumerate(new) if i not in ids and i not in new[:n]]
    room = max(0, slots - len(ids))
    at = max(0, min(position, len(ids)))
    return [*ids[:at], *fresh[:room], *ids[at:]]
