"""The body that holds a meeting ("Ban Chấp hành Đảng bộ huyện Tân Hồng") and its level.

Bodies are rebuilt from the organisation table in ``rules`` with abbreviations expanded and the
place kept: from the meeting's own phrase ("Hội nghị BCH Đảng bộ huyện ..."), else from the subject
that held it ("Ngày 3/7, Ban chỉ đạo ... huyện Tuyên Hóa tổ chức Hội nghị ...").
"""

from __future__ import annotations

import re

from crawler import units
from crawler.meetings import names as N  # noqa: N812 - the name tables, read as N.NAME
from crawler.meetings import rules as R  # noqa: N812 - the rule tables, read as R.NAME
from crawler.meetings.lines import ACCENTED, Line, Mention, bare, key_of
from crawler.text import fold

# --- body, level ----------------------------------------------------------------------------------
_ORG_DISPLAY = dict(N.ORG_WORDS)
_LEVEL_DISPLAY = dict(N.LEVEL_WORDS)
_LEVEL_RE = re.compile(
    "(?<!\\w)(?:" + "|".join(re.escape(k) for k, _ in sorted(N.LEVEL_WORDS, key=lambda kv: -len(kv[0]))) + ")(?!\\w)"
)


_PLACE_TOKEN = re.compile(r"[ \t]*\.?([^\s,;:.()]+)")  # "TP.Hạ Long": the place may follow the dot


_PLACE_STOP_BARE = frozenset(bare(w) for w in N.PLACE_STOP)


def _place_after(raw: str, pos: int) -> str:
    """Capitalised words from ``pos``: the place name after 'huyện', 'xã', 'Huyện ủy' ...

    Words of an upper-case line are shown capitalised ("TÂN HỒNG" -> "Tân Hồng"); in a line typed
    without diacritics the stop words are matched without them too ("LAN THU" is "lần thứ").
    """
    stops = N.PLACE_STOP if ACCENTED.search(raw.lower()) else N.PLACE_STOP | _PLACE_STOP_BARE
    shout = raw.isupper()
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
        if not (word[:1].isupper() or (word.isdigit() and not words)) or word.lower() in stops:
            if len(word) == 1 and word.isupper() and words:  # "Tân Thành B"
                words.append(word)
                continue
            break
        words.append(word.capitalize() if shout and len(word) > 1 and not word.isdigit() else word)
        if len(words) == 5:
            break
    while words and words[-1] == "-":
        words.pop()
    return " ".join(words).replace(" - ", " - ")


_RUN_TOKEN = re.compile(r"[ \t]*([^\s,;:()]+)")


def _name_run(line: Line, pos: int, limit: int) -> tuple[str, int]:
    """An organisation's own name from ``pos`` to its natural end (see ``names.INSTITUTION_HEAD``): the raw words and
    where they end ("Bệnh viện đa khoa", then the caller reads "tỉnh Tuyên Quang"); ("", pos) when none opens
    there."""
    raw, key = line.raw, line.key
    words: list[str] = []
    i = pos
    while len(words) < 10 and i < limit:
        tok = _RUN_TOKEN.match(raw, i)
        if not tok:
            break
        word, wkey = tok.group(1), key[tok.start(1) : tok.end(1)]
        if word.endswith(".") and len(word) > 2 and not word[:-1].isupper():
            break  # a sentence's end
        first = not words
        if wkey in N.NAME_STOP or (_LEVEL_RE.match(key, tok.start(1)) and not first):
            break
        if first and not (word[:1].isupper() or N.INSTITUTION_HEAD.match(key, tok.start(1))):
            return "", pos
        if first and _LEVEL_RE.match(key, tok.start(1)):
            return "", pos
        words.append(word)
        i = tok.end()
    if not words:
        return "", pos
    text = raw[pos:i].strip(" -–")
    stop = i
    return (text, stop) if text else ("", pos)


