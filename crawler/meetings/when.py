"""When and who: the meeting's date, its chair and the period it reviews.

The date is read with ``crawler.dates.event_mentions`` (the one event-date parser) from the
sentence that states the meeting ("Sáng ngày 11/7/2022", "Trong 2 ngày 7 và 8-5", "ngày 26 tháng 8
năm 2021"); a yearless one is placed by ``crawler.dates.place_event`` from what the page shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from crawler.dates import EventMention, YearHints, YearPhrase, event_mentions, place_event, url_date, year_phrases
from crawler.meetings import names as N  # noqa: N812 - the name tables, read as N.NAME
from crawler.meetings import rules as R  # noqa: N812 - the rule tables, read as R.NAME
from crawler.meetings.fields import number
from crawler.meetings.lines import Line


@dataclass(frozen=True)
class PageDates:
    """What the page shows around the text that can date a meeting."""

    published: date | None = None
    stamp: date | None = None
    url: str | None = None


def _dated(line: Line) -> EventMention | None:
    return next((m for m in event_mentions(line.key) if m.month is not None), None)


def meeting_date(
    title: Line, first: Line, lead: list[Line], page: PageDates, *, planned: bool = False
) -> tuple[date | None, str, str]:
    """The date the meeting was held (or is planned), the words that state it, and where its year came from."""
    found: EventMention | None = None
    line = first
    session = R.SESSION.search(title.key)
    if session:
        for cand in lead:
            if session.group(0) in cand.key:
                found = _dated(cand)
                if found:
                    line = cand
                    break
    if found is None:
        # A planned date is often only in the headline ("... dự kiến khai mạc ngày 14/10").
        tail = [title] if planned else []
        for cand in [*[first, *[x for x in lead if x is not first]][:3], *tail]:
            found = _dated(cand)
            if found:
                line = cand
                break
    if found is None or found.month is None:
        return None, "", ""
    pos = found.start
    phrases: list[YearPhrase] = []
    if found.year is None:  # the nearest dated period first: in the date's own sentence, then the other lines
        phrases = sorted(year_phrases(line.key), key=lambda p: abs(p.start - pos))
        phrases += [p for other in (title, *lead) if other is not line for p in year_phrases(other.key)]
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
    if len(words) < 2 or words[0].lower() in N.TITLE_WORDS:
        return None
    return " ".join(words)


def _surname_run(raw: str, start: int, end: int) -> str | None:
    """The first 'Họ Tên' run in raw[start:end] that opens with a family name ('Tổng Bí thư Tô Lâm' -> 'Tô Lâm')."""
    for tok in re.finditer(r"[^\s,;:.()–\-]+", raw[start:end]):
        if tok.group(0).lower() in N.SURNAMES and not N.PLACE_BEFORE.search(
            raw[max(0, start + tok.start() - 12) : start + tok.start()]
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
            seg_start = line.key.rfind(". ", 0, cue.start()) + 1
            people = list(N.PERSON.finditer(line.key, seg_start, cue.start()))
            if people:
                co = line.key[max(0, cue.start() - 5) : cue.start()].endswith("đồng ")
                who = people[0 if co else -1]
                name = _name_at(line.raw, who.end()) or _surname_run(line.raw, who.end(), cue.start())
                if (
                    name
                    and re.search(
                        r"(?:dự|chúc mừng)\s*(?:hội nghị|kỳ họp|đại hội)?\s*(?:có)?\s*$",
                        line.key[seg_start : people[-1].start()],
                    )
                    is None
                ):
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
