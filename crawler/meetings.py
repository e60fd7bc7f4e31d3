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

from crawler import meeting_rules as R
from crawler.dates import parse_date
from crawler.text import clean_text, fold
from crawler.vocab import MeetingKind


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


@dataclass(frozen=True)
class _Text:
    """A cleaned sentence and its fold key; both have the same length, so spans carry over."""

    raw: str
    key: str


@dataclass(frozen=True)
class _Mention:
    noun: str
    start: int
    end: int
    status: str  # held | future | cited | neutral | excluded
    cue: str
    line: _Text
    strong: bool


def _text(raw: str) -> _Text:
    raw = clean_text(raw)
    key = fold(raw)
    return _Text(raw if len(raw) == len(key) else key, key)


# --- lead ---------------------------------------------------------------------------------------
_SOURCE_TAG = re.compile(
    r"^(?:\([^)]{2,30}\)\s*[-–—]*|(?:[A-ZĐ][A-ZĐ&.]{1,14}|[\w.&]{2,24}\.(?:vn|com|net|org))\s*[-–—]+|[-–—])\s*"
)
_BOILER = re.compile(
    r"^(?:theo dõi|ngày đăng|cập nhật|lượt xem|view count|xuất bản|chi tiết bài viết|null(?!\w)|đăng lúc|tin cùng"
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
    r"^\W*(?:(?:sáng|chiều|tối|trưa|hôm nay|hôm qua|vào|ngày|nay|từ)\s*)*(?:\(?\s*thứ \w+\s*\)?,?\s*)?\d{1,2}\s*(?:[/.-]|tháng)\s*\d"
)
_TITLE_PREFIX = re.compile(r"^\W*$|^[^:]{1,40}[:|]\s*$|^(?:khai mạc|bế mạc|tổ chức)\s*$")
_SUBJECT_HOP = re.compile(
    r"(?:bộ chính trị|ban bí thư|ban thường vụ|btv|thường trực|ubnd|ủy ban nhân dân|hđnd|chính phủ|ban chấp hành|bch"
    r"|ủy|ban chỉ đạo|tiểu ban|ban|hội đồng|huyện|tỉnh|xã|phường|thị trấn|quận|thị xã|thành phố)[^,.;]{0,40}"
    r"(?:đã |vừa |tiến hành |tổ chức |có cuộc )?$"
)


def _clause_left(before: str) -> str:
    cut = max(before.rfind(","), before.rfind(";"), before.rfind(":"), before.rfind(". "), before.rfind("("))
    return before[cut + 1 :]


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last match is the nearest cue
        pass
    return found


def _status(line: _Text, m: re.Match[str], at_head: bool) -> tuple[str, str]:
    """Is this mention the reported meeting (held), a future one, a citation, or not a meeting?"""
    key = line.key
    noun, s, e = m.group(1), m.start(1), m.end(1)
    before, after = key[max(0, s - 80) : s], key[e : e + 200]
    if noun == "giao ban" and not (R.GIAO_BAN_BEFORE.search(before) or R.GIAO_BAN_AFTER.match(after)):
        return "excluded", "giao + ban"
    if R.EXCLUDED_AFTER.match(after) or R.EXCLUDED_BEFORE.search(before):
        return "excluded", key[s : e + 20].strip()
    if noun == "họp" and not _SUBJECT_HOP.search(before):
        return "neutral", ""
    hop_subject = noun == "họp"
    if noun in ("sơ kết", "tổng kết") and not (at_head or re.search(r"(?:tổ chức|tiến hành)\s*$", before)):
        return "neutral", ""
    lc = _clause_left(before)
    if re.search(r"(?<!\w)(?:sẽ|dự kiến|ngày mai|sắp|hoãn|lùi)(?!\w)", before[-60:]):
        return "future", "sẽ/dự kiến"
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
        out.append(_Mention(m.group(1).replace("kì", "kỳ"), m.start(1), m.end(1), status, cue, line, at_head or status == "held"))
    return out


