"""Date mentions as written, and how a yearless one gets its year: shared by stamps and event dates.

A ``DateResult`` holds a ``date`` (no time printed: no midnight is invented), an aware ``datetime``
in Asia/Ho_Chi_Minh (a time was printed), or ``None`` with a ``reason``. A yearless date takes its
year from ``reference`` (the publication date) or ``context_year``, never from the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from crawler.dates import words as w
from crawler.text import clean_text

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# A yearless date may fall this many days after the reference (an article announcing a meeting a
# few days ahead); anything later belongs to the previous year.
LOOKAHEAD_DAYS = 7


@dataclass(frozen=True)
class DateResult:
    """A parsed date or datetime, or None with the reason it could not be resolved."""

    value: date | datetime | None
    reason: str | None = None

    def iso(self) -> str | None:
        """``YYYY-MM-DD`` for a date, ``YYYY-MM-DDTHH:MM:SS+07:00`` for a datetime."""
        if self.value is None:
            return None
        if isinstance(self.value, datetime):
            return self.value.astimezone(TZ).isoformat(timespec="seconds")
        return self.value.isoformat()


@dataclass(frozen=True)
class DateMention:
    """One date as written: any part may be missing (a range's first day borrows the rest)."""

    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None


def normalize(raw: str) -> str:
    text = w.DASHES.sub("-", clean_text(raw).lower())
    text = w.GLUED_YEAR_TIME.sub(r"\1 \2", text)
    return w.WEEKDAY.sub(" ", text)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year if year >= 100 else (2000 + year if year < 70 else 1900 + year)


def parse_mention(m: re.Match[str]) -> DateMention:
    g = m.groupdict()
    day: int | None
    month: int | None
    year: int | None
    if g["ymd_y"]:
        day, month, year = int(g["ymd_d"]), int(g["ymd_m"]), int(g["ymd_y"])
    elif g["p_d1"]:
        day, month, year = int(g["p_d1"]), int(g["p_m1"]), _year(g["p_y"])
        if year is not None and month > int(g["p_m2"]):  # 28/12-3/1/2021 crosses New Year
            year -= 1
    elif g["r_d1"]:
        day, month, year = int(g["r_d1"]), int(g["r_m"]), _year(g["r_y"] or g["r_y4"])
        if day >= int(g["r_d2"]):  # "30-2/5" is no range; read its tail as the date
            day = int(g["r_d2"])
    elif g["d"]:
        day, month, year = int(g["d"]), int(g["m"]), _year(g["y"] or g["y4"] or g["y4b"])
    elif g["w_d"]:
        month = int(g["w_m"]) if g["w_m"] else w.VI_MONTHS[g["w_mw"]]
        day, year = int(g["w_d"]), _year(g["w_y"])
    elif g["e_mw"]:
        day, month, year = int(g["e_d"]), w.EN_MONTHS[g["e_mw"]], _year(g["e_y"])
    elif g["e2_mw"]:
        day, month, year = int(g["e2_d"]), w.EN_MONTHS[g["e2_mw"]], _year(g["e2_y"])
    elif g["f_d"]:
        month = int(g["f_m"]) if g["f_m"] else w.VI_MONTHS[g["f_mw"]]
        day, year = int(g["f_d"]), int(g["f_y"])
    elif g["mo_y"]:
        day, month, year = None, int(g["mo_m"]) if g["mo_m"] else w.VI_MONTHS[g["mo_mw"]], int(g["mo_y"])
    else:
        day, month, year = int(g["bare_d"]), None, None
    return DateMention(m.start(), m.end(), day, month, year)


def find_mentions(text: str) -> list[DateMention]:
    return [parse_mention(m) for m in w.MENTION.finditer(text)]


def infer_year(
    day: int, month: int, reference: date | None, context_year: int | None, *, lookahead_days: int = LOOKAHEAD_DAYS
) -> int | None:
    """The year of a yearless day: closest to the reference and not more than ``lookahead_days`` after it."""
    if reference is not None:
        best: date | None = None
        for year in (reference.year + 1, reference.year, reference.year - 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if (candidate - reference).days <= lookahead_days and (best is None or candidate > best):
                best = candidate
        return best.year if best else None
    return context_year


def resolve(found: list[DateMention], reference: date | None, context_year: int | None) -> DateResult:
    """The first dated mention, completed from the mentions after it (a range states them once)."""
    first = next((x for x in found if x.day is not None), None)
    if first is None:
        if found:
            return DateResult(None, f"only a month is given ({found[0].month}/{found[0].year}), no day")
        return DateResult(None, "no date found")
    day, month, year = first.day, first.month, first.year
    assert day is not None
    later = [x for x in found if x.start > first.start and x.month is not None]
    if month is None:
        if not later:
            return DateResult(None, f"day {day} has no month")
        month = later[0].month
    assert month is not None
    if year is None:
        donor = next((x for x in later if x.year is not None), None)
        if donor is not None and donor.year is not None and donor.month is not None:
            # "từ 28/12 đến 3/1/2021": the range crosses New Year.
            behind = (month, day) > (donor.month, donor.day or 1)
            year = donor.year - 1 if behind else donor.year
        else:
            year = infer_year(day, month, reference, context_year)
            if year is None:
                why = "no reference date or year to place it" if reference is None else "no year fits the reference"
                return DateResult(None, f"{day}/{month} has no year and {why}")
    try:
        return DateResult(date(year, month, day))
    except ValueError:
        return DateResult(None, f"{day}/{month}/{year} is not a calendar date")


def as_date(value: date | datetime | None) -> date | None:
    """The day of a datetime; a date or None unchanged."""
    return value.date() if isinstance(value, datetime) else value


def to_date(value: date | datetime | str | None) -> date | None:
    """A reference given as a date, a datetime or an ISO string, as a date."""
    if value is None or isinstance(value, datetime | date):
        return as_date(value)
    return date.fromisoformat(str(value)[:10])