def _org_at(line: Line, pos: int, limit: int) -> tuple[str, int, str] | None:
    """Read an organisation name starting at ``pos`` (display, end, last level word)."""
    key, raw = line.key, line.raw
    parts: list[str] = []
    level = ""
    i = pos
    while i < limit:
        m = N.ORG_START.match(key, i)
        if m:
            parts.append(_ORG_DISPLAY[m.group(0)])
            i = m.end()
            if m.group(0).endswith(" ủy") or m.group(0) in ("huyện đoàn", "tỉnh đoàn", "thành đoàn"):
                level = m.group(0)
            j = N.CONNECT.match(key, i)
            i = j.end() if j else i
            continue
        lm = _LEVEL_RE.match(key, i)
        if lm and parts and lm.group(0) == "cơ sở":
            run, stop = _name_run(line, lm.end(), limit + 60)  # "Công đoàn cơ sở Bệnh viện ...": part of the name
            if run:
                parts += [raw[lm.start() : lm.end()], run]
                i = stop
                lm = _LEVEL_RE.match(key, i + len(raw[i:]) - len(raw[i:].lstrip()))
                if not lm or lm.group(0) == "cơ sở":
                    break
                i += len(raw[i:]) - len(raw[i:].lstrip())
        elif not lm and parts and not level and not (parts == ["Hội"] and raw[i : i + 1].islower()):
            run, stop = _name_run(line, i, limit + 60)  # ("hội trường": a hall, no "Hội" of anyone)
            if run:
                parts.append(run)
                i = stop
                skip = len(raw[i:]) - len(raw[i:].lstrip())
                lm = _LEVEL_RE.match(key, i + skip)
                if not lm or lm.group(0) in ("cơ sở", "việt nam", "toàn quốc"):
                    if lm and lm.group(0) == "việt nam":
                        parts.append(raw[lm.start() : lm.end()])  # "Hội Cựu Công an nhân dân Việt Nam"
                    level = "name"
                    break
                i += skip
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
    if level == "name":
        return " ".join(parts), i, ""
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


def _free_subject(line: Line, start: int, end: int) -> str | None:
    """A named subject that is not in the org table ('Ban chỉ đạo xây dựng cơ sở huyện Tuyên Hóa')."""
    raw = re.sub(r"\s*\([^)]*\)", "", line.raw[start:end].strip(" ,").split(",")[0]).strip()
    if 4 <= len(raw) <= 90 and raw[:1].isupper() and not re.search(r"\d", raw):
        return raw
    return None


def _place_for(level_word: str, lines: list[Line]) -> str:
    """Where a body lacks its place ('BCH Đảng bộ huyện'), read it off 'Huyện ủy X' or 'huyện X' nearby."""
    base = level_word.replace(" ủy", "").replace("đoàn", "").strip() or level_word
    pat = re.compile(rf"(?<!\w){re.escape(base)}(?: ủy)?\s+(?=\S)")
    for line in lines:
        for m in pat.finditer(line.key):
            if N.OFFICE_BEFORE.search(line.key[max(0, m.start() - 30) : m.start()]):
                continue  # "Chủ tịch HĐND tỉnh Trần Văn Hiện": a person follows, not a place ("UBND xã X" is one)
            place = _place_after(line.raw, m.end())
            if place:
                return place
    return ""


_LEVEL_OF_RE = re.compile(
    "(?<!\\w)(?:" + "|".join(re.escape(w) for w in sorted(N.LEVEL_OF, key=len, reverse=True)) + ")(?!\\w)"
)


def _is_province(name: str) -> bool:
    """True for a province's name, current or pre-reform (``crawler.units``)."""
    try:
        units.find_province(name)
    except units.UnitError:
        return False
    return True


def _bare_province(body: str | None) -> bool:
    """True when a body names a province without "tỉnh" ("Đảng bộ Cà Mau"), by the names of ``crawler.units``."""
    if not body:
        return False
    last = None
    for last in N.ORG_START.finditer(fold(body)):  # noqa: B007 - the last organisation word ends the name
        pass
    rest = body[last.end() :].strip() if last else ""
    return rest[:1].isupper() and _is_province(rest)


_AGENCY = re.compile(
    r"^(?:(?:công đoàn|chi bộ|đảng bộ|đảng ủy|chi đoàn)(?: cơ sở)?\s+)?(?:trường|bệnh viện|trung tâm|công ty"
    r"|tổng công ty|tập đoàn|viện|học viện|đại học|sở|phòng|khoa|cục|chi cục|ngân hàng|tòa án|vksnd|tand)(?!\w)"
)

# An institution anywhere in the body: "Đoàn TNCS Hồ Chí Minh ĐHQG Hà Nội", "Chi bộ Trường THCS X xã Y".
_INSTITUTION_IN = re.compile(
    r"(?<!\w)(?<!xã )(?<!phường )(?<!huyện )(?<!tỉnh )(?<!thị trấn )(?<!quận )(?<!thôn )(?<!ấp )(?<!bản )"
    r"(?:trường|bệnh viện|đại học|đhqg|học viện|công ty|tổng công ty|tập đoàn|ngân hàng|viện kiểm sát|vksnd"
    r"|tòa án|tand)(?!\w)"
)