# --- small parsers ------------------------------------------------------------------------------
def _number(token: str) -> int | None:
    """'9', 'IX', 'chín', 'mười hai', 'hai mươi mốt' -> int."""
    token = token.strip()
    if token.isdigit():
        return int(token)
    if re.fullmatch(r"[ivxlc]+", token):
        total, prev = 0, 0
        for ch in reversed(token):
            v = R.ROMAN[ch]
            total = total - v if v < prev else total + v
            prev = max(prev, v)
        return total or None
    words = token.split()
    if not words:
        return None
    if words[0] == "mười":
        return 10 + (R.WORD_VALUES.get(words[1], 0) if len(words) > 1 else 0)
    if len(words) >= 2 and words[1] == "mươi":
        return R.WORD_VALUES[words[0]] * 10 + (R.WORD_VALUES.get(words[2], 0) if len(words) > 2 else 0)
    return R.WORD_VALUES.get(words[0])


def _phrase(line: _Text, start: int) -> tuple[str, str]:
    """The meeting's noun phrase from its noun to where the clause moves on (raw, key)."""
    key = line.key[start : start + 220]
    m = R.PHRASE_END.search(key, 6)
    end = m.start() if m else len(key)
    return line.raw[start : start + end], key[:end]


def _ordinal(phrase_key: str) -> int | None:
    for pattern in R.ORDINAL:
        m = pattern.search(phrase_key)
        if m:
            return _number(m.group("n"))
    return None


def _term(*spans: str) -> str | None:
    """'khóa XI' from the first span that has one, else 'nhiệm kỳ 2020-2025'."""
    for span in spans:
        m = R.TERM_KHOA.search(span)
        if m:
            return f"khóa {m.group(1).upper()}"
    for span in spans:
        m = R.TERM_NHIEM_KY.search(span)
        if m:
            return f"nhiệm kỳ {m.group(1)}-{m.group(2)}"
    return None


# --- body, level ----------------------------------------------------------------------------------
_ORG_DISPLAY = dict(R.ORG_WORDS)
_LEVEL_DISPLAY = dict(R.LEVEL_WORDS)
_LEVEL_RE = re.compile(
    "(?<!\\w)(?:" + "|".join(re.escape(k) for k, _ in sorted(R.LEVEL_WORDS, key=lambda kv: -len(kv[0]))) + ")(?!\\w)"
)
_CONNECT = re.compile(r"\s*(?:\(\w{2,8}\)|khóa\s+[ivxlc\d]+|\(?\s*khóa\s+[ivxlc\d]+\s*\)?|đại biểu|đảng viên|lần thứ\s+\S+)?\s*")
_PLACE_STOP = {"khóa", "khoá", "nhiệm", "lần", "kỳ", "hội", "đại", "ban", "tổ", "đã", "năm", "tháng", "ngày", "sáng",
               "chiều", "và", "với", "đoàn", "về", "tại", "lần", "phiên", "đảng", "ủy", "uỷ", "huyện", "tỉnh", "xã", "hđnd",
               "ubnd", "bch", "btv", "mttq", "thường", "chủ", "bí", "phó", "trưởng", "cụm", "kết", "họp"}


_PLACE_TOKEN = re.compile(r"[ \t]*([^\s,;:.()]+)")


def _place_after(raw: str, pos: int) -> str:
    """Capitalised words from ``pos``: the place name after 'huyện', 'xã', 'Huyện ủy' ..."""
    words: list[str] = []
    i = pos
    while len(words) < 6:
        tok = _PLACE_TOKEN.match(raw, i)
        if not tok:
            break
        i = tok.end()
        word = tok.group(1)
        if word in "-–":
            if words:
                words.append("-")
            continue
        if not (word[:1].isupper() or (word.isdigit() and not words)) or word.lower() in _PLACE_STOP:
            if len(word) == 1 and word.isupper() and words:  # "Tân Thành B"
                words.append(word)
                continue
            break
        words.append(word)
        if len(words) == 5:
            break
    while words and words[-1] == "-":
        words.pop()
    return " ".join(words).replace(" - ", " - ")


