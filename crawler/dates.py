"""Vietnamese date and time parsing: day-first, Asia/Ho_Chi_Minh, no guessing.

Public contract (other modules import these names):

- ``parse_date(raw, reference=None, context_year=None, now=None) -> DateResult`` for a stamp as a
  portal prints it ("Ngày đăng: 11/07/2022 08:30", "Cập nhật: 14:32 | 05/08/2023",
  "2022-07-11T08:30:00+07:00", "3 giờ trước").
- ``event_date(text, reference=None, context_year=None) -> DateResult`` for the date of what an
  article reports, read from the conventions of its first sentences ("Sáng ngày 11/7/2022, ...").
- ``annotate_record(record, text_mode=False)`` for ``portalwatch analyze dates [--text]``.

A ``DateResult`` holds a ``date`` (no time printed: no midnight is invented), an aware ``datetime``
in Asia/Ho_Chi_Minh (a time was printed), or ``None`` with a ``reason``. A yearless date takes its
year from ``reference`` (the publication date) or ``context_year``, never from the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from crawler import datewords as w
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
class _Mention:
    """One date as written: any part may be missing (a range's first day borrows the rest)."""

    start: int
    end: int
    day: int | None
    month: int | None
    year: int | None


def _normalize(raw: str) -> str:
    text = w.DASHES.sub("-", clean_text(raw).lower())
    text = w.GLUED_YEAR_TIME.sub(r"\1 \2", text)
    return w.WEEKDAY.sub(" ", text)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    return year if year >= 100 else (2000 + year if year < 70 else 1900 + year)


def _mention(m: re.Match[str]) -> _Mention:
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
    return _Mention(m.start(), m.end(), day, month, year)


def _mentions(text: str) -> list[_Mention]:
    return [_mention(m) for m in w.MENTION.finditer(text)]


def infer_year(day: int, month: int, reference: date | None, context_year: int | None) -> int | None:
    """The year of a yearless day: closest to the reference and not more than a few days after it."""
    if reference is not None:
        best: date | None = None
        for year in (reference.year + 1, reference.year, reference.year - 1):
            try:
                candidate = date(year, month, day)
            except ValueError:
                continue
            if (candidate - reference).days <= LOOKAHEAD_DAYS and (best is None or candidate > best):
                best = candidate
        return best.year if best else None
    return context_year


def _resolve(found: list[_Mention], reference: date | None, context_year: int | None) -> DateResult:
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
    if year is None:
        donor = next((x for x in later if x.year is not None), None)
        if donor is not None:
            assert donor.month is not None
            # "từ 28/12 đến 3/1/2021": the range crosses New Year.
            behind = (month, day) > (donor.month, donor.day or 1)
            year = donor.year - 1 if behind else donor.year  # type: ignore[operator]
        else:
            year = infer_year(day, month, reference, context_year)
            if year is None:
                why = "no reference date or year to place it" if reference is None else "no year fits the reference"
                return DateResult(None, f"{day}/{month} has no year and {why}")
    try:
        return DateResult(date(year, month, day))
    except ValueError:
        return DateResult(None, f"{day}/{month}/{year} is not a calendar date")


def _hour(h: int, marker: str | None) -> int | None:
    """24-hour clock from a 12-hour reading and SA/CH, AM/PM or a part of the day."""
    if marker in ("pm", "p.m", "p.m.", "ch", "chiều", "tối") and 1 <= h < 12:
        return h + 12
    if marker in ("am", "a.m", "a.m.", "sa") and h == 12:
        return 0
    if marker in ("đêm", "khuya"):
        return h + 12 if 6 <= h < 12 else (0 if h == 12 else h)
    if marker == "trưa" and 1 <= h <= 4:
        return h + 12
    return h if h < 24 else None


def _time(text: str) -> tuple[tuple[int, int, int] | None, str]:
    """The first time printed and the text with every time blanked out (their digits are no date)."""
    first = None
    for m in w.TIME.finditer(text):
        if first is None:
            g = m.groupdict()
            h = int(g["h1"] or g["h2"] or g["h3"])
            minute = int(g["m1"] or g["m2"] or g["m3"] or 0)
            second = int(g["s1"] or g["s3"] or 0)
            marker = g["mer"]
            if marker is None:
                after = w.PART_OF_DAY.match(text, m.end() + (text[m.end() : m.end() + 1] == " "))
                before = list(w.PART_OF_DAY.finditer(text, max(0, m.start() - 30), m.start()))
                marker = after.group(1) if after else (before[-1].group(1) if before else None)
            hour = _hour(h, marker)
            if hour is not None and minute < 60 and second < 60:
                first = (hour, minute, second)
    return first, w.TIME.sub(lambda m: " " * len(m.group(0)), text)


def _offset(text: str) -> timezone | None:
    m = w.OFFSET.search(text)
    if not m:
        return None
    if m.group(4):
        return UTC
    if m.group(5):
        return timezone(timedelta(hours=int(m.group(5)), minutes=int(m.group(6))))
    sign = -1 if m.group(1) == "-" else 1
    return timezone(sign * timedelta(hours=int(m.group(2) or 0), minutes=int(m.group(3) or 0)))


def _iso_offset(text: str) -> timezone:
    if text == "z":
        return UTC
    digits = text[1:].replace(":", "")
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0)))