def level_of(body: str | None, phrase_key: str) -> str | None:
    if body and (_AGENCY.match(key_of(body)) or _INSTITUTION_IN.search(key_of(body))):
        return None  # an agency's, school's or hospital's meeting has no local-government level
    for src in (key_of(body or ""), phrase_key):
        if not src:
            continue
        if re.search(
            r"trung ương|bộ chính trị|ban bí thư|quốc hội|chính phủ|việt nam|toàn quốc", src
        ) and not re.search(r"(?<!\w)(?:tỉnh|huyện|xã|phường|quận|thị xã|thị trấn|thành phố)(?!\w)", src):
            return None
        best: tuple[int, str] | None = None
        for m in _LEVEL_OF_RE.finditer(src):  # longest first: "thị xã" is not "xã"
            best = (m.start(), N.LEVEL_OF[m.group(0)])
        city = re.search(r"(?<!\w)(?:thành phố|thành ủy|tp\.?)(?!\w)\s*(.*)$", src)
        if city and (best is None or city.start() > best[0]):
            name = city.group(1).strip()
            return "province" if any(name.startswith(c) for c in N.CENTRAL_CITIES) else "district"
        short = N.LEVEL_ABBREVIATION.search(src)  # "Đại hội đại biểu P.Long An"
        if short and (best is None or short.start() > best[0]):
            return N.LEVEL_OF[N.LEVEL_ABBREVIATIONS[short.group(1)]]
        if best:
            return best[1]
        if N.CENTRAL_CITY.search(src):
            return "province"  # "Đảng bộ TPHCM": a centrally-run city named without 'thành phố'
    return "province" if _bare_province(body) else None


def _subject(m: Mention) -> tuple[str, int, str] | None:
    """The organisation that is the grammatical subject of the held verb."""
    line, key = m.line, m.line.key
    window = max(0, m.start - 120)  # the verbs just before the noun; a bounded search stays linear
    verb = N.VERB_BEFORE.search(key, window, m.start) if m.noun != "họp" else None
    if verb:
        end = verb.start()
    elif m.noun in N.VERB_NOUNS:
        end = m.start  # "UBND tỉnh họp ...", "Thường trực HĐND xã giao ban ...", "Huyện ủy sơ kết ..."
    else:
        return None
    clause = end
    while True:  # the clause's start; "HĐND tỉnh X khóa X, nhiệm kỳ 2021-2026 khai mạc": the term is the subject's
        clause = max(key.rfind(",", 0, clause), key.rfind(";", 0, clause))
        if clause < 0 or not N.APPOSITIVE.match(key, clause + 1):
            break
    clause += 1
    lead = N.LEAD_DATE.match(key)
    for start in dict.fromkeys((lead.end() if lead else 0, clause)):
        if start >= end:
            continue
        sm = N.ORG_START.search(key, start, end)
        prefix = key[start : sm.start()].strip(" ,") if sm else ""
        dated = bool(N.PREFIX_DATE.search(prefix)) and not R.MENTION.search(prefix)
        if (
            sm
            and (not prefix or dated or prefix.startswith("tại "))
            and not re.search(r"(?:hội trường|trụ sở|phòng họp|nhà văn hóa|trung tâm|sân|khu|văn phòng)\s*$", prefix)
        ):
            body = _org_at(line, sm.start(), end)
            if body and body[1] < end - 3:
                # The table stops at words it does not know: "Công đoàn Giao thông vận tải", "Ban chỉ đạo ...".
                free = _free_subject(line, sm.start(), end)
                if free and not N.NOT_A_NAME.search(fold(free)):
                    body = (free, end, body[2])
            if body:
                return body
        elif (not sm and start != clause) or start == 0:
            free = _free_subject(line, start, end)
            if free and (_LEVEL_RE.match(fold(free)) or N.INSTITUTION_HEAD.match(fold(free))):
                return free, end, ""  # "huyện Tân Hồng", "Viện kiểm sát nhân dân tỉnh Trà Vinh"
    return None


_CONTAINERS = frozenset({"Công đoàn", "Chi bộ", "Đảng bộ", "Đảng ủy", "Chi đoàn", "Chi hội", "Đoàn Thanh niên"})
_OPENING_DATE = re.compile(
    r"^\W*(?:(?:sáng|chiều|tối|trưa|ngày|hôm nay|vào)\s*)*(?:\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?)?[\s,]*"
)


def _institution_subject(m: Mention) -> str | None:
    """The institution that is the subject of the held verb before the meeting noun ("Sáng 10/3/2023 trường Tiểu
    học Lê Văn Tám tổ chức ..."), as written, if the subject opens on an institution's head noun."""
    key = m.line.key
    verb = N.VERB_BEFORE.search(key, max(0, m.start - 120), m.start)
    if not verb:
        return None
    start = max(key.rfind(",", 0, verb.start()), key.rfind(";", 0, verb.start())) + 1
    lead = N.LEAD_DATE.match(key)
    if lead and lead.end() > start:
        start = lead.end()
    opening = _OPENING_DATE.match(key, start)
    start = opening.end() if opening else start
    if not N.INSTITUTION_HEAD.match(key, start):
        return None
    free = m.line.raw[start : verb.start()].strip(" ,")
    return free if 4 <= len(free) <= 90 and not N.NOT_A_NAME.search(fold(free)) else None


