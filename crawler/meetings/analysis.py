"""The meeting an article reports or announces, with its fields; or why it reports none.

How it decides: a Vietnamese news report states its event in the headline and the lead's first
sentence ("Sáng ngày 11/7/2022, BCH Đảng bộ huyện Tân Hồng tổ chức kỳ họp lần thứ 9 ..."). So the
detector reads only the title and the first lead sentences (``lines``), finds the meeting nouns
there and decides which one is reported (``detect``), then reads its fields (``fields``, ``body``,
``when``). Everything matches on ``fold`` keys, so old and new tone placement, upper-case titles
and NFD input behave the same.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from crawler.dates import AHEAD_DAYS, head_stamp, parse_date
from crawler.meetings import names as N  # noqa: N812 - the name tables, read as N.NAME
from crawler.meetings import rules as R  # noqa: N812 - the rule tables, read as R.NAME
from crawler.meetings.body import body_of, level_of
from crawler.meetings.detect import (
    Decision,
    announced,
    decide,
    document_head,
    mentions,
    perfective,
    previewed,
    title_veto,
)
from crawler.meetings.fields import FORMAL, kind_of, ordinal_of, owner, phrase, term_of
from crawler.meetings.lines import (
    TITLE_CHARS,
    Line,
    Mention,
    cleaned_paragraphs,
    last_match,
    lead,
    make_line,
    sentences,
)
from crawler.meetings.reasons import Reason
from crawler.meetings.shapes import HEAD_PARAGRAPHS, head_paragraphs, text_shape
from crawler.meetings.when import PageDates, chair_of, days_after_page, meeting_date, period_of
from crawler.text import fold
from crawler.vocab import MeetingKind, MeetingStatus


@dataclass(frozen=True)
class Meeting:
    """The meeting an article reports (or announces), with the phrases that decided it."""

    kind: MeetingKind
    ordinal: int | None = None
    term: str | None = None
    body: str | None = None
    level: str | None = None
    meeting_date: date | None = None
    chair: str | None = None
    period: str | None = None
    confidence: float = 0.5
    evidence: tuple[str, ...] = field(default_factory=tuple)
    status: MeetingStatus = MeetingStatus.HELD
    date_source: str | None = None  # where the date's year came from: date, stamp, phrase, url, published


@dataclass(frozen=True)
class Verdict:
    """What ``judge`` found: a meeting, or the reason there is none (an announcement has both)."""

    meeting: Meeting | None
    reason: Reason | None = None
    # A postponement or cancellation notice reports no meeting, but names one: this is it (status postponed or
    # cancelled, with its number and planned date), so that a meeting record can follow the notice.
    subject: Meeting | None = None


def judge(title: str, text: str, *, published: date | None = None, url: str | None = None) -> Verdict:
    """The meeting an article reports or announces, or the rule that rejected it."""
    t = make_line(title or "", TITLE_CHARS, headline=True)
    why = title_veto(t)  # cheap exits first: most non-meeting news is decided by its headline
    if why and why is not Reason.ANNOUNCEMENT:
        return Verdict(None, why)
    text = text or ""
    stamp, resume = head_stamp(text)
    if document_head(text, resume):
        return Verdict(None, Reason.DOCUMENT)
    cleaned = cleaned_paragraphs(text, resume)
    head = list(itertools.islice(cleaned, HEAD_PARAGRAPHS + 4))  # read once, for the page's shape and its lead
    shape = text_shape(head_paragraphs(head))
    if shape:
        return Verdict(None, shape)
    paragraphs, listing = lead(t.key, itertools.chain(head, cleaned))
    if listing:
        return Verdict(None, Reason.DIGEST)
    if not t.key and paragraphs:  # no headline: the first paragraph stands in for it
        t = make_line(sentences(paragraphs[0], 1)[0], TITLE_CHARS)
        why = title_veto(t)
        if why and why is not Reason.ANNOUNCEMENT:
            return Verdict(None, why)
    first = [make_line(s) for p in paragraphs[:1] for s in sentences(p)] or [t]
    more = [make_line(s) for p in paragraphs[1:2] for s in sentences(p, 2)]
    lines = first + more if paragraphs else [t]
    page = PageDates(published, stamp, url, text[resume : resume + 2000])
    decision = decide(t, first, lines)
    if decision.reason is Reason.NO_MEETING_NOUN and len(paragraphs) > 2 and _story(t) and not _named(t, lines):
        # Two paragraphs of background, then the meeting ("Đảng bộ xã ... được thành lập ... / Toàn xã có 42 chi
        # bộ ... / Sáng 5/8, Đảng bộ xã ... tổ chức Đại hội ..."): read the third.
        lines += [make_line(s) for s in sentences(paragraphs[2], 2)]
        decision = decide(t, first, lines)
    if why is not None and decision.mention is not None:
        # A headline that announces ("Dự kiến tổ chức Đại hội ...", "Chuẩn bị kỳ họp ...") reports nothing held,
        # unless the lead reports another meeting that prepares it ("Sáng 20-11, Đoàn Chủ tịch ... tổ chức hội nghị").
        ahead = {x.noun for x in mentions(t, R.TITLE_PREFIX) if x.status == "future"}
        m = decision.mention
        # It stays held when its own clause says so ("... đã tổ chức thành công Đại hội" under "... sẵn sàng ..."),
        # or its own date is the page's ("đến dự Đại hội ... sáng 17-10" under "Trước giờ khai mạc đại hội, ...").
        reported = m.line is not t and (perfective(m) or _on_page_day(m, page))
        if (m.line is t or m.noun in ahead or not ahead or m.cue == "headline") and not reported:
            decision = Decision(None, reason=why)
    if decision.mention is None and why is Reason.ANNOUNCEMENT and decision.reason in _WEAK_REASONS:
        decision = Decision(None, reason=why)  # "Đêm trước Đại hội ...": the headline says what the lead does not
    if decision.mention is not None and _previews(decision.mention, t, first, page):
        decision = Decision(None, reason=Reason.ANNOUNCEMENT)  # "Sáng 14/10, Đại hội ... tiến hành" on 12/10
    if decision.mention is None:
        weak = decision.reason in _WEAK_REASONS  # no held meeting found: one announced may still be named
        opening = t.key + " " + first[0].key[:200]
        if decision.reason is Reason.OTHER_EVENT and R.PRESS.search(opening) and not R.RESULTS.search(opening):
            decision = Decision(None, reason=Reason.ANNOUNCEMENT)  # a press conference before one meeting
        if decision.reason is not Reason.ANNOUNCEMENT and not weak:
            return Verdict(None, decision.reason)
        if R.POSTPONED.search(opening):
            return Verdict(None, Reason.POSTPONED, _put_off(t, first, lines, page, opening))
        future = announced(t, first, page, preview=decision.reason is Reason.ANNOUNCEMENT)
        if future is None and weak:
            return Verdict(None, decision.reason)
        meeting = _fields(Decision(future, "announced"), t, first, lines, page) if future else None
        if meeting is None or (meeting.ordinal is None and meeting.meeting_date is None):
            return Verdict(None, Reason.ANNOUNCEMENT)  # no one meeting named: a preview, not an announcement
        return Verdict(meeting, Reason.ANNOUNCEMENT)
    meeting = _fields(decision, t, first, lines, page)
    return Verdict(meeting, None) if meeting else Verdict(None, Reason.PAST)


def _put_off(t: Line, first: list[Line], lines: list[Line], page: PageDates, head: str) -> Meeting | None:
    """The meeting a postponement or cancellation notice names: a formal meeting in the headline or the lead's
    first sentences (one with a number first), with its fields; None when it names no one meeting."""
    found = [
        m
        for line, prefix in ((t, R.TITLE_PREFIX), *((x, R.DATE_PREFIX) for x in first[:2]))
        for m in mentions(line, prefix)
        if m.noun in R.FORMAL_NOUNS
    ]
    chosen = [m for m in found if ordinal_of(phrase(m.line, m.start)[1]) is not None] or found
    meeting = _fields(Decision(chosen[0], MeetingStatus.ANNOUNCED), t, first, lines, page) if chosen else None
    if meeting is None or (meeting.ordinal is None and meeting.meeting_date is None):
        return None
    status = MeetingStatus.CANCELLED if R.CANCELLED.search(head) else MeetingStatus.POSTPONED
    return replace(meeting, status=status)


def _story(t: Line) -> bool:
    """True unless the headline is a tag's name ("Phú Thọ", "Chủ tịch HĐND Phú Yên"): a tag page lists teasers of
    unrelated stories, and one further down is none of its own."""
    return not t.headline or len(t.key.split()) > 5


def _named(t: Line, lines: list[Line]) -> bool:
    """True when the headline or a line read names a meeting."""
    return any(R.MENTION.search(x.key) for x in (t, *lines))


# Reasons that say only that no held meeting was found: an announcing headline says more.
_WEAK_REASONS = (Reason.CITATION, Reason.NOT_REPORTED, Reason.NO_MEETING_NOUN)


def _on_page_day(m: Mention, page: PageDates) -> bool:
    """True when the mention's own sentence dates the meeting on (or before) the page's own date."""
    ahead = days_after_page(m.line, m.start, page)
    return ahead is not None and -AHEAD_DAYS <= ahead <= 1


def _previews(m: Mention, t: Line, first: list[Line], page: PageDates) -> bool:
    """True when the held-looking mention is dated ahead of the page (a headline's meeting by the lead's first
    sentence), unless its own clause says it has taken place."""
    if perfective(m):
        return False
    if previewed(m, page):
        return True
    if m.line is t and first[0] is not t:  # "Đại hội ... lần thứ I" over "Sáng 14/10, tại Trung tâm Hội nghị ..."
        ahead = days_after_page(first[0], 0, page)
        return ahead is not None and 1 < ahead <= AHEAD_DAYS
    return False


def _fields(decision: Decision, t: Line, first: list[Line], lead_lines: list[Line], page: PageDates) -> Meeting | None:
    """The meeting's fields, read from its mention and the lines around it."""
    m = decision.mention
    assert m is not None
    planned = decision.status == MeetingStatus.ANNOUNCED
    title_mentions = mentions(t, R.TITLE_PREFIX)
    phrase_raw, phrase_key = phrase(m.line, m.start)
    kind = kind_of(m, phrase_key, t.key)
    if kind is MeetingKind.OTHER_MEETING and len(phrase_key[len(m.noun) :].split()) <= 3 and not owner(phrase_key):
        # A bare "Dự phiên họp có ..." under "Phiên họp Chính phủ thường kỳ tháng 7": named in full elsewhere.
        earlier = lead_lines[: next((i for i, x in enumerate(lead_lines) if x is m.line), len(lead_lines))]
        for other in _same_meeting(m, t, earlier, title_mentions):  # named before it is read bare
            named = kind_of(other, phrase(other.line, other.start)[1], t.key)
            if named is not MeetingKind.OTHER_MEETING:
                kind = named
                break
    ordinal = ordinal_of(phrase_key)
    if ordinal is None and m.line is not t:
        # The headline often carries the ordinal the lead leaves out ("Hội nghị BCH ... lần thứ 36").
        same = [x for x in title_mentions if x.noun == m.noun and x.status == m.status]
        if same:
            ordinal = ordinal_of(phrase(t, same[0].start)[1])
    if ordinal is None:
        # "Quang cảnh kỳ họp thứ 4 HĐND xã ...": another sentence of the lead numbers the same meeting.
        for other in _same_meeting(m, None, lead_lines, ()):
            ordinal = ordinal_of(phrase(other.line, other.start)[1])
            if ordinal is not None:
                break
    term = _term(m, t, [*first[:1], *lead_lines[:5]], phrase_key, kind, ordinal, title_mentions)
    body = body_of(m, phrase_key, [t, *lead_lines])
    if body is None and m.line is not t:
        same = sorted((x for x in title_mentions if x.status == m.status), key=lambda x: x.noun != m.noun)
        if same:
            body = body_of(same[0], phrase(t, same[0].start)[1], [t, *lead_lines])
    if body is None:
        # "Phiên họp Chính phủ thường kỳ tháng 7. ... Dự phiên họp có ...": another sentence names the same meeting.
        for other in _same_meeting(m, None, lead_lines[:3], ()):
            body = body_of(other, phrase(other.line, other.start)[1], [t, *lead_lines])
            if body:
                break
    if term is None and body:
        # "... của Ban Chấp hành Đảng bộ huyện (khoá IX) trình Đại hội ...": the body's own term.
        tm = re.search(re.escape(fold(body)) + N.BODY_TERM, m.line.key)
        term = term_of(tm.group(1)) if tm else None
    level = level_of(body, phrase_key)
    when, date_phrase, source = meeting_date(t, first[0], lead_lines, page, planned=planned, at=(m.line, m.start))
    today = page.published or page.stamp
    if when is None and today and not planned and R.TODAY_WORDS.search(t.key + " " + first[0].key[:40]):
        source = "published" if page.published else "stamp"
        when, date_phrase = today, "hôm nay / sáng nay"  # "Sáng nay khai mạc ...": the publication day
    if when is None and today and planned and R.TOMORROW_WORDS.search(t.key + " " + first[0].key[:40]):
        source = "published" if page.published else "stamp"
        when, date_phrase = today + timedelta(days=1), "ngày mai"  # "Sáng mai, khai mạc ...": the next day
    if when and today and (today - when).days > 400:
        return None  # a history piece: the meeting it describes is long past
    period = None
    if kind is not MeetingKind.CONGRESS:
        year = when.year if when else (today.year if today else None)
        period = period_of(m.line.key, m.start, year)
    evidence = [f"{m.line.raw[m.start : m.start + len(phrase_raw)].strip()}", f"{m.status}: {m.cue}"]
    if date_phrase:
        evidence.append(date_phrase)
    confidence = 0.55 + (0.2 if m.cue not in ("headline", "") else 0.05)
    confidence += 0.1 if any(x.status == m.status for x in title_mentions) else 0.0
    confidence += 0.05 * sum(x is not None for x in (when, ordinal, body))
    return Meeting(
        kind=kind,
        ordinal=ordinal,
        term=term,
        body=body,
        level=level,
        meeting_date=when,
        chair=chair_of([*lead_lines[:4], t]) if not planned else None,
        period=period,
        confidence=round(min(confidence, 0.98), 2),
        evidence=tuple(evidence),
        status=MeetingStatus.ANNOUNCED if planned else MeetingStatus.HELD,
        date_source=source or None,
    )


