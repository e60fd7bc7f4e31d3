"""Publication stamps as portals print them ("Ngày đăng: 11/07/2022 08:30", "Cập nhật: 14:32 | 05/08/2023",
"2022-07-11T08:30:00+07:00", "3 giờ trước"): a date alone stays a date, a time makes it aware local time.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

from crawler.dates import words as w
from crawler.dates.mentions import TZ, DateResult, as_date, find_mentions, normalize, resolve, to_date

# A stamp with its label, weekday and byline is under a hundred characters; anything longer is cut
# here so that a hostile page's "date" costs no more than a real one.
STAMP_CHARS = 500


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
    text = normalize((raw or "")[: 8 * STAMP_CHARS])[:STAMP_CHARS]
    if not text:
        return DateResult(None, "empty")
    reference = to_date(reference)
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
    found = find_mentions(rest)
    if not found:
        relative = _relative(text, now)
        if relative is None:
            return DateResult(None, "no date found")
        if clock and isinstance(relative.value, date) and not isinstance(relative.value, datetime):
            return DateResult(_with_time(relative.value, clock, _offset(text)))
        return relative
    result = resolve(found, reference, context_year)
    if result.value is None:
        relative = _relative(text, now) if now is not None else None
        first = next((x for x in found if x.day is not None and x.month is not None), None)
        rel_day = as_date(relative.value) if relative else None
        # "Hôm qua (16/7)" with a crawl time: the relative word gives the year if it agrees.
        if rel_day and first and (rel_day.day, rel_day.month) == (first.day, first.month):
            return DateResult(_with_time(rel_day, clock, _offset(text)))
        return result
    assert isinstance(result.value, date)
    return DateResult(_with_time(result.value, clock, _offset(text)))
