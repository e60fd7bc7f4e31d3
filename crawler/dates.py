"""Vietnamese date and time parsing: day-first, Asia/Ho_Chi_Minh, no guessing.

Public contract (stable; issue 3 deepens the implementation behind it):

- ``parse_date(raw, reference=None, context_year=None, now=None) -> DateResult`` for a stamp as a
  portal prints it ("Ngày đăng: 11/07/2022 08:30", "2022-07-11T08:30:00+07:00").
- ``event_date(text, reference=None, context_year=None) -> DateResult`` for the date of what an
  article reports, read from its first sentences ("Sáng ngày 11/7/2022, ...").

A ``DateResult`` holds a ``date`` (no time known), an aware ``datetime`` (time known), or ``None``
with a ``reason``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from crawler.text import clean_text

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


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
            return self.value.isoformat(timespec="seconds")
        return self.value.isoformat()


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?")
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}))?(?![\d/])")
_TIME = re.compile(r"(?<!\d)(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})?(?::(\d{2}))?")


def _year(y: str | None, day: int, month: int, reference: date | None, context_year: int | None) -> int | None:
    if y:
        year = int(y)
        return year + 2000 if year < 100 else year
    if reference is not None:
        # The year that puts the date closest to the reference, at most a few days after it.
        best = None
        for candidate in (reference.year - 1, reference.year, reference.year + 1):
            try:
                d = date(candidate, month, day)
            except ValueError:
                continue
            if d - reference > timedelta(days=7):
                continue
            if best is None or abs((d - reference).days) < abs((date(best, month, day) - reference).days):
                best = candidate
        return best
    return context_year


def parse_date(
    raw: str | None,
    *,
    reference: date | None = None,
    context_year: int | None = None,
    now: datetime | None = None,
) -> DateResult:
    """Parse one stamp; a date alone stays a date, a stamp with a time becomes aware local time."""
    text = clean_text(raw)
    if not text:
        return DateResult(None, "empty")
    m = _ISO.search(text)
    if m:
        value = datetime.fromisoformat(m.group(0).replace(" ", "T").replace("Z", "+00:00"))
        return DateResult(value if value.tzinfo else value.replace(tzinfo=TZ))
    m = _DMY.search(text)
    if not m:
        return DateResult(None, "no date found")
    day, month = int(m.group(1)), int(m.group(2))
    year = _year(m.group(3), day, month, reference, context_year)
    if year is None:
        return DateResult(None, "year unknown")
    try:
        d = date(year, month, day)
    except ValueError:
        return DateResult(None, "not a calendar date")
    rest = text[: m.start()] + " " + text[m.end() :]
    t = _TIME.search(rest)
    if t:
        hour, minute, second = int(t.group(1)), int(t.group(2) or 0), int(t.group(3) or 0)
        if hour < 24 and minute < 60 and second < 60:
            return DateResult(datetime(d.year, d.month, d.day, hour, minute, second, tzinfo=TZ))
    return DateResult(d)


_EVENT = re.compile(r"^(?:(?:sáng|trưa|chiều|tối|đêm)\s+)?(?:ngày\s+)?(\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{4})?)", re.I)


def event_date(text: str, *, reference: date | None = None, context_year: int | None = None) -> DateResult:
    """The date an article's first sentence gives for what it reports."""
    m = _EVENT.search(clean_text(text))
    if not m:
        return DateResult(None, "no dated opening")
    result = parse_date(m.group(1), reference=reference, context_year=context_year)
    if isinstance(result.value, datetime):
        return DateResult(result.value.date())
    return result
