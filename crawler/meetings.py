"""Meeting-report detection and field extraction: pure functions, rule tables on top.

Public contract (stable; issue 4 deepens the rules behind it):

- ``analyze(title, text, published=None, url=None) -> Meeting | None``: the meeting an article
  reports, or None when it reports none.
- ``is_meeting_report(title, text) -> bool``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from crawler.dates import event_date
from crawler.text import clean_text, fold
from crawler.vocab import MeetingKind

# (kind, pattern on the folded title + first paragraph) — first match wins.
KIND_RULES: list[tuple[MeetingKind, re.Pattern[str]]] = [
    (MeetingKind.COUNCIL_SESSION, re.compile(r"kỳ họp (?:thứ|lần thứ) \w+.{0,40}hđnd|hđnd.{0,60}kỳ họp")),
    (MeetingKind.PARTY_COMMITTEE_CONFERENCE, re.compile(r"(?:kỳ họp|hội nghị).{0,20}(?:bch|ban chấp hành|ban thường vụ)")),
    (MeetingKind.CONGRESS, re.compile(r"đại hội (?:đại biểu )?(?:đảng bộ|chi bộ|mặt trận|hội|công đoàn|đoàn)")),
    (MeetingKind.REVIEW_CONFERENCE, re.compile(r"hội nghị (?:sơ kết|tổng kết)")),
    (MeetingKind.BRIEFING, re.compile(r"(?:hội nghị |họp )giao ban")),
]
NEGATIVE = re.compile(r"dự kiến|sẽ khai mạc|ngày mai|hoãn|thăm|tặng quà|lễ khởi công|hội thi")
_ORDINAL = re.compile(r"lần thứ (\d+)|kỳ họp thứ (\d+)")


@dataclass(frozen=True)
class Meeting:
    """The meeting an article reports, with the phrases that decided it."""

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


def analyze(title: str, text: str, *, published: date | None = None, url: str | None = None) -> Meeting | None:
    """Decide whether the article reports a held meeting and extract its fields."""
    first = clean_text(text).split("\n")[0][:400]
    key = fold(f"{title} {first}")
    if NEGATIVE.search(key):
        return None
    for kind, pattern in KIND_RULES:
        m = pattern.search(key)
        if m:
            o = _ORDINAL.search(key)
            ordinal = int(o.group(1) or o.group(2)) if o else None
            when = event_date(clean_text(text), reference=published).value
            return Meeting(kind=kind, ordinal=ordinal, meeting_date=when if isinstance(when, date) else None,
                           evidence=(m.group(0),))
    return None


def is_meeting_report(title: str, text: str) -> bool:
    """True when the article reports a meeting that was held or is under way."""
    return analyze(title, text) is not None