def _org_at(line: _Text, pos: int, limit: int) -> tuple[str, int, str] | None:
    """Read an organisation name starting at ``pos`` (display, end, last level word)."""
    key, raw = line.key, line.raw
    parts: list[str] = []
    level = ""
    i = pos
    while i < limit:
        m = R.ORG_START.match(key, i)
        if m:
            parts.append(_ORG_DISPLAY[m.group(0)])
            i = m.end()
            if m.group(0).endswith(" ủy") or m.group(0) in ("huyện đoàn", "tỉnh đoàn", "thành đoàn"):
                level = m.group(0)
            j = _CONNECT.match(key, i)
            i = j.end() if j else i
            continue
        lm = _LEVEL_RE.match(key, i)
        if lm and parts:
            word = _LEVEL_DISPLAY[lm.group(0)]
            parts.append(word)
            level = word
            i = lm.end()
            place = _place_after(raw, i)
            if place:
                parts.append(place)
                i += len(raw[i:].split(place, 1)[0]) + len(place)
            break
        break
    if not parts or parts in (["Hội"], ["Khối"], ["Văn phòng"]):
        return None
    if not level and not any(w[:1].islower() for w in parts[-1:]) and len(parts) <= 2:
        place = _place_after(raw, i)  # "Hội LHPN Tân Lợi": a place with no level word
        if place and place.lower() != "việt nam":
            parts.append(place)
            i += len(raw[i:].split(place, 1)[0]) + len(place)
    if level.endswith(" ủy") and parts[-1] in ("Tỉnh ủy", "Huyện ủy", "Thành ủy", "Quận ủy", "Thị ủy"):
        place = _place_after(raw, i)
        if place:
            parts.append(place)
    return " ".join(parts), i, level


def _free_subject(line: _Text, start: int, end: int) -> str | None:
    """A named subject that is not in the org table ('Ban chỉ đạo xây dựng cơ sở huyện Tuyên Hóa')."""
    raw = line.raw[start:end].strip(" ,")
    if 4 <= len(raw) <= 90 and raw[:1].isupper() and not re.search(r"\d", raw):
        return raw
    return None


def _place_for(level_word: str, lines: list[_Text]) -> str:
    """Where a body lacks its place ('BCH Đảng bộ huyện'), read it off 'Huyện ủy X' or 'huyện X' nearby."""
    base = level_word.replace(" ủy", "").replace("đoàn", "").strip() or level_word
    pat = re.compile(rf"(?<!\w){re.escape(base)}(?: ủy)?\s+(?=\S)")
    for line in lines:
        for m in pat.finditer(line.key):
            place = _place_after(line.raw, m.end())
            if place:
                return place
    return ""


def _level(body: str | None, phrase_key: str) -> str | None:
    for src in (fold(body or ""), phrase_key):
        if not src:
            continue
        if re.search(r"trung ương|bộ chính trị|ban bí thư|quốc hội|chính phủ|việt nam|toàn quốc", src) and not re.search(
            r"(?<!\w)(?:tỉnh|huyện|xã|phường|quận|thị xã|thị trấn|thành phố)(?!\w)", src
        ):
            return None
        best: tuple[int, str] | None = None
        for word, level in R.LEVEL_OF.items():
            for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", src):
                if best is None or m.start() > best[0]:
                    best = (m.start(), level)
        city = re.search(r"(?<!\w)(?:thành phố|thành ủy|tp\.?)(?!\w)\s*(.*)$", src)
        if city and (best is None or city.start() > best[0]):
            name = city.group(1).strip()
            return "province" if any(name.startswith(c) for c in R.CENTRAL_CITIES) else "district"
        if best:
            return best[1]
    return None


_VERB_BEFORE = re.compile(
    r"(?:đã |vừa |long trọng |chính thức )?(?:tổ chức|tiến hành|khai mạc|họp|mở)\s*(?:thành công\s*)?$"
)
_LEAD_DATE = re.compile(r"^[^,]{0,40}\d[^,]{0,20},\s*")


