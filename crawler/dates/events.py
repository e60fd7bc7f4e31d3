"""The date of what an article reports, and where its year comes from when the text leaves it out.

One parser for every event date: ``event_mentions`` reads the dates a report's sentences open on
("Sáng ngày 11/7/2022, ...", ", chiều 18-7, ...", "Trong 2 ngày 12 và 13-7, ..."); ``event_date``
(``portalwatch analyze dates --text``) and meeting detection (``crawler.meetings``) both call it.

A yearless date is placed by ``place_event``, from (in order) a page stamp at the head of the text,
the nearest dated phrase ("6 tháng đầu năm 2021"), the URL path, then the publication date; never
from a term ("nhiệm kỳ 2020-2025") or a weekday. A held event dated after its publication by more
than a day is refused: portals print typos such as 31/12/2026 for 2025.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import unquote, urlsplit

from crawler.dates import words as w
from crawler.dates.mentions import (
    DateMention,
    DateResult,
    as_date,
    infer_year,
    parse_mention,
    resolve,
    to_date,
)
from crawler.dates.stamps import parse_date
from crawler.text import clean_text

EVENT_HEAD_CHARS = 700
# A report is published the day of its event or later; one day covers a late-evening event
# published after midnight UTC+7 by a server on another clock.
HELD_SLACK_DAYS = 1
# An announcement's planned date falls within this many days after its publication.
PLANNED_WITHIN_DAYS = 366
# A yearless date up to this many days after the page's own date lies ahead of it (a preview's date, or none for a
# held event), not a year before it: "Ngày 14/10" on a page of 12 October is this October's 14th.
AHEAD_DAYS = 62


@dataclass(frozen=True)
class EventMention:
    """A date written where a report states when its event happens, its parts as far as the text gives them."""

    start: int
    end: int
    day: int
    month: int | None
    year: int | None
    opening: bool  # at the start of a clause ("Sáng 3/7, ..."), not inside one ("... trong ngày 3/7")
    keyword: str  # the word that anchors it: "ngày", "sáng", "từ", or "" for a bare date at a clause start


def _lower_same_length(text: str) -> str:
    low = text.lower()
    return low if len(low) == len(text) else "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _complete(span: list[DateMention]) -> tuple[int | None, int | None]:
    """Month and year of a range's first day, borrowed from its last ("từ 28/12 đến 3/1/2021")."""
    first = span[0]
    month, year = first.month, first.year
    later = [x for x in span[1:] if x.month is not None]
    if month is None and later:
        month = later[0].month
    if year is None and month is not None and first.day is not None:
        donor = next((x for x in later if x.year is not None), None)
        if donor is not None and donor.year is not None and donor.month is not None:
            behind = (month, first.day) > (donor.month, donor.day or 1)
            year = donor.year - 1 if behind else donor.year
    return month, year


def event_mentions(text: str) -> list[EventMention]:
    """Dates in ``text`` (one cleaned sentence or a head of text) written as when something happens.

    Bare numbers ("18/20 xã", "6/6 cụm"), document dates ("Quyết định 1234/QĐ-UBND ngày
    5/3/2022"), anniversaries and periods never count. Positions are those of ``text``.
    """
    low = _lower_same_length(w.DASHES.sub("-", text))
    out: list[EventMention] = []
    anchors = [*w.EVENT_ANCHOR.finditer(low), *w.BARE_EVENT_DATE.finditer(low)]
    for m in sorted(anchors, key=lambda a: a.start("date")):
        start = m.start("date")
        if w.DOC_CONTEXT.search(text[max(0, m.start() - 60) : m.start()]):
            continue
        hit = w.MENTION.match(low, start)
        if hit is None:
            continue
        first = parse_mention(hit)
        span = [first]
        tail = w.RANGE_TAIL.match(low, first.end)
        if tail and (first.month is None or first.year is None):
            # "từ ngày 12-7 đến 16-8-2020": the range's last day states what the first leaves out.
            second = w.MENTION.match(low, tail.end())
            if second is not None:
                span.append(parse_mention(second))
        if first.day is None:
            continue
        month, year = _complete(span)
        kw = (m.groupdict().get("kw") or "").strip()
        lead = low[max(0, m.start() - 24) : m.start()]
        opening = m.start() == 0 or (not lead.strip() and m.start() <= 24) or w.CLAUSE_START.search(lead) is not None
        out.append(EventMention(start, span[-1].end, first.day, month, year, opening, kw))
    return out