_HOI = re.compile(r"Hội (?!Đồng |đồng )[A-ZĐÂĂÊÔƠƯ]")


def body_of(m: Mention, phrase_key: str, lead: list[Line]) -> str | None:
    line = m.line
    follows = line.key[m.end : m.end + 80]
    if m.noun == "đại hội" and N.NATIONAL_PARTY_CONGRESS.match(follows):
        return N.PARTY
    if m.noun == "hội nghị" and N.CENTRAL_PLENUM.match(follows):
        return N.CENTRAL_COMMITTEE
    body: tuple[str, int, str] | None = None
    # 1. the meeting phrase names the body: "Hội nghị BCH Đảng bộ huyện ...", "Kỳ họp thứ 6, HĐND tỉnh ...".
    limit = (
        m.start + len(phrase_key) if m.noun not in ("hội thảo", "tọa đàm") else m.end
    )  # a workshop's phrase is its topic
    for om in N.ORG_START.finditer(line.key, m.end, limit):
        if om.group(0) in ("khối", "văn phòng", "ban tổ chức", "tt") or (
            om.group(0) == "hội" and not _HOI.match(line.raw, om.start())
        ):
            continue  # "Đại hội thành lập Hội Cựu Công an nhân dân ...": a body; "hội viên", "hội trường": none
        body = _org_at(line, om.start(), limit + 40)
        if body:
            break
    # 2. the subject that held it: "Ngày 3/7, Ban chỉ đạo ... huyện Tuyên Hóa tổ chức Hội nghị ...".
    if body is None or (body[0] in _ORG_DISPLAY.values() and not body[2]) or fold(body[0]).endswith(" toàn quốc"):
        prior = body
        body = _subject(m) or body  # "Đại hội Công đoàn", "Đại hội Hội CCB toàn quốc": the subject names which
        if prior and body and body is not prior and prior[0] in _CONTAINERS and N.INSTITUTION_HEAD.match(fold(body[0])):
            body = (f"{prior[0]} {body[0]}", body[1], body[2])  # "Bệnh viện X tổ chức Đại hội ... Công đoàn"
    if body is not None and body[0] in _CONTAINERS and not body[2]:
        # "trường Tiểu học X tổ chức Đại hội Công đoàn", "Bệnh viện Y tổ chức Đại hội đại biểu Công đoàn lần thứ III":
        # the union is the institution's.
        unit = _institution_subject(m)
        if unit:
            body = (f"{body[0]} {unit}", body[1], "")
    if body is None:
        after = re.search(
            r",\s*(?:(?:sáng|chiều|tối) nay,\s*)?("
            + N.ORG_START.pattern
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
        # "Đảng ủy UBND tỉnh Phú Thọ tổ chức hội nghị Ban Chấp hành Đảng bộ": the Đảng bộ is the unit's.
        subj = _subject(m)
        where = _LEVEL_RE.search(fold(subj[0])) if subj else None
        same = N.ORG_START.match(fold(text))
        if subj and where and same and fold(subj[0]).startswith(same.group(0) + " "):
            text, level_word = subj[0], where.group(0)  # "Công đoàn cơ sở Bệnh viện X tổ chức ... Công đoàn Bệnh viện"
        elif subj and where:
            unit = N.PARTY_PREFIX.sub("", subj[0])
            unit = unit if unit != subj[0] and N.ORG_START.match(fold(unit)) else subj[0][where.start() :]
            if fold(unit) not in fold(text):
                text, level_word = f"{text} {unit}", where.group(0)
    text = N.BODY_DROP.sub("", text).strip(" ,")
    text = re.sub(r"^Ban Chấp hành (?=Ban Chấp hành)", "", text)
    key = fold(text)
    tail = key.rsplit(" ", 1)[-1]
    national = level_word in ("việt nam", "toàn quốc", "cơ sở")  # no place is named after these
    if level_word and not national and (key.endswith(level_word) or tail in ("tỉnh", "huyện", "xã", "phường", "quận")):
        place = _place_for(tail if tail in ("tỉnh", "huyện", "xã", "phường", "quận") else level_word, lead)
        if not place and tail == "tỉnh":  # "Cà Mau tổ chức Đại hội Đảng bộ tỉnh": a province as the subject
            dated = N.LEAD_DATE.match(line.key)
            named = N.PLACE_SUBJECT.match(line.raw, dated.end() if dated else 0)
            place = named.group(1) if named and _is_province(named.group(1)) else ""
        if place:
            text = f"{text} {place}"
    text = N.ABBREVIATION.sub(lambda a: N.ABBREVIATIONS[a.group(0).rstrip(".")] + " ", text)  # "TP.HCM"
    text = " ".join(text.split())
    if N.CENTRAL_COMMITTEE_BODY.match(fold(text)):
        return N.CENTRAL_COMMITTEE
    return text or None
