"""Which meeting an article is about: the identity that joins every report and announcement of one meeting.

A meeting is one sitting of one body. Reports name it in many ways: "Kỳ họp thứ 9 HĐND tỉnh khóa X", "HĐND
tỉnh Đồng Tháp thông qua 25 nghị quyết" (whose lead names the session), "Hội nghị Huyện ủy lần thứ 21" for the
"Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 21"; a commune portal writes "HĐND tỉnh" for its own province. So the
identity is read from the detector's fields, not from the words of the headline:

- the **body** in a canonical form (``body_key``): folded, abbreviations spelt out, the party committee's names
  made one ("Huyện ủy X", "Đảng ủy huyện X", "BCH Đảng bộ huyện X" are the same body), the place a text leaves out
  ("HĐND tỉnh") taken from the portal that printed it, diacritics dropped so unaccented titles match;
- the **kind**;
- the meeting's **number** with its **term** ("kỳ họp thứ 9" of khóa X, not of khóa IX), else its **date**.

``same_meeting`` is the whole rule; the store looks candidates up by ``MeetingIdentity.lookup`` (the part every
identity of one meeting shares, so it can be indexed) and asks ``same_meeting`` of each. Nothing here reads a
store or a clock: every rule is a pure function of the fields, tested in tests/test_meeting_identity.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from crawler.meetings import names as N  # noqa: N812 - the name tables, read as N.NAME
from crawler.meetings.fields import number
from crawler.meetings.lines import bare, key_of
from crawler.text import fold

# A numbered meeting's announcement, reports and republished copies fall within this many days of one another;
# the same number comes back only with the next term, years later (a council's "kỳ họp thứ 9" of khóa IX and of
# khóa X are five years apart), so a report that names no term still joins the right session.
NUMBERED_DAYS = 60


@dataclass(frozen=True)
class Place:
    """Where a portal is: the names a text leaves out when it writes "HĐND tỉnh" or "Huyện ủy" for its own."""

    province: str | None = None
    district: str | None = None
    commune: str | None = None
    level: str | None = None  # the portal's own level (province, district, commune)


@dataclass(frozen=True)
class MeetingIdentity:
    """What tells one meeting from another, read from an article's meeting fields."""

    kind: str
    body: str  # ``body_key``
    ordinal: int | None = None
    term: str | None = None  # ``term_key``
    day: date | None = None  # the meeting's date, planned or held
    seen: date | None = None  # when it was first reported: stands in for a missing ``day`` in the numbered window
    period: str | None = None  # the period a review reviews ("6 tháng đầu năm 2025"), folded

    @property
    def lookup(self) -> str:
        """The part every identity of one meeting shares (body, kind, number): the store's index key."""
        return f"{self.kind}|{self.body}|{self.ordinal if self.ordinal is not None else '-'}"


def same_meeting(a: MeetingIdentity, b: MeetingIdentity) -> bool:
    """Whether two identities are one meeting.

    Numbered: same body, kind and number, terms that do not disagree, and dates (or first reports) within
    ``NUMBERED_DAYS``. Unnumbered: same body and kind on the same day, reviewing the same period when both say.
    An unnumbered meeting without a date has no identity of its own (only a copy of its story joins it)."""
    if a.lookup != b.lookup or not _terms_agree(a.term, b.term):
        return False
    if a.ordinal is not None:
        da, db = a.day or a.seen, b.day or b.seen
        return da is None or db is None or abs((da - db).days) <= NUMBERED_DAYS
    if a.period and b.period and a.period != b.period:
        return False
    return a.day is not None and a.day == b.day


def next_status(current: str, reported: str) -> str:
    """A record's status after one more article: a held meeting stays held (a late convocation, a stale
    postponement notice change nothing); before that, the latest word counts (announced, put off, called off,
    announced again, held)."""
    return current if current == "held" else reported


