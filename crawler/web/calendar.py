"""The meetings calendar's month: which month a request shows, and its weeks with each day's meetings.

Pure (the meetings come from ``FeedReader.calendar``; today is an argument), so the grid is tested without a server.
Weeks start on Monday, as Vietnamese calendars print them.
"""

from __future__ import annotations

import calendar as stdcal
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month | None:
        """'2022-07' as a month; None when it is not one (the page then says so and shows the default)."""
        found = _MONTH.fullmatch(text.strip())
        if not found or not (1 <= int(found[2]) <= 12 and 1900 <= int(found[1]) <= 2200):
            return None
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, stdcal.monthrange(self.year, self.month)[1])

    def prev(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)


def default_month(months: Mapping[str, int], today: date) -> Month:
    """The month a calendar opens on: this month if it has meetings, else the latest earlier month that has some
    (an archive crawled today is mostly past), else this month."""
    now = Month.of(today)
    dated = sorted(m for m in (Month.parse(k) for k in months) if m is not None and m <= now)
    return now if not dated or dated[-1] == now else dated[-1]


@dataclass
class Day:
    day: date
    in_month: bool
    today: bool
    meetings: list[dict[str, Any]] = field(default_factory=list)


def weeks(month: Month, meetings: Iterable[Mapping[str, Any]], today: date) -> list[list[Day]]:
    """The month's weeks, Monday first, days of the neighbouring months included (without their meetings)."""
    by_day: dict[str, list[dict[str, Any]]] = {}
    for m in meetings:
        by_day.setdefault(str(m["date"]), []).append(dict(m))
    grid = stdcal.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [
        [
            Day(d, d.month == month.month, d == today, by_day.get(d.isoformat(), []) if d.month == month.month else [])
            for d in week
        ]
        for week in grid
    ]
