"""When and who: the meeting's date, its chair and the period it reviews.

The date is read with ``crawler.dates.event_mentions`` (the one event-date parser) from the
sentence that states the meeting ("Sáng ngày 11/7/2022", "Trong 2 ngày 7 và 8-5", "ngày 26 tháng 8
năm 2021"); a yearless one is placed by ``crawler.dates.place_event`` from what the page shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from crawler.dates import (
    EventMention,
    YearHints,
    YearPhrase,
    dated_years,
    days_ahead,
    event_mentions,
    place_event,
    url_date,
    year_phrases,
)
from crawler.meetings import names as N  # noqa: N812 - the name tables, read as N.NAME
from crawler.meetings import rules as R  # noqa: N812 - the rule tables, read as R.NAME
from crawler.meetings.fields import number
from crawler.meetings.lines import Line
from crawler.text import clean_text

# How much of the text past the lead a yearless date's year may come from (a lead's few paragraphs).
HEAD_YEAR_CHARS = 1500


@dataclass(frozen=True)
class PageDates:
    """What the page shows around the text that can date a meeting."""

    published: date | None = None
    stamp: date | None = None
    url: str | None = None
    head: str = ""  # the text past the lines read, for the dated phrases a yearless date may need


@lru_cache(maxsize=128)  # a line's dates are read by detection (previews) and again by the fields
def dates_of(key: str) -> tuple[EventMention, ...]:
    """The dates written in a line's key that name a month ("Sáng 14/10", "ngày 5 tháng 8 năm 2025")."""
    return tuple(m for m in event_mentions(key) if m.month is not None)


def _dated(line: Line) -> EventMention | None:
    found = dates_of(line.key)
    return found[0] if found else None


def date_mention(
    title: Line, first: Line, lead: list[Line], *, planned: bool = False
) -> tuple[EventMention, Line] | None:
    """The date that states when the meeting is held, and its line: the lead's first dated sentence, or the one
    naming the headline's session ("phiên bế mạc", "ngày làm việc thứ hai"); for a planned meeting the headline too
    ("... dự kiến khai mạc ngày 14/10")."""
    session = R.SESSION.search(title.key)
    if session:
        for cand in lead:
            if session.group(0) in cand.key:
                found = _dated(cand)
                if found:
                    return found, cand
    tail = [title] if planned else []
    for cand in [*[first, *[x for x in lead if x is not first]][:3], *tail]:
        found = _dated(cand)
        if found:
            return found, cand
    return None


def days_after_page(line: Line, start: int, page: PageDates) -> int | None:
    """How many days the date of the meeting named at ``start`` in ``line`` lies after the page's own date
    (publication, else stamp): its first date from there ("Đại hội ... diễn ra từ ngày 14 đến 16/10"), else the
    one the sentence opens on ("Sáng 14/10, ..., Đại hội ... tiến hành phiên trù bị"). None without either date."""
    today = page.published or page.stamp
    if today is None:
        return None
    dates = dates_of(line.key)
    found = next((d for d in dates if d.start >= start), None) or next((d for d in dates if d.opening), None)
    if found is None or found.month is None:
        return None
    return days_ahead(found.day, found.month, found.year, today)


def meeting_date(
    title: Line,
    first: Line,
    lead: list[Line],
    page: PageDates,
    *,
    planned: bool = False,
    at: tuple[Line, int] | None = None,
) -> tuple[date | None, str, str]:
    """The date the meeting was held (or is planned), the words that state it, and where its year came from.

    ``at`` is the mention of a planned meeting: a date after it in its sentence is its own ("Ngày 10/8, Ban Tổ chức
    cho biết, Đại hội ... sẽ khai mạc vào sáng 14/8"), not the news's."""
    after = None
    if planned and at is not None:
        after = next((d for d in dates_of(at[0].key) if d.start >= at[1]), None)
    dated = (after, at[0]) if after and at else date_mention(title, first, lead, planned=planned)
    if planned and dated and not after and (days_after_page(dated[1], dated[0].start, page) or 0) < 1:
        # "Chiều 6/10, Tỉnh ủy tổ chức họp báo ...; Đại hội diễn ra từ ngày 9 đến 11/10": the news's day opens the
        # lead, the meeting's own date lies ahead of it.
        ahead = [(d, x) for x in [first, *lead][:4] for d in dates_of(x.key)]
        dated = next(((d, x) for d, x in ahead if (days_after_page(x, d.start, page) or 0) >= 1), dated)
    found, line = dated if dated else (None, first)
    if found is None or found.month is None:
        return None, "", ""
    pos = found.start
    phrases: list[YearPhrase] = []
    if found.year is None:  # the nearest dated period first: in the date's own sentence, then the other lines
        phrases = sorted(year_phrases(line.key), key=lambda p: abs(p.start - pos))
        phrases += [p for other in (*lead, title) if other is not line for p in year_phrases(other.key)]
        if not phrases and page.head:
            # Further down the lead: a period, else a full date ("Nghị quyết số 1726 ... ngày 24/6/2025"), but
            # not one in the date's own sentence: that is the document the meeting reviews ("tổng kết Nghị quyết
            # số 18 ngày 25-10-2017").
            rest = clean_text(page.head[:HEAD_YEAR_CHARS])  # periods and dates need no tone folding
            phrases = year_phrases(rest)
            if not phrases:  # the head holds the lead's lines too
                own = {p.anchor for p in dated_years(line.key)}
                phrases = [p for p in dated_years(rest) if p.anchor not in own]
    url = url_date(page.url) if found.year is None else None
    hints = YearHints(page.stamp, tuple(phrases), url, page.published)
    value, source = place_event(found.day, found.month, found.year, hints, planned=planned)
    lead_in = R.DATE_LEAD_IN.search(line.key[max(0, pos - 20) : pos])
    begin = max(0, pos - 20) + lead_in.start() if lead_in else pos
    phrase = line.raw[begin : pos + 14].split(",")[0].strip()
    return value, phrase, source if value else ""


