"""Fields of a meeting mention: ordinal, term and kind (the body and level are in ``body``).

Works on ``Line`` values (a cleaned sentence and its fold key of the same length), so a span found
in the key is also the span of the original wording.
"""

from __future__ import annotations

import re

from crawler.meetings import names as N  # noqa: N812 - the name tables, read as N.NAME
from crawler.meetings import rules as R  # noqa: N812 - the rule tables, read as R.NAME
from crawler.meetings.lines import Line, Mention, clause_left
from crawler.vocab import MeetingKind


# --- small parsers ------------------------------------------------------------------------------
def number(token: str) -> int | None:
    """'9', 'IX', 'chín', 'mười hai', 'hai mươi mốt' -> int."""
    token = token.strip()
    if token.isdigit():
        return int(token)
    if re.fullmatch(r"[ivxlc]+", token):
        total, prev = 0, 0
        for ch in reversed(token):
            v = N.ROMAN[ch]
            total = total - v if v < prev else total + v
            prev = max(prev, v)
        return total or None
    words = token.split()
    if not words:
        return None
    if words[0] == "mười":
        return 10 + (N.WORD_VALUES.get(words[1], 0) if len(words) > 1 else 0)
    if len(words) >= 2 and words[1] == "mươi":
        return N.WORD_VALUES[words[0]] * 10 + (N.WORD_VALUES.get(words[2], 0) if len(words) > 2 else 0)
    return N.WORD_VALUES.get(words[0])


def phrase(line: Line, start: int) -> tuple[str, str]:
    """The meeting's noun phrase from its noun to where the clause moves on (raw, key)."""
    key = line.key[start : start + 220]
    m = N.PHRASE_END.search(key, 6)
    end = m.start() if m else len(key)
    return line.raw[start : start + end], key[:end]


def ordinal_of(phrase_key: str) -> int | None:
    for pattern in N.ORDINAL:
        m = pattern.search(phrase_key)
        if m:
            return number(m.group("n"))
    return None


def term_of(*spans: str) -> str | None:
    """'khóa XI' from the first span that has one, else 'nhiệm kỳ 2020-2025'."""
    for span in spans:
        m = N.TERM_KHOA.search(span)
        if m:
            return f"khóa {m.group(1).upper()}"
    for span in spans:
        m = N.TERM_NHIEM_KY.search(span)
        if m:
            return f"nhiệm kỳ {m.group(1)}-{m.group(2)}"
    return None


# --- kind ---------------------------------------------------------------------------------------


FORMAL = (MeetingKind.PARTY_COMMITTEE_CONFERENCE, MeetingKind.COUNCIL_SESSION, MeetingKind.CONGRESS)


def kind_of(m: Mention, phrase_key: str, title_key: str) -> MeetingKind:
    """The kind of meeting a mention names, from its noun and the organisations around it."""
    noun = m.noun
    lc = clause_left(m.line.key[max(0, m.start - 80) : m.start])
    head = phrase_key[:90]
    if noun == "đại hội" or noun == "phiên trù bị":
        return MeetingKind.CONGRESS
    if noun == "giao ban":
        return MeetingKind.BRIEFING
    if noun in ("hội thảo", "tọa đàm", "họp liên tịch", "hội nghị liên tịch"):
        return MeetingKind.OTHER_MEETING
    if noun in ("sơ kết", "tổng kết"):
        return MeetingKind.REVIEW_CONFERENCE
    if noun in R.QUESTION_NOUNS:  # questions to officials are a council's; the National Assembly's stay "other"
        national = N.QUOC_HOI.search(head + lc + title_key) and not N.COUNCIL_ORG.search(head + lc + title_key)
        return MeetingKind.OTHER_MEETING if national else MeetingKind.COUNCIL_SESSION
    if noun in ("kỳ họp",) or (noun.startswith("phiên") and noun != "phiên họp"):
        if N.COUNCIL_ORG.search(head) or N.COUNCIL_ORG.search(lc) or N.COUNCIL_ORG.search(title_key):
            return MeetingKind.COUNCIL_SESSION
        if N.INSPECTION_ORG.search(lc) or N.INSPECTION_ORG.search(head[:40]):
            return MeetingKind.OTHER_MEETING
        if N.PARTY_ORG.search(head) or N.PARTY_ORG.search(lc):
            return MeetingKind.PARTY_COMMITTEE_CONFERENCE
        if N.QUOC_HOI.search(head) or N.QUOC_HOI.search(title_key):
            return MeetingKind.OTHER_MEETING
        return MeetingKind.COUNCIL_SESSION
    executive = N.UBND_ORG.search(head) or N.UBND_ORG.search(lc) or N.GOVERNMENT_ORG.search(head[:40])
    monthly = N.MONTHLY.search(phrase_key) and executive
    after = m.line.key[m.end : m.end + 90]
    if noun in ("phiên họp", "cuộc họp", "buổi họp", "họp", "buổi làm việc"):
        if N.GIAO_BAN_NEXT.match(after):
            return MeetingKind.BRIEFING  # "cuộc họp giao ban", "họp giao ban"
        if N.PARTY_BODY_NEXT.match(after):
            return MeetingKind.PARTY_COMMITTEE_CONFERENCE
        if monthly and not N.STANDING.search(head + lc):
            return MeetingKind.BRIEFING
        if N.PARTY_BODY_LEFT.search(lc):
            return MeetingKind.PARTY_COMMITTEE_CONFERENCE
        return MeetingKind.OTHER_MEETING
    # hội nghị: read what follows the noun itself, the phrase may be cut at "triển khai".
    if N.MASS_ORG_COMMITTEE.match(after) or (N.MASS_ORG_LEFT.search(lc) and not N.PARTY_CONTEXT.search(lc)):
        return MeetingKind.OTHER_MEETING  # a mass organisation's committee is not a party committee
    if N.PARTY_NEXT.match(after) or N.PLENUM_NEXT.match(after):
        return MeetingKind.PARTY_COMMITTEE_CONFERENCE
    if N.BARE.match(after) and N.COMMITTEE_LEFT.search(lc):
        return MeetingKind.PARTY_COMMITTEE_CONFERENCE
    if "giao ban" in after[:30]:  # "Hội nghị giao ban khối Nội chính nhằm tổng kết ...": a briefing first
        return MeetingKind.BRIEFING
    if N.REVIEW.search(after[:40]):
        return MeetingKind.REVIEW_CONFERENCE
    if monthly and N.MONTHLY.search(after[:60]):
        return MeetingKind.BRIEFING
    return MeetingKind.OTHER_MEETING