def _subject(m: _Mention) -> tuple[str, int, str] | None:
    """The organisation that is the grammatical subject of the held verb."""
    line, key = m.line, m.line.key
    if m.noun == "họp":
        end = m.start
    else:
        verb = _VERB_BEFORE.search(key[: m.start])
        if not verb:
            return None
        end = verb.start()
    clause = max(key.rfind(",", 0, end), key.rfind(";", 0, end)) + 1
    lead = _LEAD_DATE.match(key)
    for start in dict.fromkeys((clause, lead.end() if lead else 0)):
        if start >= end:
            continue
        sm = R.ORG_START.search(key, start, end)
        prefix = key[start : sm.start()].strip(" ,") if sm else ""
        if sm and (not prefix or re.fullmatch(r"[^,]*\d[^,]*|tại [^,]*", prefix)) and not re.search(
            r"(?:hội trường|trụ sở|phòng họp|nhà văn hóa|trung tâm|sân|khu|văn phòng)\s*$", prefix
        ):
            body = _org_at(line, sm.start(), end)
            if body and body[1] < end - 3 and body[0].split()[0] in ("Ban", "Tiểu", "Chi"):
                free = _free_subject(line, sm.start(), end)
                body = (free, end, body[2]) if free else body
            if body:
                return body
        elif not sm and start != clause or start == 0:
            free = _free_subject(line, start, end)
            if free and _LEVEL_RE.match(fold(free)):
                return free, end, ""
    return None


def _body(m: _Mention, phrase_key: str, lead: list[_Text]) -> str | None:
    line = m.line
    body: tuple[str, int, str] | None = None
    # 1. the meeting phrase names the body: "Hội nghị BCH Đảng bộ huyện ...", "Kỳ họp thứ 6, HĐND tỉnh ...".
    limit = m.start + len(phrase_key) if m.noun not in ("hội thảo", "tọa đàm") else m.end  # a workshop's phrase is its topic
    for om in R.ORG_START.finditer(line.key, m.end, limit):
        if om.group(0) in ("hội", "khối", "văn phòng", "ban tổ chức", "tt"):
            continue
        body = _org_at(line, om.start(), limit + 40)
        if body:
            break
    # 2. the subject that held it: "Ngày 3/7, Ban chỉ đạo ... huyện Tuyên Hóa tổ chức Hội nghị ...".
    if body is None:
        body = _subject(m)
    if body is None:
        return None
    text, _, level_word = body
    if not _LEVEL_RE.search(fold(text)) and not level_word:
        # "Đảng ủy xã Tân Hồng tổ chức hội nghị BCH Đảng bộ mở rộng": the subject says where.
        subj = _subject(m)
        where = _LEVEL_RE.search(fold(subj[0])) if subj else None
        if subj and where and fold(subj[0])[where.start() :] not in fold(text):
            text, level_word = f"{text} {subj[0][where.start() :]}", where.group(0)
    text = R.BODY_DROP.sub("", text).strip(" ,")
    text = re.sub(r"^Ban Chấp hành (?=Ban Chấp hành)", "", text)
    key = fold(text)
    tail = key.rsplit(" ", 1)[-1]
    if level_word and (key.endswith(level_word) or tail in ("tỉnh", "huyện", "xã", "phường", "quận")):
        place = _place_for(tail if tail in ("tỉnh", "huyện", "xã", "phường", "quận") else level_word, lead)
        if place:
            text = f"{text} {place}"
    for abbr, full in (("BCH", "Ban Chấp hành"), ("BTV", "Ban Thường vụ"), ("HĐND", "Hội đồng nhân dân"),
                       ("UBND", "Ủy ban nhân dân"), ("MTTQ", "Mặt trận Tổ quốc"), ("ĐU", "Đảng ủy")):
        text = re.sub(rf"(?<!\w){abbr}(?!\w)", full, text)
    return text or None


