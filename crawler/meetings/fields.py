"""Field extraction for ``crawler.meetings``: ordinal, term, body, level and kind of a meeting mention.

Works on ``_Text`` lines (a cleaned sentence and its fold key of the same length), so a span found in
the key is also the span of the original wording; bodies are rebuilt from the organisation table in
``meeting_rules`` with abbreviations expanded and the place kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler import meeting_rules as R  # noqa: N812 - the rule tables, read as R.NAME
from crawler.text import clean_text, fold
from crawler.vocab import MeetingKind


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


_ETH = str.maketrans("Ðð", "Đđ")  # some CMSs type the Icelandic eth for Đ ("HÐND")


def _text(raw: str) -> _Text:
    raw = clean_text(raw).translate(_ETH)
    key = fold(raw)
    return _Text(raw if len(raw) == len(key) else key, key)


def _clause_left(before: str) -> str:
    cut = max(before.rfind(","), before.rfind(";"), before.rfind(":"), before.rfind(". "), before.rfind("("))
    return before[cut + 1 :]


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last match is the nearest cue
        pass
    return found


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


_CITED_TAIL = re.compile(
    r"(?<!\w)(?:thực hiện|nghị quyết|chỉ thị|kết luận|quy định|văn kiện|của bộ chính trị"
    r"|của ban chấp hành trung ương)(?!\w)"
)


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
_CONNECT = re.compile(
    r"\s*(?:\(\w{2,8}\)|khóa\s+[ivxlc\d]+|\(?\s*khóa\s+[ivxlc\d]+\s*\)?|đại biểu|đảng viên|lần thứ\s+\S+)?\s*"
)
_PLACE_STOP = {
    "khóa",
    "khoá",
    "nhiệm",
    "lần",
    "kỳ",
    "hội",
    "đại",
    "ban",
    "tổ",
    "đã",
    "năm",
    "tháng",
    "ngày",
    "sáng",
    "chiều",
    "và",
    "với",
    "đoàn",
    "về",
    "tại",
    "phiên",
    "đảng",
    "ủy",
    "uỷ",
    "huyện",
    "tỉnh",
    "xã",
    "hđnd",
    "ubnd",
    "bch",
    "btv",
    "mttq",
    "thường",
    "chủ",
    "bí",
    "phó",
    "trưởng",
    "cụm",
    "kết",
    "họp",
}


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
    raw = re.sub(r"\s*\([^)]*\)", "", line.raw[start:end].strip(" ,").split(",")[0]).strip()
    if 4 <= len(raw) <= 90 and raw[:1].isupper() and not re.search(r"\d", raw):
        return raw
    return None


_NOT_A_NAME = re.compile(r"(?<!\w)(?:phối hợp|với|cùng|và|đã|được|tại|vừa|do|của)(?!\w)")


def _place_for(level_word: str, lines: list[_Text]) -> str:
    """Where a body lacks its place ('BCH Đảng bộ huyện'), read it off 'Huyện ủy X' or 'huyện X' nearby."""
    base = level_word.replace(" ủy", "").replace("đoàn", "").strip() or level_word
    pat = re.compile(rf"(?<!\w){re.escape(base)}(?: ủy)?\s+(?=\S)")
    for line in lines:
        for m in pat.finditer(line.key):
            if re.search(
                r"(?:chủ tịch|bí thư|giám đốc|trưởng|ủy viên|hđnd|ubnd)\s*$",
                line.key[max(0, m.start() - 25) : m.start()],
            ):
                continue  # "Chủ tịch HĐND tỉnh Trần Văn Hiện": a person follows, not a place
            place = _place_after(line.raw, m.end())
            if place:
                return place
    return ""


_LEVEL_OF_RE = re.compile(
    "(?<!\\w)(?:" + "|".join(re.escape(w) for w in sorted(R.LEVEL_OF, key=len, reverse=True)) + ")(?!\\w)"
)


def _level(body: str | None, phrase_key: str) -> str | None:
    for src in (fold(body or ""), phrase_key):
        if not src:
            continue
        if re.search(
            r"trung ương|bộ chính trị|ban bí thư|quốc hội|chính phủ|việt nam|toàn quốc", src
        ) and not re.search(r"(?<!\w)(?:tỉnh|huyện|xã|phường|quận|thị xã|thị trấn|thành phố)(?!\w)", src):
            return None
        best: tuple[int, str] | None = None
        for m in _LEVEL_OF_RE.finditer(src):  # longest first: "thị xã" is not "xã"
            best = (m.start(), R.LEVEL_OF[m.group(0)])
        city = re.search(r"(?<!\w)(?:thành phố|thành ủy|tp\.?)(?!\w)\s*(.*)$", src)
        if city and (best is None or city.start() > best[0]):
            name = city.group(1).strip()
            return "province" if any(name.startswith(c) for c in R.CENTRAL_CITIES) else "district"
        if best:
            return best[1]
        if any(re.search(rf"(?<!\w){c}(?!\w)", src) for c in R.CENTRAL_CITIES):
            return "province"  # "Đảng bộ TPHCM": a centrally-run city named without 'thành phố'
    return None


_VERB_BEFORE = re.compile(
    r"(?:(?:đã|vừa|long trọng|chính thức)\s+)*(?:tổ chức|tiến hành|khai mạc|họp|mở|tiếp tục)\s*(?:thành công\s*)?$"
)
_LEAD_DATE = re.compile(r"^[^,]{0,40}\d[^,]{0,20},\s*")
_PREFIX_DATE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}|ngày\s+\d")


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
    for start in dict.fromkeys((lead.end() if lead else 0, clause)):
        if start >= end:
            continue
        sm = R.ORG_START.search(key, start, end)
        prefix = key[start : sm.start()].strip(" ,") if sm else ""
        dated = bool(_PREFIX_DATE.search(prefix)) and not R.MENTION.search(prefix)
        if (
            sm
            and (not prefix or dated or prefix.startswith("tại "))
            and not re.search(r"(?:hội trường|trụ sở|phòng họp|nhà văn hóa|trung tâm|sân|khu|văn phòng)\s*$", prefix)
        ):
            body = _org_at(line, sm.start(), end)
            if body and body[1] < end - 3:
                # The table stops at words it does not know: "Công đoàn Giao thông vận tải", "Ban chỉ đạo ...".
                free = _free_subject(line, sm.start(), end)
                if free and not _NOT_A_NAME.search(fold(free)):
                    body = (free, end, body[2])
            if body:
                return body
        elif (not sm and start != clause) or start == 0:
            free = _free_subject(line, start, end)
            if free and _LEVEL_RE.match(fold(free)):
                return free, end, ""
    return None


def _body(m: _Mention, phrase_key: str, lead: list[_Text]) -> str | None:
    line = m.line
    body: tuple[str, int, str] | None = None
    # 1. the meeting phrase names the body: "Hội nghị BCH Đảng bộ huyện ...", "Kỳ họp thứ 6, HĐND tỉnh ...".
    limit = (
        m.start + len(phrase_key) if m.noun not in ("hội thảo", "tọa đàm") else m.end
    )  # a workshop's phrase is its topic
    for om in R.ORG_START.finditer(line.key, m.end, limit):
        if om.group(0) in ("hội", "khối", "văn phòng", "ban tổ chức", "tt"):
            continue
        body = _org_at(line, om.start(), limit + 40)
        if body:
            break
    # 2. the subject that held it: "Ngày 3/7, Ban chỉ đạo ... huyện Tuyên Hóa tổ chức Hội nghị ...".
    if body is None or (body[0] in _ORG_DISPLAY.values() and not body[2]):
        body = _subject(m) or body  # "Đại hội Công đoàn": the subject names which union
    if body is None:
        after = re.search(
            r",\s*(?:(?:sáng|chiều|tối) nay,\s*)?("
            + R.ORG_START.pattern
            + r"[^,.;]{0,40}?)\s+(?:thảo luận|biểu quyết|thông qua|bầu|xem xét)",
            line.key[m.end : m.end + 120],
        )
        if after:
            body = _org_at(line, m.end + after.start(1), m.end + after.end(1))
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
    for abbr, full in (
        ("BCH", "Ban Chấp hành"),
        ("BTV", "Ban Thường vụ"),
        ("HĐND", "Hội đồng nhân dân"),
        ("UBND", "Ủy ban nhân dân"),
        ("MTTQ", "Mặt trận Tổ quốc"),
        ("ĐU", "Đảng ủy"),
        ("LHPN", "Liên hiệp Phụ nữ"),
        ("CCB", "Cựu chiến binh"),
        ("TP\\.?", "thành phố"),
    ):
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
    if noun in ("kỳ họp",) or (noun.startswith("phiên") and noun != "phiên họp"):
        if R.COUNCIL_ORG.search(head) or R.COUNCIL_ORG.search(lc) or R.COUNCIL_ORG.search(title_key):
            return MeetingKind.COUNCIL_SESSION
        if R.PARTY_ORG.search(head) or R.PARTY_ORG.search(lc):
            return MeetingKind.PARTY_COMMITTEE_CONFERENCE
        if R.QUOC_HOI.search(head) or R.QUOC_HOI.search(title_key):
            return MeetingKind.OTHER_MEETING
        return MeetingKind.COUNCIL_SESSION
    monthly = R.MONTHLY.search(phrase_key) and (R.UBND_ORG.search(head) or R.UBND_ORG.search(lc))
    if noun in ("phiên họp", "cuộc họp", "buổi họp", "họp"):
        if re.match(r"\s*(?:thường kỳ\s*)?giao ban", m.line.key[m.end : m.end + 30]):
            return MeetingKind.BRIEFING  # "cuộc họp giao ban", "họp giao ban"
        if re.match(
            r"\s*(?:thường kỳ\s*)?(?:của\s*)?(?:bộ chính trị|ban bí thư|ban thường vụ|btv|ban chấp hành|bch)",
            m.line.key[m.end : m.end + 40],
        ):
            return MeetingKind.PARTY_COMMITTEE_CONFERENCE
        if monthly and not R.STANDING.search(head + lc):
            return MeetingKind.BRIEFING
        if re.search(r"(?:bộ chính trị|ban bí thư|ban thường vụ|btv|ban chấp hành|bch)[^,]*$", lc):
            return MeetingKind.PARTY_COMMITTEE_CONFERENCE
        return MeetingKind.OTHER_MEETING
    # hội nghị: read what follows the noun itself, the phrase may be cut at "triển khai".
    rest = m.line.key[m.end : m.end + 90]
    if re.match(
        r"\s*(?:ban chấp hành|bch|ban thường vụ|btv)\s+(?:hội|công đoàn|liên đoàn|đoàn|mặt trận|mttq|ủy ban mặt trận)",
        rest,
    ) or (
        re.search(
            r"(?:hội (?:nông dân|liên hiệp|phụ nữ|cựu|lhpn|ccb|người|chữ thập|khuyến học)|công đoàn|đoàn thanh niên"
            r"|mặt trận|mttq)[^,]*$",
            lc,
        )
        and not R.PARTY_CONTEXT.search(lc)
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
