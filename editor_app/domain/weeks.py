"""ISO weeks as the newsroom writes them: "2026-W40"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from editor_app.domain.errors import ValidationError

_WEEK_RE = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    def __post_init__(self) -> None:
        last = date(self.year, 12, 28).isocalendar().week
        if not 1 <= self.week <= last:
            raise ValidationError(f"Week {self.week} does not exist in {self.year} (it has {last} weeks).")

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    @property
    def label(self) -> str:
        return f"Week {self.week}, {self.year}"

    @property
    def short_label(self) -> str:
        """ "Week 40" (the year left out: for a week close to today)."""
        return f"Week {self.week}"

    def days_label(self) -> str:
        """ "Sep 28 – Oct 4, 2026": the Monday to Sunday the week covers."""
        first, last = self.monday(), self.monday() + timedelta(days=6)
        return f"{first:%b} {first.day} – {last:%b} {last.day}, {last.year}"

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        return _parse(text.strip())

    @classmethod
    def of(cls, day: date | datetime) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    def shifted(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday() + timedelta(weeks=weeks))


@lru_cache(maxsize=1024)
def _parse(text: str) -> IsoWeek:
    """Weeks are read from the database row by row; the same few hundred texts come back again and again."""
    match = _WEEK_RE.match(text)
    if not match:
        raise ValidationError(f"'{text}' is not a week; write it like 2026-W40.")
    return IsoWeek(int(match.group(1)), int(match.group(2)))