# --- kind ---------------------------------------------------------------------------------------
_BARE = re.compile(
    r"\s*(?:(?:lần thứ \S+|thường kỳ|mở rộng|bất thường|\(mở rộng\)|tháng \d+|quý \w+|năm \d{4})\s*)*"
    r"(?:[,.;(]|$|khóa|nhiệm kỳ|để|nhằm|thông qua|cho ý kiến|xem xét|thảo luận|bàn|vào|với|tại|do|dưới|đánh giá"
    r"|nghe|quyết định|kiểm điểm|và|có)"
)


_FORMAL = (MeetingKind.PARTY_COMMITTEE_CONFERENCE, MeetingKind.COUNCIL_SESSION, MeetingKind.CONGRESS)


def _kind(m: _Mention, phrase_key: str, title_key: str) -> MeetingKind:
    noun = m.noun
    lc = _clause_left(m.line.key[max(0, m.start - 80) : m.start])
    head = phrase_key[:90]
    if noun == "đại hội" or noun == "phiên trù bị":
        return MeetingKind.CONGRESS
    if noun == "giao ban":
        return MeetingKind.BRIEFING
    if noun in ("hội thảo", "tọa đàm", "họp liên tịch", "hội nghị liên tịch"):
        return MeetingKind.OTHER_MEETING
    if noun in ("sơ kết", "tổng kết"):
        return MeetingKind.REVIEW_CONFERENCE
    if noun in ("kỳ họp",) or noun.startswith("phiên") and noun != "phiên họp":
        if R.COUNCIL_ORG.search(head) or R.COUNCIL_ORG.search(lc) or R.COUNCIL_ORG.search(title_key):
            return MeetingKind.COUNCIL_SESSION
        if R.PARTY_ORG.search(head) or R.PARTY_ORG.search(lc):
            return MeetingKind.PARTY_COMMITTEE_CONFERENCE
        if R.QUOC_HOI.search(head) or R.QUOC_HOI.search(title_key):
            return MeetingKind.OTHER_MEETING
        return MeetingKind.COUNCIL_SESSION
    monthly = R.MONTHLY.search(phrase_key) and (R.UBND_ORG.search(head) or R.UBND_ORG.search(lc))
    if noun in ("phiên họp", "cuộc họp", "buổi họp", "họp"):
        if monthly and not R.STANDING.search(head + lc):
            return MeetingKind.BRIEFING
        if noun == "họp" and re.search(r"(?:bộ chính trị|ban bí thư|ban thường vụ|btv|ban chấp hành|bch)[^,]*$", lc):
            return MeetingKind.PARTY_COMMITTEE_CONFERENCE
        return MeetingKind.OTHER_MEETING
    # hội nghị: read what follows the noun itself, the phrase may be cut at "triển khai".
    rest = m.line.key[m.end : m.end + 90]
    if re.match(r"\s*(?:ban chấp hành|bch|ban thường vụ|btv)\s+(?:hội|công đoàn|liên đoàn|đoàn|mặt trận|mttq|ủy ban mặt trận)", rest) or (
        re.search(r"(?:hội|công đoàn|đoàn thanh niên|mặt trận|mttq)[^,]*$", lc) and not R.PARTY_CONTEXT.search(lc)
    ):
        return MeetingKind.OTHER_MEETING  # a mass organisation's committee is not a party committee
    if re.match(r"\s*(?:lần thứ \S+\s*)?(?:mở rộng\s*)?(?:của\s*)?" + R.PARTY_ORG.pattern, rest) or re.match(
        r"\s*(?:trung ương|tw|t\.ư)\s*(?:\d|lần|[ivxl]+(?!\w))", rest
    ):
        return MeetingKind.PARTY_COMMITTEE_CONFERENCE
    if _BARE.match(rest) and (
        re.search(r"(?:ban chấp hành|bch|ban thường vụ|btv|(?:tỉnh|huyện|thành|quận|thị|đảng) ủy|cấp ủy)[^,]*$", lc)
    ):
        return MeetingKind.PARTY_COMMITTEE_CONFERENCE
    if R.REVIEW.search(rest[:40]):
        return MeetingKind.REVIEW_CONFERENCE
    if "giao ban" in rest[:30]:
        return MeetingKind.BRIEFING
    if monthly and R.MONTHLY.search(rest[:60]):
        return MeetingKind.BRIEFING
    return MeetingKind.OTHER_MEETING