def _same_meeting(
    m: Mention, t: Line | None, lines: list[Line], title_mentions: tuple[Mention, ...]
) -> Iterator[Mention]:
    """Other mentions of the reported meeting's noun, held or plain, in the headline (when given) and the lead."""
    found = list(title_mentions) if t is not None and m.line is not t else []
    found += [x for line in lines[:5] if line is not m.line for x in mentions(line, R.DATE_PREFIX)]
    yield from (x for x in found if x.noun == m.noun and x.status in ("held", "neutral"))


def _term(
    m: Mention,
    t: Line,
    lead_lines: list[Line],
    phrase_key: str,
    kind: MeetingKind,
    ordinal: int | None,
    title_mentions: tuple[Mention, ...],
) -> str | None:
    lead_date = N.LEAD_DATE.match(m.line.key)
    # "sơ kết ... Chỉ thị 05 của Bộ Chính trị khóa XII": that term is not this meeting's.
    own = N.CITED_TAIL.split(phrase_key, 1)[0]
    span = m.line.key[lead_date.end() if lead_date else 0 : m.start]
    cue = last_match(R.FUTURE_LEFT, span) or last_match(R.CITED_LEFT, span)
    if cue:  # "Để chuẩn bị cho kỳ họp thứ 11 HĐND huyện khóa XVIII, ...": that term is the other meeting's
        comma = span.find(",", cue.end())
        span = span[comma + 1 :] if comma >= 0 else ""
    term = term_of(own, span)
    if term is None and (kind in FORMAL or ordinal is not None):
        # The headline and the lead's sentences name the same meeting; any of them may carry the term.
        others = [(t, R.TITLE_PREFIX)] if m.line is not t else []
        others += [(x, R.DATE_PREFIX) for x in dict.fromkeys(lead_lines) if x is not m.line]
        for other, head in others:
            same = [x for x in mentions(other, head) if x.noun == m.noun and x.status not in ("cited", "excluded")]
            term = term_of(phrase(other, same[0].start)[1]) if same else None
            if term:
                break
    return term