def event_date(text: str, *, reference: date | None = None, context_year: int | None = None) -> DateResult:
    """The date of what an article reports, from how its first sentences open.

    The first date in an opening position wins; else the first one after "ngày" or a part of the
    day; else "sáng nay"/"hôm qua" against the reference. Its year comes from the date itself,
    ``reference`` (the publication date) or ``context_year`` only.
    """
    head = clean_text(text[: 2 * EVENT_HEAD_CHARS])[:EVENT_HEAD_CHARS]
    reference = to_date(reference)
    fallback: DateResult | None = None
    for found in event_mentions(head):
        if found.month is None:
            continue
        mention = DateMention(found.start, found.end, found.day, found.month, found.year)
        result = resolve([mention], reference, context_year)
        if found.opening:
            return DateResult(as_date(result.value), result.reason)
        if fallback is None and found.keyword != "từ":
            fallback = DateResult(as_date(result.value), result.reason)
    if fallback is not None:
        return fallback
    rel = w.RELATIVE_OPENING.search(_lower_same_length(w.DASHES.sub("-", head)))
    if rel:
        if reference is None:
            return DateResult(None, f"'{rel.group('rel')}' needs the publication date")
        back = 1 if rel.group("rel").endswith("qua") else 0
        return DateResult(reference - timedelta(days=back))
    return DateResult(None, "no dated opening")


# --- where a yearless date takes its year from --------------------------------------------------------
def url_date(url: str | None) -> tuple[int, int | None] | None:
    """Year and month a URL path carries ('/202107/', '/2019/05/21/'), or None ('/hoi-nghi-2019-123.html')."""
    if not url:
        return None
    path = unquote(urlsplit(url).path)
    for pattern in w.URL_DATE:
        m = pattern.search(path)
        if m:
            month = m.groupdict().get("m")
            return int(m.group("y")), int(month) if month else None
    return None


def url_year(url: str | None) -> int | None:
    """The year a URL path carries, a hint for yearless stamps and event dates."""
    found = url_date(url)
    return found[0] if found else None


def head_stamp(text: str) -> tuple[date | None, int]:
    """A page stamp the text opens with ("14/07/2021 - 09:12 Trong 2 ngày ...") and where the text resumes.

    Only a stamp as pages print them (a time beside it, a label, or a line of its own), never an
    event's opening date ("Ngày 19/11/2024, Ban Thường vụ ..."): that one is the event's.
    """
    head = text[:200]
    m = w.HEAD_STAMP.match(head)
    if not m:
        return None, 0
    sep = m.group("sep")
    labelled = bool(head[: m.start("stamp")].strip())
    timed = any(m.group(g) for g in ("t1", "t2", "t3"))
    apart = bool(sep.strip()) or "\n" in sep or m.end() == len(head) or head[m.end() : m.end() + 1].isupper()
    if not (labelled or timed or apart):
        return None, 0
    value = as_date(parse_date(m.group("stamp")).value)
    return (value, m.end()) if value else (None, 0)


@dataclass(frozen=True)
class YearPhrase:
    """A dated period in the text ("6 tháng đầu năm 2021", "quý II/2024", "năm 2016")."""

    start: int
    year: int
    anchor: date  # the day a meeting about that period is nearest to: its end, or its start for a plan
    whole_year: bool = False  # "năm 2025" (not a plan): a date in it, or in the next January for its review


def year_phrases(text: str) -> list[YearPhrase]:
    """Dated periods in a cleaned sentence; terms ("nhiệm kỳ 2020-2025"), spans and targets ("đến năm 2030") never."""
    low = _lower_same_length(w.DASHES.sub("-", text))
    out: list[YearPhrase] = []
    for m in w.YEAR_PHRASE.finditer(low):
        if w.NOT_A_PERIOD.search(low[max(0, m.start() - 24) : m.start()]):
            continue
        year = int(m.group("y"))
        g = m.groupdict()
        if g["q"]:
            q = w.QUARTERS[g["q"]]
            first, last = 3 * q - 2, 3 * q
        elif g["n"]:
            n = w.COUNT_MONTHS.get(g["n"]) or int(g["n"])
            first, last = (13 - n, 12) if g["half"] == "cuối" else (1, min(n, 12))
        elif g["m"]:
            first = last = int(g["m"])
        else:
            first, last = 1, 12
        plan = bool(w.PLAN_WORDS.search(low[max(0, m.start() - 40) : m.start()]))
        anchor = date(year, first, 1) if plan else date(year, last, 28)
        whole = not (plan or g["q"] or g["n"] or g["m"])
        out.append(YearPhrase(m.start(), year, anchor, whole))
    return out


