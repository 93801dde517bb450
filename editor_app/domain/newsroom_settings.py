"""The newsroom's own settings, kept in its database and edited by an admin: what the paper is called, its
time zone (which decides the week a story runs in), the number of top-story slots, the caption credit
pattern and the category of the weekly roundup post."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from editor_app.domain.captions import DEFAULT_CREDIT_PATTERN, check_credit_pattern
from editor_app.domain.errors import ValidationError
from editor_app.domain.weeks import IsoWeek

MAX_SLOTS = 30


@dataclass(frozen=True)
class NewsroomSettings:
    paper_name: str = "The Weekly"  # reads after "Special to the": "Mirror-Spectator"
    masthead: str = ""  # the title over the site's pages; the paper's name when empty
    time_zone: str = "UTC"  # an IANA name: "America/New_York", "Asia/Yerevan"
    top_story_slots: int = 10
    credit_pattern: str = DEFAULT_CREDIT_PATTERN
    roundup_category: str = "Top Stories"
    version: int = 0  # 0: never saved (the defaults)

    def __post_init__(self) -> None:
        if not self.paper_name.strip():
            raise ValidationError("The paper needs a name.", hint="Write the paper's name as it reads in a byline.")
        zone(self.time_zone)
        if not 1 <= self.top_story_slots <= MAX_SLOTS:
            raise ValidationError(f"The number of top-story slots must be between 1 and {MAX_SLOTS}, "
                                  f"not {self.top_story_slots}.")
        check_credit_pattern(self.credit_pattern)
        if not self.roundup_category.strip():
            raise ValidationError("The roundup post needs a category.", hint='For example "Top Stories".')

    @property
    def tz(self) -> tzinfo:
        return zone(self.time_zone)

    def week_of(self, moment: datetime) -> IsoWeek:
        """The ISO week `moment` falls in, on the newsroom's calendar."""
        return IsoWeek.of(moment.astimezone(self.tz))

    def current_week(self, now: datetime) -> IsoWeek:
        return self.week_of(now)

    def changed(self, **fields: Any) -> NewsroomSettings:
        """A copy with `fields` changed, checked like a new one."""
        return replace(self, **fields)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"'{name}' is not a time zone this computer knows.",
                              hint='Use a name such as "America/New_York", "Europe/Paris" or "Asia/Yerevan".') from None