# --- dates --------------------------------------------------------------------------------------
_D_RANGE = re.compile(
    r"(?<![\d/.])(\d{1,2})\s*(?:-|–|đến|và|,)\s*(?:ngày\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)(?:\s*[/.-]\s*((?:19|20)\d{2}))?"
)
_D_DMY = re.compile(r"(?<![\d/.])(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)(?:\s*[/.-]\s*((?:19|20)\d{2}|\d{2})(?!\d))?")
_D_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+((?:19|20)\d{2}))?")
_D_CUE = re.compile(
    r"(?:^|sáng|chiều|tối|trưa|đêm|ngày|nay|hôm qua|vào|từ|trong|,)\s*(?:\(?(?:thứ \w+|chủ nhật)\)?,?\s*)?(?:ngày\s*)?$"
)
_D_DOC = re.compile(r"(?:số|ký|nghị quyết|chỉ thị|kế hoạch|quyết định|hướng dẫn|thông báo|công văn|kết luận|[A-Z]/)\S*\s*[^,]{0,12}$")
_SESSION = re.compile(r"bế mạc|trù bị|chất vấn|ngày làm việc thứ \w+|phiên thảo luận")


def _dates_in(line: _Text) -> list[tuple[int, int, int | None, int]]:
    """(day, month, year or None, position) of dates that read as when something happened."""
    out = []
    key = line.key
    for pattern in (_D_WORDS, _D_RANGE, _D_DMY):
        for m in pattern.finditer(key):
            before = key[max(0, m.start() - 30) : m.start()]
            if pattern is not _D_WORDS and not _D_CUE.search(before):
                continue
            if _D_DOC.search(before) or before.rstrip().endswith("("):
                continue
            g = m.groups()
            if pattern is _D_RANGE:
                day, month, year = int(g[0]), int(g[2]), g[3]
            else:
                day, month, year = int(g[0]), int(g[1]), g[2]
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            if any(abs(p - m.start()) < 12 for *_, p in out):
                continue
            y = int(year) + (2000 if len(year) == 2 else 0) if year else None
            out.append((day, month, y, m.start()))
    return sorted(out, key=lambda t: t[3])


def _meeting_date(
    title_key: str, first: _Text, lead: list[_Text], published: date | None, url_year: int | None
) -> tuple[date | None, str]:
    found: tuple[int, int, int | None, int] | None = None
    line = first
    session = _SESSION.search(title_key)
    if session:
        for cand in lead:
            if session.group(0) in cand.key:
                ds = _dates_in(cand)
                if ds:
                    found, line = ds[0], cand
                    break
    if found is None:
        for cand in [first, *[x for x in lead if x is not first]][:3]:
            ds = _dates_in(cand)
            if ds:
                found, line = ds[0], cand
                break
    if found is None:
        return None, ""
    day, month, year, pos = found
    if year is None:
        # "Chiều 12/6, ... nhiệm vụ tháng 06 năm 2023": the sentence names the meeting's month with a year.
        same = re.search(rf"tháng 0?{month}\s*(?:năm\s*|[/-]\s*)((?:19|20)\d{{2}})(?!\d)", line.key)
        year = int(same.group(1)) if same else None
    stamp = f"{day}/{month}/{year}" if year else f"{day}/{month}"
    value = parse_date(stamp, reference=published, context_year=url_year).value
    lead_in = re.search(r"(?:(?:sáng|chiều|tối|trưa|ngày|hôm nay|nay|từ)\s*)*$", line.key[max(0, pos - 20) : pos])
    begin = max(0, pos - 20) + lead_in.start() if lead_in else pos
    phrase = line.raw[begin : pos + 14].split(",")[0].strip()
    return (value if isinstance(value, date) else None), phrase