def identity(
    kind: str,
    body_key: str,
    *,
    ordinal: int | None = None,
    term: str | None = None,
    day: date | None = None,
    seen: date | None = None,
    period: str | None = None,
) -> MeetingIdentity:
    """The identity of a meeting from its fields (``body_key`` already canonical, ``term`` as the detector wrote it)."""
    return MeetingIdentity(
        kind=kind,
        body=body_key,
        ordinal=ordinal,
        term=term_key(term),
        day=day,
        seen=seen,
        period=" ".join(fold(period).split()) if period else None,
    )


def _terms_agree(a: str | None, b: str | None) -> bool:
    """Terms of one kind must be equal; "khóa X" and "nhiệm kỳ 2021-2026" cannot be compared, nor a missing one."""
    if a is None or b is None or a.split(":")[0] != b.split(":")[0]:
        return True
    return a == b


def term_key(term: str | None) -> str | None:
    """'khóa:10' for "khóa X" (or "khoá 10"), 'nk:2021-2026' for "nhiệm kỳ 2021 – 2026", else None."""
    if not term:
        return None
    key = fold(term)
    khoa = N.TERM_KHOA.search(key)
    if khoa:
        value = number(khoa.group(1))
        return f"khóa:{value}" if value is not None else None
    years = N.TERM_NHIEM_KY.search(key) or re.search(r"((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})", key)
    return f"nk:{years.group(1)}-{years.group(2)}" if years else None


# --- the body's canonical form ------------------------------------------------------------------------------


def _table(pairs: dict[str, str]) -> tuple[re.Pattern[str], dict[str, str]]:
    """A whole-word pattern over fold keys and the replacement of each, longest key first."""
    folded = {fold(k): fold(v) for k, v in pairs.items()}
    keys = sorted(folded, key=len, reverse=True)
    return re.compile("(?<!\\w)(?:" + "|".join(re.escape(k) for k in keys) + ")(?!\\w)"), folded


# Abbreviations and short forms spelt out (after ``fold``; "TP." and "T.Ư" keep their dots).
_SPELT, _SPELT_AS = _table(
    {
        "hđnd": "hội đồng nhân dân",
        "ubnd": "ủy ban nhân dân",
        "bch": "ban chấp hành",
        "btv": "ban thường vụ",
        "ubmttq": "mặt trận tổ quốc",
        "ủy ban mttq": "mặt trận tổ quốc",
        "ủy ban mặt trận tổ quốc": "mặt trận tổ quốc",
        "mttq": "mặt trận tổ quốc",
        "mặt trận tổ quốc việt nam": "mặt trận tổ quốc",
        "mặt trận tổ quốc vn": "mặt trận tổ quốc",
        "lhpn": "liên hiệp phụ nữ",
        "hội phụ nữ": "hội liên hiệp phụ nữ",
        "ccb": "cựu chiến binh",
        "tncs": "thanh niên cộng sản",
        "đoàn thanh niên cộng sản hồ chí minh": "đoàn thanh niên",
        "tphcm": "thành phố hồ chí minh",
        "tp.hcm": "thành phố hồ chí minh",
        "tp hcm": "thành phố hồ chí minh",
        "tp. hcm": "thành phố hồ chí minh",
        "tp. hồ chí minh": "thành phố hồ chí minh",
        "tp hồ chí minh": "thành phố hồ chí minh",
        "hcm": "hồ chí minh",
        "tp.": "thành phố",
        "tp": "thành phố",
        "tw": "trung ương",
        "t.ư": "trung ương",
        "vn": "việt nam",
        # The party committee of a place, however it is called, and a youth union by its place's short name.
        "tỉnh ủy": "đảng bộ tỉnh",
        "thành ủy": "đảng bộ thành phố",
        "huyện ủy": "đảng bộ huyện",
        "quận ủy": "đảng bộ quận",
        "thị ủy": "đảng bộ thị xã",
        "đảng ủy": "đảng bộ",
        "ban chấp hành đảng bộ": "đảng bộ",
        "tỉnh đoàn": "đoàn thanh niên tỉnh",
        "thành đoàn": "đoàn thanh niên thành phố",
        "huyện đoàn": "đoàn thanh niên huyện",
        "ban chấp hành trung ương đảng": "trung ương đảng",
        "ban chấp hành trung ương": "trung ương đảng",
    }
)
# The first administrative level named, and the token of each level word.
_LEVEL = re.compile(r"(?<!\w)(thành phố|thị xã|thị trấn|đặc khu|tỉnh|huyện|quận|xã|phường)(?!\w)")
_TOKEN = {
    "tỉnh": "p",
    "huyện": "d",
    "quận": "d",
    "thị xã": "d",
    "xã": "c",
    "phường": "c",
    "thị trấn": "c",
    "đặc khu": "c",
}
_LEVEL_TOKEN = {"province": "p", "district": "d", "commune": "c"}
# Bodies of the whole country: no place to qualify them with.
_NATIONAL = re.compile(r"(?<!\w)(?:trung ương|bộ chính trị|ban bí thư|quốc hội|chính phủ|việt nam|toàn quốc)(?!\w)")
_DECORATION = re.compile(r"[\s,.;:()\-–—]+$|^[\s,.;:()\-–—]+")