def dated_years(text: str) -> list[YearPhrase]:
    """Full dates anywhere in a text ("Nghị quyết số 17/NQ-HĐND ngày 22/8/2025"), as the last dated phrases a
    yearless date near them can take its year from; each anchors on its own day."""
    out: list[YearPhrase] = []
    for m in w.FULL_DATE.finditer(text):
        value = _valid(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if value is not None:
            out.append(YearPhrase(m.start(), value.year, value))
    return out


@dataclass(frozen=True)
class YearHints:
    """What a page shows that can place a yearless event date, in the order ``place_event`` tries it."""

    stamp: date | None = None
    phrases: tuple[YearPhrase, ...] = ()  # nearest first
    url: tuple[int, int | None] | None = None
    published: date | None = None


def _nearest(day: int, month: int, anchor: date) -> date | None:
    best: date | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cand = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((cand - anchor).days) < abs((best - anchor).days):
            best = cand
    return best


def days_ahead(day: int, month: int, year: int | None, reference: date) -> int | None:
    """Days from ``reference`` (a page's date) to an event date: the year as written, else the nearest one.

    Positive when the event lies ahead of the page: a preview, or a typo when it lies far ahead.
    """
    if year is None:
        found = _nearest(day, month, reference)
    else:
        try:
            found = date(year, month, day)
        except ValueError:
            found = None
    return (found - reference).days if found else None


def _after(day: int, month: int, reference: date) -> date | None:
    """The first date on or after the reference's eve (a planned meeting lies ahead of its announcement)."""
    for year in (reference.year, reference.year + 1):
        try:
            cand = date(year, month, day)
        except ValueError:
            continue
        if (cand - reference).days >= -HELD_SLACK_DAYS:
            return cand if (cand - reference).days <= PLANNED_WITHIN_DAYS else None
    return None


def _year_from(day: int, month: int, reference: date, planned: bool) -> date | None:
    if planned:
        return _after(day, month, reference)
    ahead = days_ahead(day, month, None, reference)
    if ahead is not None and HELD_SLACK_DAYS < ahead <= AHEAD_DAYS:
        return None  # just ahead of the page: not held yet, and not held a year before either
    year = infer_year(day, month, reference, None, lookahead_days=HELD_SLACK_DAYS)
    return date(year, month, day) if year else None


def place_event(
    day: int, month: int, year: int | None, hints: YearHints, *, planned: bool = False
) -> tuple[date | None, str]:
    """The event's date and where its year came from ("date", "stamp", "phrase", "url", "published"), or a reason.

    ``planned`` is for an announced meeting: its date lies ahead of the page, not behind it.
    """
    limit = hints.published or hints.stamp
    candidates: list[tuple[date | None, str]] = []
    if year is not None:
        try:
            candidates.append((date(year, month, day), "date"))
        except ValueError:
            return None, f"{day}/{month}/{year} is not a calendar date"
    else:
        if hints.stamp:
            candidates.append((_year_from(day, month, hints.stamp, planned), "stamp"))
        for phrase in hints.phrases[:1]:
            if phrase.whole_year:  # "năm 2025": February to December of it; a January meeting reviews it
                candidates.append((_valid(phrase.year + (month == 1), month, day), "phrase"))
            else:
                candidates.append((_nearest(day, month, phrase.anchor), "phrase"))
        if hints.url:
            url_y, url_m = hints.url
            if url_m:
                end = date(url_y + url_m // 12, url_m % 12 + 1, 1) - timedelta(days=1)
                candidates.append((_year_from(day, month, end, planned), "url"))
            else:
                candidates.append((_valid(url_y, month, day), "url"))
        if hints.published:
            candidates.append((_year_from(day, month, hints.published, planned), "published"))
    for value, source in candidates:
        if value is None:
            continue
        if limit and not planned and (value - limit).days > HELD_SLACK_DAYS:
            if source == "date":
                return None, f"{value.isoformat()} is after the page's date {limit.isoformat()}: a typo"
            continue
        if limit and source != "date" and (limit - value).days > PLANNED_WITHIN_DAYS:
            continue  # a year read off the page that its own date contradicts ("so với năm 2020")
        if limit and planned and source != "date" and (value - limit).days > PLANNED_WITHIN_DAYS:
            continue  # a target year ("dự toán ngân sách năm 2026") placing a planned date past its horizon
        return value, source
    if year is None and not candidates:
        return None, f"{day}/{month} has no year and the page gives none"
    return None, f"no year of the page fits {day}/{month}"


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
