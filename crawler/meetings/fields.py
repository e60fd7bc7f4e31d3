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


def owner(text: str, start: int = 0, *, direct: bool = False) -> str | None:
    """What kind of body an organisation's name from ``start`` is: "party", "council", "executive", "mass",
    "inspection", "election" or "assembly"; "committee" when only committee words name it ("Ban Chấp hành lần
    thứ 5"); None when no organisation is named. ``direct``: the name must open the text, after modifiers such
    as "lần thứ 5", "thường kỳ", "của" (the body a meeting noun names, not one its topic cites)."""
    modifiers = N.OWNER_MODIFIERS.match(text, start) if direct else None  # it always matches, empty at worst
    pos = modifiers.end() if modifiers else start
    committee = False
    last: int | None = None
    for m in N.OWNER_WORDS.finditer(text, pos):
        if (direct and last is None and m.start() != pos) or (last is not None and m.start() - last > N.OWNER_GAP):
            break
        if m.lastgroup not in ("committee", "office"):
            return m.lastgroup
        committee, last = committee or m.lastgroup == "committee", m.end()
    return "committee" if committee else None


def kind_of(m: Mention, phrase_key: str, title_key: str) -> MeetingKind:
    """The kind of meeting a mention names: from its noun, then the body it belongs to (named after the noun, else
    the clause's subject, else the headline) and what it does (reviews, briefs, meets regularly)."""
    noun = m.noun
    if noun in ("đại hội", "phiên trù bị"):
        return MeetingKind.CONGRESS
    if noun == "giao ban":
        return MeetingKind.BRIEFING
    if noun == "sinh hoạt chi bộ":
        return MeetingKind.PARTY_COMMITTEE_CONFERENCE  # a party cell's regular meeting
    if noun in ("hội thảo", "tọa đàm", "họp liên tịch", "hội nghị liên tịch"):
        return MeetingKind.OTHER_MEETING
    if noun in ("sơ kết", "tổng kết"):
        return MeetingKind.REVIEW_CONFERENCE
    lc = clause_left(m.line.key[max(0, m.start - 80) : m.start])
    after = m.line.key[m.end : m.end + 90]
    named = owner(after, direct=True)  # "Hội nghị Ban Chấp hành Đảng bộ tỉnh ...", "phiên họp ... của UBND tỉnh"
    subject = owner(lc)  # "Tỉnh đoàn Quảng Nam tổ chức Hội nghị ...", "Chính phủ họp phiên thường kỳ ..."
    body = named if named not in (None, "committee") else subject or named
    if noun in R.QUESTION_NOUNS or noun == "kỳ họp" or (noun.startswith("phiên") and noun != "phiên họp"):
        # A session is a council's unless its body says otherwise; the headline tells the Assembly's and the
        # councils' apart ("Kỳ họp thứ 10, Quốc hội khóa XV").
        national = body == "assembly" or (
            body is None and bool(R.QUOC_HOI.search(title_key)) and not R.COUNCIL_WORD.search(title_key)
        )
        if noun in R.QUESTION_NOUNS:
            return MeetingKind.OTHER_MEETING if national else MeetingKind.COUNCIL_SESSION
        if body in ("party", "committee"):
            return MeetingKind.PARTY_COMMITTEE_CONFERENCE
        if national or body in ("inspection", "election", "mass", "other"):
            return MeetingKind.OTHER_MEETING
        return MeetingKind.COUNCIL_SESSION
    if noun in ("phiên họp", "cuộc họp", "buổi họp", "họp", "buổi làm việc"):
        if N.GIAO_BAN_NEXT.match(after):
            return MeetingKind.BRIEFING  # "cuộc họp giao ban", "họp giao ban"
        if body == "executive" and N.REGULAR.search(phrase_key):
            return MeetingKind.BRIEFING
        if body in ("party", "committee"):
            return MeetingKind.PARTY_COMMITTEE_CONFERENCE
        return MeetingKind.OTHER_MEETING
    # hội nghị: read what follows the noun itself, the phrase may be cut at "triển khai".
    if "giao ban" in after[:30]:  # "Hội nghị giao ban khối Nội chính nhằm tổng kết ...": a briefing first
        return MeetingKind.BRIEFING
    if named == "party" or N.PLENUM_NEXT.match(after):
        return MeetingKind.PARTY_COMMITTEE_CONFERENCE  # "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20 tổng kết"
    if named is not None and named != "committee":
        return MeetingKind.OTHER_MEETING  # a mass organisation's, the Assembly's ... committee
    if (named == "committee" or N.BARE.match(after)) and body in ("party", "committee"):
        return MeetingKind.PARTY_COMMITTEE_CONFERENCE  # "Huyện ủy tổ chức Hội nghị lần thứ 9 để đánh giá ..."
    if N.REVIEW.search(after[:40]):
        return MeetingKind.REVIEW_CONFERENCE
    if body == "executive" and N.REGULAR.search(after[:60]):
        return MeetingKind.BRIEFING
    return MeetingKind.OTHER_MEETING