_URL_YEAR = [
    re.compile(r"/((?:19|20)\d{2})(?:0[1-9]|1[0-2])/"),
    re.compile(r"/((?:19|20)\d{2})/(?:0?[1-9]|1[0-2])/"),
    re.compile(r"/((?:19|20)\d{2})[-_/](?:0[1-9]|1[0-2])[-_/](?:0[1-9]|[12]\d|3[01])(?!\d)"),
]


def url_year(url: str | None) -> int | None:
    """The year a URL path carries ('/202107/', '/2019/05/21/'), or None."""
    if not url:
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url)
    for pattern in _URL_YEAR:
        m = pattern.search(path)
        if m:
            return int(m.group(1))
    return None


# --- chair, period ------------------------------------------------------------------------------
_CHAIR_CUE = re.compile(r"(?<!\w)(?:chủ trì|điều hành|chủ tọa)(?!\w)")
_PERSON = re.compile(r"(?<!\w)(?:đồng chí|đ/c|ông|bà)\s*:?\s+")
_CHAIR_AFTER = re.compile(
    r"(?:chủ trì(?:,? điều hành)?(?: của)?|chủ trì (?:hội nghị|kỳ họp|đại hội|cuộc họp|buổi làm việc|phiên họp)"
    r"(?: có| là)?)\s*:?\s*(?:đồng chí|đ/c|ông|bà)\s+"
)
_TITLE_WORDS = {"bí", "phó", "chủ", "trưởng", "ủy", "giám", "tỉnh", "huyện", "thường", "đại", "tổng", "thứ", "ban", "các"}


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
    if len(words) < 2 or words[0].lower() in _TITLE_WORDS:
        return None
    return " ".join(words)


def _surname_run(raw: str, start: int, end: int) -> str | None:
    """The first 'Họ Tên' run in raw[start:end] that opens with a family name ('Tổng Bí thư Tô Lâm' -> 'Tô Lâm')."""
    for tok in re.finditer(r"[^\s,;:.()–\-]+", raw[start:end]):
        if tok.group(0).lower() in R.SURNAMES:
            name = _name_at(raw, start + tok.start())
            if name and len(name.split()) <= 4:
                return name
    return None


def _chair(lines: list[_Text]) -> str | None:
    for line in lines:
        for cue in _CHAIR_CUE.finditer(line.key):
            after = _CHAIR_AFTER.match(line.key, cue.start())
            if after:
                name = _name_at(line.raw, after.end())
                if name:
                    return name
            seg_start = line.key.rfind(". ", 0, cue.start()) + 1
            people = list(_PERSON.finditer(line.key, seg_start, cue.start()))
            if people:
                co = line.key[max(0, cue.start() - 5) : cue.start()].endswith("đồng ")
                name = _name_at(line.raw, people[0 if co else -1].end())
                if name and re.search(r"(?:dự|chúc mừng)\s*(?:hội nghị|kỳ họp|đại hội)?\s*(?:có)?\s*$",
                                      line.key[seg_start : people[-1].start()]) is None:
                    return name
            elif not re.search(r"(?:dự|có)\s", line.key[seg_start : cue.start()]):
                name = _surname_run(line.raw, seg_start, cue.start())
                if name:
                    return name
    return None


def _period(key: str, start: int, meeting_year: int | None) -> str | None:
    cue = R.PERIOD_CUE.search(key, start)
    if not cue or cue.start() - start > 260:
        return None
    m = R.PERIOD.search(key, cue.start(), cue.end() + 160)
    if not m:
        return None
    g = m.groupdict()
    if g["months"]:
        months = str(_number(g["months"]) or g["months"])
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
        later = re.match(r"[^.;]{0,40}?năm ((?:19|20)\d{2})", key[m.end() :])
        year = g["y3"] or (later.group(1) if later else None) or (str(meeting_year) if meeting_year else None)
        return f"tháng {int(g['m'])} năm {year}" if year else f"tháng {int(g['m'])}"
    if g["y4"]:
        return "năm " + re.sub(r"\s*[-–]\s*", "-", g["y4"])
    return None


