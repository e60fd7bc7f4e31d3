"""Meeting-report detection and field extraction: pure functions, rule tables in ``meeting_rules``.

Public contract (stable):

- ``analyze(title, text, published=None, url=None) -> Meeting | None``: the meeting an article
  reports, or None when it reports none.
- ``is_meeting_report(title, text) -> bool``.
- ``annotate_record(record) -> dict``: the JSON Lines contract of ``portalwatch analyze meetings``.

How it decides: a Vietnamese news report states its event in the headline and the lead's first
sentence ("Sáng ngày 11/7/2022, BCH Đảng bộ huyện Tân Hồng tổ chức kỳ họp lần thứ 9 ..."). So the
detector reads only the title and the first lead sentences, finds the meeting nouns there, and asks
of each whether the clause reports it as held (a "tổ chức", "khai mạc", "đã diễn ra" around it), as
future ("sẽ", "dự kiến", "chuẩn bị"), or cites it ("quán triệt Nghị quyết Hội nghị ..."). The first
held one is the reported meeting; article-level vetoes (documents, ceremonies, visits, contests,
progress tallies, features) come after. Everything matches on ``fold`` keys, so old and new tone
placement, upper-case titles and NFD input behave the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crawler import meeting_rules as R  # noqa: N812 - the rule tables, read as R.NAME
from crawler.dates import parse_date
from crawler.meeting_fields import (
    _CITED_TAIL,
    _FORMAL,
    _LEAD_DATE,
    _body,
    _clause_left,
    _kind,
    _last,
    _level,
    _Mention,
    _ordinal,
    _phrase,
    _term,
    _Text,
    _text,
)
from crawler.meeting_when import _chair, _meeting_date, _period, url_year
from crawler.text import clean_text, fold
from crawler.vocab import MeetingKind

__all__ = ["Meeting", "analyze", "annotate_record", "is_meeting_report", "url_year"]


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


# --- lead ---------------------------------------------------------------------------------------
_SOURCE_TAG = re.compile(
    r"^(?:\([^)]{2,30}\)\s*[-–—]*|(?:[A-ZĐ][A-ZĐ&.]{1,14}|[\w.&]{2,24}\.(?:vn|com|net|org))\s*[-–—]+|[-–—])\s*"
)
_BOILER = re.compile(
    r"^(?:theo dõi|ngày đăng|đăng ngày|cập nhật|lượt xem|view count|xuất bản|chi tiết bài viết|null(?!\w)|đăng lúc"
    r"|tin cùng"
    r"|ảnh:|\d{4}-\d{2}-\d{2}|\(?cập nhật|date \d{4})"
)
_SENT_SPLIT = re.compile(r"(?<=[.!?…])\s+")
_ABBR_END = re.compile(r"(?<!\w)(?:TP|Tp|tp|TX|TT|ThS|Th\.S|TS|PGS|GS|Q|P|Đ/c|đ/c|St|Mr|Ths)\.$")


def _lead(title_key: str, text: str) -> list[str]:
    """The first two real paragraphs: page chrome, repeated headlines and bylines skipped."""
    out: list[str] = []
    for para in text.split("\n"):
        raw = clean_text(para)
        if not raw:
            continue
        key = raw.lower()  # cheap key: chrome and headline checks need no tone folding
        if title_key and len(key) - len(title_key) < 12 and fold(raw).endswith(title_key):
            continue
        if _BOILER.match(key) or (len(raw) < 50 and not R.MENTION.search(key)):
            continue
        out.append(_SOURCE_TAG.sub("", raw))
        if len(out) == 2:
            break
    return out


def _sentences(paragraph: str, limit: int = 3) -> list[str]:
    """Split on sentence ends, not on "TP. Hồ Chí Minh" or a lower-case continuation."""
    out: list[str] = []
    for part in _SENT_SPLIT.split(paragraph):
        if out and (_ABBR_END.search(out[-1]) or not (part[:1].isupper() or part[:1] in "\"“('‘")):
            out[-1] += " " + part
        else:
            if len(out) == limit:
                break
            out.append(part)
    return out


# --- mentions -----------------------------------------------------------------------------------
_DATE_PREFIX = re.compile(r"^[^,]{0,40}\d[^,]{0,20},\s*$|^\W*$|^(?:hôm nay|sáng nay|chiều nay|tối nay)[^,]{0,25},\s*$")
_OPENS_DATED = re.compile(
    r"^\W*(?:(?:sáng|chiều|tối|trưa|hôm nay|hôm qua|vào|ngày|nay"
    r"|từ)\s*)*(?:\(?\s*thứ \w+\s*\)?,?\s*)?\d{1,2}\s*(?:[/.-]|tháng)\s*\d"
)
_TITLE_PREFIX = re.compile(r"^\W*$|^[^:]{1,40}[:|]\s*$|^(?:khai mạc|bế mạc|tổ chức)\s*$")
_SUBJECT_HOP = re.compile(
    r"(?:bộ chính trị|ban bí thư|ban thường vụ|btv|thường trực|ubnd|ủy ban nhân dân|hđnd|chính phủ|ban chấp hành|bch"
    r"|ủy|ban chỉ đạo|tiểu ban|ban|hội đồng|huyện|tỉnh|xã|phường|thị trấn|quận|thị xã|thành phố)[^,.;]{0,40}"
    r"(?:đã |vừa |tiến hành |tổ chức |có cuộc )?$|chủ trì\s*$"
)


def _status(line: _Text, m: re.Match[str], at_head: bool) -> tuple[str, str]:
    """Is this mention the reported meeting (held), a future one, a citation, or not a meeting?"""
    key = line.key
    noun, s, e = m.group(1), m.start(1), m.end(1)
    before, after = key[max(0, s - 80) : s], key[e : e + 200]
    if noun == "giao ban" and not (R.GIAO_BAN_BEFORE.search(before) or R.GIAO_BAN_AFTER.match(after)):
        return "excluded", "giao + ban"
    if R.EXCLUDED_AFTER.match(after) or R.EXCLUDED_BEFORE.search(before):
        return "excluded", key[s : e + 20].strip()
    if noun == "họp" and (not _SUBJECT_HOP.search(before) or re.search(r"(?<!\w)dự\s*$", before)):
        return "neutral", ""  # "dự họp" is attending, not the report
    hop_subject = noun == "họp"
    if noun in ("sơ kết", "tổng kết") and not (at_head or re.search(r"(?:tổ chức|tiến hành)\s*$", before)):
        return "neutral", ""
    lc = _clause_left(before)
    if re.search(r"(?<!\w)(?:sẽ|dự kiến|ngày mai|sắp|hoãn|lùi)(?!\w)", before[-60:]):
        return "future", "sẽ/dự kiến"
    if re.search(r"(?:nơi|địa điểm) (?:sẽ )?(?:diễn ra|tổ chức)\s*$", lc):
        return "cited", "nơi diễn ra"  # "Toàn cảnh nơi diễn ra Đại hội ...": the venue, before the event
    fut, cit, held = _last(R.FUTURE_LEFT, lc), _last(R.CITED_LEFT, lc), _last(R.HELD_LEFT, lc)
    if fut:
        return "future", fut.group(0)
    if hop_subject and not R.FUTURE_RIGHT.match(after):
        return "held", "họp"  # "UBND tỉnh họp phiên thường kỳ": the verb itself reports it
    if cit and (not held or cit.start() > held.start()):
        return "cited", cit.group(0)
    if held:
        return "held", held.group(0)
    if R.FUTURE_RIGHT.match(after):
        return "future", "dự kiến"
    hr = R.HELD_RIGHT.match(after)
    if hr and (at_head or not lc.strip() or len(lc) < 70):
        return "held", after[: hr.end()].split()[-1]
    if at_head:
        return "held", "headline"
    return "neutral", ""


def _mentions(line: _Text, head_re: re.Pattern[str]) -> list[_Mention]:
    out: list[_Mention] = []
    for m in R.MENTION.finditer(line.key):
        at_head = bool(head_re.match(line.key[: m.start(1)]))
        status, cue = _status(line, m, at_head)
        out.append(
            _Mention(
                m.group(1).replace("kì", "kỳ"), m.start(1), m.end(1), status, cue, line, at_head or status == "held"
            )
        )
    return out


# --- decision -----------------------------------------------------------------------------------
def _pick(title_mentions: list[_Mention], first: list[_Text], lead: list[_Text]) -> tuple[_Mention | None, list[str]]:
    """The reported meeting mention, or None with the reason."""
    lead_mentions = _mentions(first[0], _DATE_PREFIX)
    title_future = any(x.status == "future" for x in title_mentions)
    for m in lead_mentions:
        if m.status == "held" and not (m.cue == "headline" and title_future):
            return m, []
        if m.status == "excluded" and m.strong:
            return None, [f"not a meeting: {m.cue}"]
        if m.status in ("future", "cited") and not any(x.status == "held" for x in lead_mentions):
            break  # the lead's first meeting is a future or cited one
    # A later lead sentence that opens on a date states the event when the first one is a summary.
    for line in lead[1:4]:
        for m in _mentions(line, _DATE_PREFIX):
            if m.status == "held" and _OPENS_DATED.match(line.key):
                return m, []
            if m.status != "neutral":
                break
    future = [m for line in lead[:3] for m in _mentions(line, _DATE_PREFIX) if m.status == "future"]
    for m in title_mentions:
        if m.status == "held" and m.strong and not any(f.noun == m.noun for f in future):
            return m, []
        if m.status in ("future", "excluded"):
            return None, [f"{m.status}: {m.cue}"]
    return None, ["no held meeting in headline or lead"]


def analyze(title: str, text: str, *, published: date | None = None, url: str | None = None) -> Meeting | None:
    """Decide whether the article reports a held meeting and extract its fields."""
    t = _text(title or "")
    if _title_veto(t):  # cheap exits first: most non-meeting news is decided by its headline
        return None
    paragraphs = _lead(t.key, text or "")
    if not t.key and paragraphs:  # no headline: the first paragraph stands in for it
        t = _text(_sentences(paragraphs[0], 1)[0])
        if _title_veto(t):
            return None
    sentences = [_text(s) for p in paragraphs[:1] for s in _sentences(p)]
    lead = sentences + [_text(s) for p in paragraphs[1:2] for s in _sentences(p, 2)]
    if not sentences:
        sentences = [t]
        lead = [t]
    if R.FEATURE_SOFT.search(t.key) and not _DATE_PREFIX.match(sentences[0].key[:40].split(",")[0] + ","):
        return None
    title_mentions = _mentions(t, _TITLE_PREFIX)
    m, _why = _pick(title_mentions, sentences, lead)
    if m is None:
        return None
    if m.noun.startswith("phiên ") and m.noun != "phiên họp":
        # "phiên bế mạc Hội nghị lần thứ 13 ...": the session belongs to the meeting named next.
        nxt = R.MENTION.match(m.line.key, m.end + 1)
        if nxt and nxt.group(1) in ("hội nghị", "đại hội", "kỳ họp"):
            m = _Mention(nxt.group(1), nxt.start(1), nxt.end(1), "held", m.cue, m.line, True)
    first_key = sentences[0].key
    if R.TEXT_VETO.search(first_key[: m.end + 120]) or R.AGGREGATE.search(first_key):
        return None
    phrase_raw, phrase_key = _phrase(m.line, m.start)
    tail = m.line.key[m.start : m.start + len(phrase_key) + 60]
    if re.search(
        r"tiếp xúc cử tri|hiệp thương|bầu cử|cổ đông|(?:kiểm tra|giám sát)(?! (?:\w+ )?(?:đảng|khóa))", tail[:140]
    ) and (m.noun in ("hội nghị", "cuộc họp", "buổi họp", "họp")):
        return None
    kind = _kind(m, phrase_key, t.key)
    ordinal = _ordinal(phrase_key)
    if ordinal is None and m.line is not t:
        # The headline often carries the ordinal the lead leaves out ("Hội nghị BCH ... lần thứ 36").
        same = [x for x in title_mentions if x.noun == m.noun and x.status == "held"]
        if same:
            ordinal = _ordinal(_phrase(t, same[0].start)[1])
    lead_date = _LEAD_DATE.match(m.line.key)
    # "sơ kết ... Chỉ thị 05 của Bộ Chính trị khóa XII": that term is not this meeting's.
    own = _CITED_TAIL.split(phrase_key, 1)[0]
    span = m.line.key[lead_date.end() if lead_date else 0 : m.start]
    cue = _last(R.FUTURE_LEFT, span) or _last(R.CITED_LEFT, span)
    if cue:  # "Để chuẩn bị cho kỳ họp thứ 11 HĐND huyện khóa XVIII, ...": that term is the other meeting's
        comma = span.find(",", cue.end())
        span = span[comma + 1 :] if comma >= 0 else ""
    term = _term(own, span)
    if term is None and (kind in _FORMAL or ordinal is not None):
        # The headline and the lead name the same meeting; either may carry the term.
        other, head = (sentences[0], _DATE_PREFIX) if m.line is t else (t, _TITLE_PREFIX)
        same = [x for x in _mentions(other, head) if x.noun == m.noun and x.status != "cited"]
        if same:
            term = _term(_phrase(other, same[0].start)[1])
    body = _body(m, phrase_key, [t, *lead])
    if body is None and m.line is not t:
        same = [x for x in title_mentions if x.status == "held"]
        if same:
            body = _body(same[0], _phrase(t, same[0].start)[1], [t, *lead])
    if term is None and body:
        # "... của Ban Chấp hành Đảng bộ huyện (khoá IX) trình Đại hội ...": the body's own term.
        bkey = re.escape(fold(body))
        tm = re.search(bkey + r"[^,;.]{0,12}?\(?\s*(khóa\s+[ivxlc]+)(?!\w)", m.line.key)
        term = _term(tm.group(1)) if tm else None
    level = _level(body, phrase_key)
    when, date_phrase = _meeting_date(t.key, sentences[0], lead, published, url_year(url))
    if when is None and published and _today_words(t, sentences[0]):
        when, date_phrase = published, "hôm nay / sáng nay"  # "Sáng nay chính thức khai mạc ...": the publication day
    if when and published and (published - when).days > 400:
        return None  # a history piece: the meeting it describes is long past
    period = None
    if kind is not MeetingKind.CONGRESS:
        period = _period(m.line.key, m.start, when.year if when else (published.year if published else None))
    chair = _chair([*lead[:4], t])
    evidence = [f"{m.line.raw[m.start : m.start + len(phrase_raw)].strip()}", f"{m.status}: {m.cue}"]
    if date_phrase:
        evidence.append(date_phrase)
    confidence = 0.55 + (0.2 if m.cue not in ("headline", "") else 0.05)
    confidence += 0.1 if any(x.status == "held" for x in title_mentions) else 0.0
    confidence += 0.05 * sum(x is not None for x in (when, ordinal, body))
    return Meeting(
        kind=kind,
        ordinal=ordinal,
        term=term,
        body=body,
        level=level,
        meeting_date=when,
        chair=chair,
        period=period,
        confidence=round(min(confidence, 0.98), 2),
        evidence=tuple(evidence),
    )


def _title_veto(t: _Text) -> bool:
    """Documents, ceremonies, visits, contests, digests, features and tallies, told by the headline."""
    key = t.key
    return bool(
        R.TITLE_HEAD_VETO.match(key)
        or R.FEATURE_TITLE.search(key)
        or R.TEXT_VETO.search(key)
        or R.AGGREGATE.search(key)
    )


def _today_words(title: _Text, first: _Text) -> bool:
    return bool(re.search(r"(?<!\w)(?:sáng|chiều|tối|trưa)? ?(?:nay|hôm nay)(?!\w)", title.key + " " + first.key[:40]))


def is_meeting_report(title: str, text: str) -> bool:
    """True when the article reports a meeting that was held or is under way."""
    return analyze(title, text) is not None


def annotate_record(record: dict[str, Any]) -> dict[str, Any]:
    """One JSON Lines record of ``portalwatch analyze meetings``: input keys kept, fields added."""
    published: date | None = None
    raw = record.get("published")
    if isinstance(raw, str) and raw.strip():
        try:
            published = date.fromisoformat(raw.strip()[:10])
        except ValueError:
            value = parse_date(raw).value
            published = value if isinstance(value, date) else None
    found = analyze(
        str(record.get("title") or ""), str(record.get("text") or ""), published=published, url=record.get("url")
    )
    out = dict(record)
    out["is_meeting_report"] = found is not None
    out["meeting_kind"] = str(found.kind) if found else None
    out["ordinal"] = found.ordinal if found else None
    out["term"] = found.term if found else None
    out["body"] = found.body if found else None
    out["level"] = found.level if found else None
    out["meeting_date"] = found.meeting_date.isoformat() if found and found.meeting_date else None
    out["chair"] = found.chair if found else None
    out["period"] = found.period if found else None
    out["confidence"] = found.confidence if found else 0.0
    out["evidence"] = list(found.evidence) if found else []
    return out