def _as_date(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _local_now(now: datetime) -> datetime:
    return now.replace(tzinfo=TZ) if now.tzinfo is None else now.astimezone(TZ)


def _relative(text: str, now: datetime | None) -> DateResult | None:
    """ "3 giờ trước", "2 tuần trước", "hôm qua": None when the text has no relative form."""
    ago = w.RELATIVE_AGO.search(text)
    day_word = w.RELATIVE_DAY.search(text)
    if not ago and not day_word:
        return None
    if now is None:
        return DateResult(None, "a relative date needs the time of the crawl (now)")
    local = _local_now(now).replace(microsecond=0)
    if ago:
        if re.search(r"\d\s?-\s?$", text[: ago.start()]):  # "5 - 6 năm trước": a span, not a time
            return DateResult(None, "a span of time ago is too vague to date")
        clock_step = timedelta()
        days = months = 0
        for part in w.RELATIVE_PART.finditer(ago.group("ago") or ago.group("since")):
            count_text, unit = part.group(1), part.group(2).rstrip("s")
            n = int(count_text) if count_text.isdigit() else w.COUNT_WORDS.get(count_text)
            if n is None:  # "vài giờ trước": a few hours is no time
                return DateResult(None, f"'{ago.group(0).strip()}' is too vague to date")
            if unit in ("giây", "second", "sec"):
                clock_step += timedelta(seconds=n)
            elif unit in ("phút", "minute", "min"):
                clock_step += timedelta(minutes=n)
            elif unit in ("giờ", "tiếng", "hour", "hr"):
                clock_step += timedelta(hours=n)
            elif unit in ("ngày", "day"):
                days += n
            elif unit in ("tuần", "week"):
                days += 7 * n
            else:
                months += n if unit in ("tháng", "month") else 12 * n
        if not days and not months:
            return DateResult(local - clock_step)
        today = local.date()
        y, mo = divmod(today.year * 12 + today.month - 1 - months, 12)
        try:
            return DateResult(today.replace(year=y, month=mo + 1) - timedelta(days=days))
        except ValueError:
            return DateResult(None, f"'{ago.group(0).strip()}' lands on a day that month lacks")
    assert day_word is not None
    word = re.sub(r"\s+", " ", day_word.group(1))
    if word in ("vừa xong", "vừa mới", "just now"):
        return DateResult(local)
    return DateResult(local.date() + timedelta(days=w.RELATIVE_DAY_OFFSET[word]))


def _with_time(day: date, clock: tuple[int, int, int] | None, offset: timezone | None) -> date | datetime:
    if clock is None:
        return day
    value = datetime(day.year, day.month, day.day, *clock, tzinfo=offset or TZ)
    return value.astimezone(TZ)


def _to_date(value: date | datetime | str | None) -> date | None:
    if value is None or isinstance(value, datetime | date):
        return _as_date(value)
    return date.fromisoformat(str(value)[:10])


def parse_date(
    raw: str | None,
    *,
    reference: date | None = None,
    context_year: int | None = None,
    now: datetime | None = None,
) -> DateResult:
    """Parse one stamp; a date alone stays a date, a stamp with a time becomes aware local time.

    Labels ("Ngày đăng", "Cập nhật lúc"), weekdays, "(GMT+7)", separators and author names around
    the stamp are ignored; a range gives its first day; a date that cannot be placed gives None.
    """
    text = _normalize(raw or "")
    if not text:
        return DateResult(None, "empty")
    reference = _to_date(reference)
    iso = w.ISO.search(text)
    if iso:
        y, mo, d, hh, mm, ss, off = iso.groups()
        if hh is None:
            clock, rest = _time(text[: iso.start()] + " " * len(iso.group(0)) + text[iso.end() :])
            return DateResult(_with_time(date(int(y), int(mo), int(d)), clock, _offset(text)))
        value = datetime.fromisoformat(f"{y}-{mo}-{d}T{hh}:{mm}:{ss or '00'}")
        tz = _iso_offset(off) if off else _offset(text[iso.end() :])
        return DateResult(value.replace(tzinfo=tz or TZ).astimezone(TZ))
    if w.RELATIVE_AGO.search(text):
        relative = _relative(text, now)
        assert relative is not None
        return relative
    clock, rest = _time(text)
    found = _mentions(rest)
    if not found:
        relative = _relative(text, now)
        if relative is None:
            return DateResult(None, "no date found")
        if clock and isinstance(relative.value, date) and not isinstance(relative.value, datetime):
            return DateResult(_with_time(relative.value, clock, _offset(text)))
        return relative
    result = _resolve(found, reference, context_year)
    if result.value is None:
        relative = _relative(text, now) if now is not None else None
        first = next((x for x in found if x.day is not None and x.month is not None), None)
        rel_day = _as_date(relative.value) if relative else None
        # "Hôm qua (16/7)" with a crawl time: the relative word gives the year if it agrees.
        if rel_day and first and (rel_day.day, rel_day.month) == (first.day, first.month):
            return DateResult(_with_time(rel_day, clock, _offset(text)))
        return result
    assert isinstance(result.value, date)
    return DateResult(_with_time(result.value, clock, _offset(text)))


def _lower_same_length(text: str) -> str:
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


EVENT_HEAD_CHARS = 700


def event_date(text: str, *, reference: date | None = None, context_year: int | None = None) -> DateResult:
    """The date of what an article reports, from how its first sentences open.

    Only a date in an opening position ("Sáng ngày 11/7/2022, ...", ", chiều 18-7, ...") or one
    after "ngày"/a part of the day counts; bare numbers ("18/20 xã", "6/6 cụm"), document dates
    ("Quyết định 1234/QĐ-UBND ngày 5/3/2022"), periods and phone numbers never do.
    """
    head = w.DASHES.sub("-", clean_text(text[: 2 * EVENT_HEAD_CHARS])[:EVENT_HEAD_CHARS])
    low = _lower_same_length(head)
    reference = _to_date(reference)
    fallback: DateResult | None = None
    for m in w.EVENT_ANCHOR.finditer(low):
        start = m.start("date")
        before = head[max(0, m.start() - 60) : m.start()]
        if w.DOC_CONTEXT.search(before):
            continue
        hit = w.MENTION.match(low, start)
        if hit is None:
            continue
        first = _mention(hit)
        span = [first]
        tail = w.RANGE_TAIL.match(low, first.end)
        if tail and (first.month is None or first.year is None):
            # "từ ngày 12-7 đến 16-8-2020": the range's last day states what the first leaves out.
            second = w.MENTION.match(low, tail.end())
            if second is not None:
                span.append(_mention(second))
        result = _resolve(span, reference, context_year)
        if result.value is None and first.month is None:
            continue
        lead = low[max(0, m.start() - 24) : m.start()]
        opening = m.start() == 0 or (not lead.strip() and m.start() <= 24) or w.CLAUSE_START.search(lead) is not None
        if opening:
            return DateResult(_as_date(result.value), result.reason)
        if fallback is None and m.group("kw") != "từ":
            fallback = DateResult(_as_date(result.value), result.reason)
    if fallback is not None:
        return fallback
    rel = w.RELATIVE_OPENING.search(low)
    if rel:
        if reference is None:
            return DateResult(None, f"'{rel.group('rel')}' needs the publication date")
        back = 1 if rel.group("rel").endswith("qua") else 0
        return DateResult(reference - timedelta(days=back))
    return DateResult(None, "no dated opening")


def annotate_record(record: dict[str, Any], *, text_mode: bool = False, now: datetime | None = None) -> dict[str, Any]:
    """One JSON Lines record of ``portalwatch analyze dates``: adds ``parsed`` (or ``event_date``) and ``reason``.

    Input ``{"raw": str, "reference": "YYYY-MM-DD" | null, "context_year": int | null}`` (``text``
    instead of ``raw`` in text mode; an optional ``now`` ISO datetime, the moment a relative stamp such as
    "3 giờ trước" counts back from, else the ``now`` argument: the caller's clock); other keys pass through
    unchanged.
    """
    out = dict(record)
    out.pop("reason", None)
    key = "event_date" if text_mode else "parsed"
    try:
        reference = _to_date(record.get("reference"))
        year = record.get("context_year")
        context_year = int(year) if year not in (None, "") else None
        now_raw = record.get("now")
        now = datetime.fromisoformat(str(now_raw).replace("Z", "+00:00")) if now_raw else now
    except (TypeError, ValueError) as exc:
        out[key] = None
        out["reason"] = f"bad reference, context_year or now ({exc}); use YYYY-MM-DD, a year and ISO 8601"
        return out
    if text_mode:
        result = event_date(str(record.get("text") or ""), reference=reference, context_year=context_year)
    else:
        result = parse_date(record.get("raw"), reference=reference, context_year=context_year, now=now)
    out[key] = result.iso()
    if result.value is None:
        out["reason"] = result.reason
    return out