def analyze(title: str, text: str, *, published: date | None = None, url: str | None = None) -> Meeting | None:
    """The meeting an article reports (``status`` held) or announces (``status`` announced), else None."""
    return judge(title, text, published=published, url=url).meeting


def is_meeting_report(title: str, text: str) -> bool:
    """True when the article reports a meeting that was held or is under way (not one announced)."""
    found = analyze(title, text)
    return found is not None and found.status is MeetingStatus.HELD


def _published(raw: object) -> date | None:
    if not isinstance(raw, str) or not raw.strip():
        return None
    try:
        return date.fromisoformat(raw.strip()[:10])
    except ValueError:
        value = parse_date(raw).value
        return value if isinstance(value, date) else None


def annotate_record(record: dict[str, Any]) -> dict[str, Any]:
    """One JSON Lines record of ``portalwatch analyze meetings``: input keys kept, fields added.

    ``is_meeting_report`` is true for a held meeting only; an announced one has its fields and
    ``meeting_status`` "announced". A record that is no report gets ``reason`` (a stable code) and
    ``reason_vi`` / ``reason_en`` (what readers see).
    """
    url = record.get("url")
    verdict = judge(
        str(record.get("title") or ""),
        str(record.get("text") or ""),
        published=_published(record.get("published")),
        url=url if isinstance(url, str) else None,
    )
    found = verdict.meeting
    out = dict(record)
    out["is_meeting_report"] = found is not None and found.status is MeetingStatus.HELD
    out["meeting_status"] = str(found.status) if found else None
    out["meeting_kind"] = str(found.kind) if found else None
    out["ordinal"] = found.ordinal if found else None
    out["term"] = found.term if found else None
    out["body"] = found.body if found else None
    out["level"] = found.level if found else None
    out["meeting_date"] = found.meeting_date.isoformat() if found and found.meeting_date else None
    out["meeting_date_source"] = found.date_source if found else None
    out["chair"] = found.chair if found else None
    out["period"] = found.period if found else None
    out["confidence"] = found.confidence if found else 0.0
    out["evidence"] = list(found.evidence) if found else []
    if verdict.reason is not None:
        out["reason"] = str(verdict.reason)
        out["reason_vi"] = verdict.reason.vi
        out["reason_en"] = verdict.reason.en
    return out