# --- decision -----------------------------------------------------------------------------------
def _pick(title: _Text, first: list[_Text], lead: list[_Text]) -> tuple[_Mention | None, list[str]]:
    """The reported meeting mention, or None with the reason."""
    lead_mentions = _mentions(first[0], _DATE_PREFIX)
    title_future = any(x.status == "future" for x in _mentions(title, _TITLE_PREFIX))
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
    future = [m for m in lead_mentions if m.status == "future"]
    title_mentions = _mentions(title, _TITLE_PREFIX)
    for m in title_mentions:
        if m.status == "held" and m.strong and not future:
            return m, []
        if m.status in ("future", "excluded"):
            return None, [f"{m.status}: {m.cue}"]
    return None, ["no held meeting in headline or lead"]


def analyze(title: str, text: str, *, published: date | None = None, url: str | None = None) -> Meeting | None:
    """Decide whether the article reports a held meeting and extract its fields."""
    t = _text(title or "")
    paragraphs = _lead(t.key, text or "")
    if not t.key and paragraphs:  # no headline: the first paragraph stands in for it
        t = _text(_sentences(paragraphs[0], 1)[0])
    sentences = [_text(s) for p in paragraphs[:1] for s in _sentences(p)]
    lead = sentences + [_text(s) for p in paragraphs[1:2] for s in _sentences(p, 2)]
    if not sentences:
        sentences = [t]
        lead = [t]
    if R.TITLE_HEAD_VETO.match(t.key) or R.FEATURE_TITLE.search(t.key):
        return None
    if R.FEATURE_SOFT.search(t.key) and not _DATE_PREFIX.match(sentences[0].key[:40].split(",")[0] + ","):
        return None
    if R.TEXT_VETO.search(t.key) or R.AGGREGATE.search(t.key):
        return None
    m, _why = _pick(t, sentences, lead)
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
    if re.search(r"tiếp xúc cử tri|hiệp thương|bầu cử|cổ đông|(?:kiểm tra|giám sát)(?! (?:\w+ )?(?:đảng|khóa))", tail[:140]) and (
        m.noun in ("hội nghị", "cuộc họp", "buổi họp", "họp")
    ):
        return None
    kind = _kind(m, phrase_key, t.key)
    ordinal = _ordinal(phrase_key)
    if ordinal is None and m.line is not t:
        # The headline often carries the ordinal the lead leaves out ("Hội nghị BCH ... lần thứ 36").
        same = [x for x in _mentions(t, _TITLE_PREFIX) if x.noun == m.noun and x.status == "held"]
        if same:
            ordinal = _ordinal(_phrase(t, same[0].start)[1])
    lead_date = _LEAD_DATE.match(m.line.key)
    term = _term(phrase_key, m.line.key[lead_date.end() if lead_date else 0 : m.start])
    if term is None and m.line is not t and (kind in _FORMAL or ordinal is not None):
        same = [x for x in _mentions(t, _TITLE_PREFIX) if x.noun == m.noun and x.status == "held"]
        if same:
            term = _term(_phrase(t, same[0].start)[1])
    body = _body(m, phrase_key, [t, *lead])
    if body is None and m.line is not t:
        same = [x for x in _mentions(t, _TITLE_PREFIX) if x.noun == m.noun and x.status == "held"]
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
    chair = _chair(lead[:4])
    evidence = [f"{m.line.raw[m.start : m.start + len(phrase_raw)].strip()}", f"{m.status}: {m.cue}"]
    if date_phrase:
        evidence.append(date_phrase)
    confidence = 0.55 + (0.2 if m.cue not in ("headline", "") else 0.05)
    confidence += 0.1 if any(x.status == "held" for x in _mentions(t, _TITLE_PREFIX)) else 0.0
    confidence += 0.05 * sum(x is not None for x in (when, ordinal, body))
    return Meeting(
        kind=kind, ordinal=ordinal, term=term, body=body, level=level, meeting_date=when, chair=chair,
        period=period, confidence=round(min(confidence, 0.98), 2), evidence=tuple(evidence),
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
    found = analyze(str(record.get("title") or ""), str(record.get("text") or ""), published=published,
                    url=record.get("url"))
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