# --- chair, period ------------------------------------------------------------------------------


_NAME_TOKEN = re.compile(r"\s*([^\s,;:.()–\-]+)")


def _name_at(raw: str, pos: int) -> str | None:
    words: list[str] = []
    i = pos
    while True:
        tok = _NAME_TOKEN.match(raw, i)
        if not tok or not tok.group(1)[:1].isupper():
            break
        w = tok.group(1)
        i = tok.end()
        words.append(w)
        if len(words) == 5:
            break
    if len(words) < 2 or any(w.lower() in N.TITLE_WORDS for w in words):
        return None  # "Đoàn Chủ tịch": an office, not a person
    return " ".join(words)


def _in_place(raw: str, pos: int) -> bool:
    """True when the word at ``pos`` ends a place named after a level word ("tỉnh Tây Ninh Nguyễn Mạnh Hùng": the
    "Ninh" of "Tây Ninh"); a place name here has at most two words."""
    words = raw[max(0, pos - 60) : pos].split()
    run = 0
    while run < len(words) and run < 3 and words[-1 - run][:1].isupper():
        run += 1
    if run != 1:  # one capitalised word before this one: a two-word place after its level word
        return False
    return bool(N.LEVEL_BEFORE_RUN.search(" ".join(words[: len(words) - run]) + " "))


def _surname_run(raw: str, start: int, end: int) -> str | None:
    """The first 'Họ Tên' run in raw[start:end] that opens with a family name ('Tổng Bí thư Tô Lâm' -> 'Tô Lâm')."""
    for tok in re.finditer(r"[^\s,;:.()–\-]+", raw[start:end]):
        if (
            tok.group(0).lower() in N.SURNAMES
            and not N.PLACE_BEFORE.search(raw[max(0, start + tok.start() - 12) : start + tok.start()])
            and not _in_place(raw, start + tok.start())
        ):
            name = _name_at(raw, start + tok.start())
            if name and len(name.split()) <= 4:
                return name
    return None


def chair_of(lines: list[Line]) -> str | None:
    for line in lines:
        for cue in N.CHAIR_CUE.finditer(line.key):
            after = N.CHAIR_AFTER.match(line.key, cue.start())
            if after:
                name = _name_at(line.raw, after.end()) or _surname_run(line.raw, after.end(), after.end() + 90)
                if name:
                    return name
            if line.key.startswith(" của ", cue.end()):  # "dưới sự chủ trì của Chủ tịch Quốc hội Trần Thanh Mẫn"
                name = _surname_run(line.raw, cue.end() + 5, cue.end() + 95)
                if name:
                    return name
            seg_start = line.key.rfind(". ", 0, cue.start()) + 1
            people = list(N.PERSON.finditer(line.key, seg_start, cue.start()))
            if people:
                co = line.key[max(0, cue.start() - 5) : cue.start()].endswith("đồng ")
                last = len(people) - 1
                while last and line.key[people[last - 1].end() : people[last].start()].rstrip().endswith(" và"):
                    last -= 1  # "Đồng chí A, ... và đồng chí B, ... chủ trì": co-chairs, the first named
                who = people[0 if co else last]
                named_as_chair = line.key[max(0, cue.start() - 2) : cue.start()].endswith("(")
                name = _name_at(line.raw, who.end()) or _surname_run(line.raw, who.end(), cue.start())
                guest = re.search(
                    r"(?:dự|chúc mừng)\s*(?:hội nghị|kỳ họp|đại hội)?\s*(?:có)?\s*$",
                    line.key[seg_start : people[-1].start()],
                )
                if name and (guest is None or named_as_chair):  # "Dự hội nghị có đồng chí X ... (chủ trì)"
                    return name
            elif not re.search(r"(?:dự|có)\s", line.key[seg_start : cue.start()]):
                name = _surname_run(line.raw, seg_start, cue.start())
                if name:
                    return name
    return None


def period_of(key: str, start: int, meeting_year: int | None) -> str | None:
    cue = N.PERIOD_CUE.search(key, start)
    if not cue or cue.start() - start > 260:
        return None
    stop = key.find(";", cue.start())
    m = N.PERIOD.search(key, cue.start(), min(cue.end() + 160, stop if stop > 0 else len(key)))
    if not m:
        return None
    g = m.groupdict()
    later = re.match(r"[^.;]{0,40}?(?:năm |/)((?:19|20)\d{2})(?!\d)", key[m.end() :])
    if later and not (g["y1"] or g["y2"] or g["y3"] or g["y4"]):
        meeting_year = int(later.group(1))  # "quý I, triển khai ... quý II/2024": the year written next
    if g["months"]:
        months = str(number(g["months"]) or g["months"])
        half = g["half"] or ""
        year = g["y1"] or (str(meeting_year) if meeting_year and half in ("đầu năm", "cuối năm") else None)
        if half == "đầu":
            half = "đầu năm"
        return " ".join(x for x in (months, "tháng", half, year) if x)
    if g["q"]:
        q = g["q"].upper() if not g["q"].isdigit() else ["", "I", "II", "III", "IV"][int(g["q"])]
        year = g["y2"] or (str(meeting_year) if meeting_year else None)
        return f"quý {q} năm {year}" if year else f"quý {q}"
    if g["m"]:
        year = g["y3"] or (str(meeting_year) if meeting_year else None)
        return f"tháng {int(g['m'])} năm {year}" if year else f"tháng {int(g['m'])}"
    if g["y4"]:
        return "năm " + re.sub(r"\s*[-–]\s*", "-", g["y4"])
    return None
