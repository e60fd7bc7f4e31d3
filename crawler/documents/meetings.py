"""What a meeting report's documents say about its meeting: which of them the meeting adopted, and what they confirm.

A council session adopts resolutions (nghị quyết of the HĐND), a party committee's conference resolutions and
conclusions, a congress its resolution; the report often attaches them or cites them ("Kỳ họp đã thông qua Nghị
quyết số 12/NQ-HĐND", a PDF headed "KHÓA XX, KỲ HỌP THỨ 31"). Such a document is evidence for the meeting the
article reports: it confirms the session's ordinal, term and body, and fills them in when the article does not say
them. It is evidence only for an article the detector (``crawler.meetings``) already found to report a meeting held:
a resolution attached to any other article (the preview of the next session, a plan, a speech) never makes it a
meeting report, and never raises a meeting alert.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from crawler.documents.issuers import COMMITTEES
from crawler.documents.model import DocType, Document
from crawler.items import MeetingInfo
from crawler.meetings.fields import ordinal_of, term_of
from crawler.text import fold
from crawler.vocab import MeetingKind, MeetingStatus

# The formal meetings that adopt documents: the noun that names them, the types they adopt.
NOUNS = {
    MeetingKind.COUNCIL_SESSION: "kỳ họp",
    MeetingKind.PARTY_COMMITTEE_CONFERENCE: "hội nghị",
    MeetingKind.CONGRESS: "đại hội",
}
ADOPTS = {
    MeetingKind.COUNCIL_SESSION: frozenset({DocType.NGHI_QUYET}),
    MeetingKind.PARTY_COMMITTEE_CONFERENCE: frozenset({DocType.NGHI_QUYET, DocType.KET_LUAN}),
    MeetingKind.CONGRESS: frozenset({DocType.NGHI_QUYET}),
}
ADOPTION_DAYS = 7  # a resolution is dated the day its meeting closed, or a few days later when it is signed
_NOUN = re.compile(r"(?<!\w)(kỳ họp|hội nghị|đại hội)(?!\w)")


@dataclass(frozen=True)
class Session:
    """A meeting a text names with its ordinal ("Kỳ họp thứ 31", "Hội nghị lần thứ 23") and term ("khóa XX")."""

    noun: str
    ordinal: int
    term: str | None = None

    def __str__(self) -> str:
        words = f"{self.noun.capitalize()} {'lần ' if self.noun != 'kỳ họp' else ''}thứ {self.ordinal}"
        return f"{words} {self.term}" if self.term else words


def sessions(text: str) -> tuple[Session, ...]:
    """The numbered meetings a text names, in order (folded: "KỲ HỌP THỨ 31" and "Kỳ họp thứ 31" alike)."""
    key = fold(text)
    out: list[Session] = []
    for m in _NOUN.finditer(key):
        ordinal = ordinal_of(key[m.start() : m.start() + 220])
        if ordinal is None:
            continue
        term = term_of(key[m.start() : m.start() + 160], key[max(0, m.start() - 60) : m.start()])
        found = Session(m.group(1), ordinal, term)
        if found not in out:
            out.append(found)
    return tuple(out)


@dataclass(frozen=True)
class Found:
    """A document a report names, where (``where``: "bài viết" or "tệp đính kèm") and the meetings named around
    the citation (for an attachment that is the document itself, its heading)."""

    document: Document
    where: str
    named: tuple[Session, ...] = ()


def issued_by_meeting_body(kind: str, doc: Document) -> bool:
    """Whether the meeting's own body issues such a document: the council (``HĐND``) for a session, the committee
    itself (``HU``, ``TU``, ``ĐU``..., not one of its boards) for a conference or congress."""
    if kind == MeetingKind.COUNCIL_SESSION:
        return not doc.number.party and doc.number.issuer.upper().startswith("HĐND")
    return doc.number.party and doc.number.issuer.upper() in COMMITTEES


def adopted(meeting: MeetingInfo | None, found: Found) -> bool:
    """Whether the reported meeting adopted this document: a type its kind adopts, issued by its body, naming the
    same session (same noun and ordinal) or, when it names none, dated from the meeting's day to a week after. A
    meeting only announced (or put off) has adopted nothing yet."""
    if meeting is None or meeting.kind not in NOUNS or meeting.status != MeetingStatus.HELD:
        return False
    doc = found.document
    if doc.type not in ADOPTS[MeetingKind(meeting.kind)] or not issued_by_meeting_body(meeting.kind, doc):
        return False
    named = [s for s in found.named if s.noun == NOUNS[MeetingKind(meeting.kind)]]
    if named and meeting.ordinal is not None:
        return any(s.ordinal == meeting.ordinal for s in named)
    if doc.issue_date is not None and meeting.date is not None:
        return 0 <= (doc.issue_date - meeting.date).days <= ADOPTION_DAYS
    return False


def confirm(meeting: MeetingInfo | None, found: Sequence[Found]) -> MeetingInfo | None:
    """The meeting with what its adopted documents confirm: one evidence line each ("văn bản: Nghị quyết số
    3/NQ-HĐND (tệp đính kèm): Kỳ họp thứ 31 khóa XX"), and the ordinal, term or body the article left out when
    the documents agree on one. None stays None: documents never make a meeting."""
    if meeting is None:
        return None
    noun = NOUNS.get(MeetingKind(meeting.kind)) if meeting.kind in NOUNS else None
    evidence = list(meeting.evidence)
    ordinals: set[int] = set()
    terms: set[str] = set()
    bodies: set[str] = set()
    for f in found:
        if not adopted(meeting, f):
            continue
        named = [s for s in f.named if s.noun == noun]
        line = f"văn bản: {f.document.name} ({f.where})" + (f": {named[0]}" if named else "")
        if line not in evidence:
            evidence.append(line)
        ordinals.update(s.ordinal for s in named)
        terms.update(s.term for s in named if s.term)
        if meeting.kind == MeetingKind.COUNCIL_SESSION:
            bodies.add(f.document.issuer.display)
    changes: dict[str, object] = {"evidence": evidence}
    if meeting.ordinal is None and len(ordinals) == 1:
        changes["ordinal"] = ordinals.pop()
    if meeting.term is None and len(terms) == 1:
        changes["term"] = terms.pop()
    if meeting.body is None and len(bodies) == 1:
        changes["body"] = bodies.pop()
    return replace(meeting, **changes)  # type: ignore[arg-type]
