"""When and who: meeting date, URL year, chair and reporting period for ``crawler.meetings``.

Dates go through ``crawler.dates.parse_date``; this module only finds the phrase that dates the
reported meeting ("Sáng ngày 11/7/2022", "Trong 2 ngày 7 và 8-5", "ngày 26 tháng 8 năm 2021") and
rewrites it as "d/m[/y]" so that year inference from the publication date or URL stays in one place.
"""

from __future__ import annotations

import re
from datetime import date

from crawler import meeting_rules as R  # noqa: N812 - the rule tables, read as R.NAME
from crawler.dates import parse_date
from crawler.meeting_fields import _number, _Text

# --- dates --------------------------------------------------------------------------------------
_D_RANGE = re.compile(
    r"(?<![\d/.])(\d{1,2})\s*(?:-|–|đến|và|,)\s*(?:ngày\s*)?(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)(?:\s*[/.-]\s*((?:19"
    r"|20)\d{2}))?"
)
_D_DMY = re.compile(r"(?<![\d/.])(\d{1,2})\s*[/.-]\s*(\d{1,2})(?!\d)(?:\s*[/.-]\s*((?:19|20)\d{2}|\d{2})(?!\d))?")
_D_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+((?:19|20)\d{2}))?")
_D_CUE = re.compile(
    r"(?:^|sáng|chiều|tối|trưa|đêm|ngày|nay|hôm qua|vào|từ|trong|,)\s*(?:\(?(?:thứ \w+|chủ nhật)\)?,?\s*)?(?:ngày\s*)?$"
)
_D_DOC = re.compile(
    r"(?:số|ký|nghị quyết|chỉ thị|kế hoạch|quyết định|hướng dẫn|thông báo|công văn|kết luận|[A-Z]/)\S*\s*[^,]{0,12}$"
)
_SESSION = re.compile(r"bế mạc|trù bị|chất vấn|ngày làm việc thứ \w+|phiên thảo luận")


def _dates_in(line: _Text) -> list[tuple[int, int, int | None, int]]:
    """(day, month, year or None, position) of dates that read as when something happened."""
    out: list[tuple[int, int, int | None, int]] = []
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
_TITLE_WORDS = {
    "bí",
    "phó",
    "chủ",
    "trưởng",
    "ủy",
    "giám",
    "tỉnh",
    "huyện",
    "thường",
    "đại",
    "tổng",
    "thứ",
    "ban",
    "các",
}


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
                name = _name_at(line.raw, after.end()) or _surname_run(line.raw, after.end(), after.end() + 90)
                if name:
                    return name
            seg_start = line.key.rfind(". ", 0, cue.start()) + 1
            people = list(_PERSON.finditer(line.key, seg_start, cue.start()))
            if people:
                co = line.key[max(0, cue.start() - 5) : cue.start()].endswith("đồng ")
                who = people[0 if co else -1]
                name = _name_at(line.raw, who.end()) or _surname_run(line.raw, who.end(), cue.start())
                if (
                    name
                    and re.search(
                        r"(?:dự|chúc mừng)\s*(?:hội nghị|kỳ họp|đại hội)?\s*(?:có)?\s*$",
                        line.key[seg_start : people[-1].start()],
                    )
                    is None
                ):
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
    stop = key.find(";", cue.start())
    m = R.PERIOD.search(key, cue.start(), min(cue.end() + 160, stop if stop > 0 else len(key)))
    if not m:
        return None
    g = m.groupdict()
    later = re.match(r"[^.;]{0,40}?(?:năm |/)((?:19|20)\d{2})(?!\d)", key[m.end() :])
    if later and not (g["y1"] or g["y2"] or g["y3"] or g["y4"]):
        meeting_year = int(later.group(1))  # "quý I, triển khai ... quý II/2024": the year written next
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
        year = g["y3"] or (str(meeting_year) if meeting_year else None)
        return f"tháng {int(g['m'])} năm {year}" if year else f"tháng {int(g['m'])}"
    if g["y4"]:
        return "năm " + re.sub(r"\s*[-–]\s*", "-", g["y4"])
    return None