def _spell(text: str) -> str:
    """Fold key with every short form spelt out; again while that uncovers another ("BCH Đảng ủy" -> "đảng bộ")."""
    key = key_of(text.replace("Ð", "Đ").replace("ð", "đ"))  # unaccented titles get the words back; "HÐND" eth
    for _ in range(3):
        spelt = _SPELT.sub(lambda m: _SPELT_AS[m.group(0)], key)
        if spelt == key:
            break
        key = spelt
    return key


def _name(text: str | None) -> str:
    """A place name's key: spelt out, its own level word ("Thành phố Huế", "Xã Xuân Định") dropped."""
    if not text:
        return ""
    key = _DECORATION.sub("", _spell(text))
    head = _LEVEL.match(key)
    return key[head.end() :].strip() if head else key


def body_key(body: str | None, level: str | None = None, *, portal: str, place: Place | None = None) -> str:
    """The body's canonical key: what two articles about one body's meeting share, whatever words they use.

    ``level`` is the detector's level of the body (it decides whether an unnamed "thành phố" is a province or a
    district); ``place`` is the portal's, for a body named without its place ("HĐND tỉnh"); without one, or when
    the portal's place lacks that level, the body is kept to the ``portal`` that named it. A body with no level
    and no national word (a mass organisation's branch, "Đảng bộ Sở Nội vụ") is kept to the portal's province.
    No body at all: the portal's own meetings.
    """
    if not body or not body.strip():
        return f"@{portal}"
    key = N.BODY_DROP.sub(" ", _spell(body))
    key = " ".join(key.split())
    found = _LEVEL.search(key)
    if found is None:
        org = _DECORATION.sub("", key)
        org = "trung ương đảng" if org == "trung ương" else org  # "Hội nghị Trung ương 10"
        if _NATIONAL.search(org):
            return bare(org)
        province = _name(place.province) if place else ""
        return bare(f"{org}|in:{province}" if province else f"{org}|@{portal}")
    org = _DECORATION.sub("", key[: found.start()])
    word, name = found.group(1), _name(key[found.end() :])
    token = _TOKEN.get(word)
    if token is None:  # "thành phố": a city run by the centre is a province, another a district
        if name:
            token = "p" if name in N.CENTRAL_CITIES else "d"
        else:
            token = _LEVEL_TOKEN.get(level or "") or ("p" if place and place.level == "province" else "d")
    if not name and place is not None:
        name = _name({"p": place.province, "d": place.district, "c": place.commune}[token])
    return bare(f"{org}|{token}:{name}" if name else f"{org}|{token}:@{portal}")
