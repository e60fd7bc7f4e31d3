"""The words readers see: one Vietnamese vocabulary for the feed, the web pages, messages, exports and CLI tables.

Machine keys stay English everywhere a program reads them (JSON, query parameters, the store, CSV headers); what a
person reads is Vietnamese and comes from here, so a kind is called the same on every screen. Each meeting kind has
a long form (a page, an export) and a short one (a chat line, a table cell). ``kind_codes`` reads the names people
type ("kỳ họp", "hội nghị", "Ky hop HDND") back into codes, for the feed's filters and the CLI.

Light on purpose: no import beyond the vocabularies and the time zone, so the CLI's start-up and any renderer
may use it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from crawler.dates import TZ
from crawler.vocab import AlertKind, Level, MeetingKind


@dataclass(frozen=True)
class Words:
    """A kind in words: ``long`` for pages and exports, ``short`` for chat lines and tables, and the other names a
    reader may type for it (matched without case, diacritics or punctuation)."""

    long: str
    short: str
    names: tuple[str, ...] = ()


# In the order a digest groups them: what readers act on first.
MEETING_KINDS: Mapping[str, Words] = MappingProxyType(
    {
        MeetingKind.COUNCIL_SESSION: Words(
            "Kỳ họp HĐND", "Kỳ họp HĐND", ("Kỳ họp", "Kì họp", "Kỳ họp Hội đồng nhân dân", "Họp HĐND")
        ),
        MeetingKind.PARTY_COMMITTEE_CONFERENCE: Words(
            "Hội nghị Ban Chấp hành / Ban Thường vụ",
            "Hội nghị BCH",
            (
                "Hội nghị Ban Chấp hành",
                "Hội nghị Ban Thường vụ",
                "Hội nghị BTV",
                "Hội nghị Tỉnh ủy",
                "Hội nghị Huyện ủy",
            ),
        ),
        MeetingKind.CONGRESS: Words("Đại hội", "Đại hội", ("Đại hội Đảng bộ", "Đại hội đại biểu")),
        MeetingKind.REVIEW_CONFERENCE: Words(
            "Hội nghị sơ kết / tổng kết", "Hội nghị sơ kết/tổng kết", ("Sơ kết", "Tổng kết", "Sơ kết / tổng kết")
        ),
        MeetingKind.BRIEFING: Words("Giao ban", "Giao ban", ("Họp giao ban", "Hội nghị giao ban")),
        MeetingKind.OTHER_MEETING: Words("Cuộc họp khác", "Cuộc họp khác", ("Họp khác",)),
    }
)
ALERT_KINDS: Mapping[str, Words] = MappingProxyType(
    {
        AlertKind.NEW_ARTICLE: Words("Bài mới", "Bài mới", ("Tin mới", "Bài viết mới")),
        AlertKind.MEETING: Words("Cuộc họp", "Cuộc họp", ("Họp", "Các cuộc họp", "Báo cáo cuộc họp")),
        AlertKind.UPCOMING_MEETING: Words("Cuộc họp sắp diễn ra", "Sắp họp", ("Sắp họp", "Họp sắp tới", "Dự kiến họp")),
        AlertKind.ARTICLE_EDITED: Words("Bài đã sửa", "Bài đã sửa", ("Bài bị sửa", "Sửa")),
        AlertKind.ARTICLE_REMOVED: Words("Bài đã gỡ", "Bài đã gỡ", ("Bài bị gỡ", "Gỡ")),
        AlertKind.PORTAL_HEALTH: Words("Sự cố cổng", "Sự cố cổng", ("Tình trạng cổng",)),
        AlertKind.DOCUMENT: Words("Văn bản mới", "Văn bản", ("Văn bản", "Văn bản mới ban hành")),
    }
)
# A word that names a family of meeting kinds: what a reader means by "hội nghị" is every kind of conference.
FAMILIES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "Hội nghị": (MeetingKind.PARTY_COMMITTEE_CONFERENCE, MeetingKind.REVIEW_CONFERENCE, MeetingKind.BRIEFING),
    }
)
LEVELS: Mapping[str, str] = MappingProxyType(
    {Level.PROVINCE: "Cấp tỉnh", Level.DISTRICT: "Cấp huyện", Level.COMMUNE: "Cấp xã"}
)
# The meeting detector's evidence says how a mention was read ("held: tổ chức"): its status words, for readers.
EVIDENCE_STATUS: Mapping[str, str] = MappingProxyType(
    {
        "held": "đã diễn ra",
        "future": "sắp diễn ra",
        "cited": "được nhắc đến",
        "neutral": "không rõ",
        "excluded": "loại trừ",
    }
)
EVIDENCE_CUES: Mapping[str, str] = MappingProxyType({"headline": "theo tiêu đề"})
# The fields of a meeting record, in the order a reader scans them.
MEETING_FIELDS: Mapping[str, str] = MappingProxyType(
    {
        "kind": "Loại",
        "ordinal": "Lần thứ",
        "term": "Khóa",
        "body": "Cơ quan",
        "level": "Cấp",
        "date": "Ngày họp",
        "chair": "Chủ trì",
        "period": "Kỳ",
        "confidence": "Độ tin cậy",
    }
)


def meeting_kind(code: str | None, *, short: bool = False) -> str:
    """'Kỳ họp HĐND' for ``council_session``; an unknown code is shown as it is rather than hidden."""
    words = MEETING_KINDS.get(code or "")
    if words is None:
        return code or ""
    return words.short if short else words.long


def alert_kind(code: str) -> str:
    """'Bài mới', 'Bài đã sửa'...: an alert kind in words."""
    words = ALERT_KINDS.get(code)
    return words.long if words else code


def kind(code: str, *, short: bool = False) -> str:
    """A code of either vocabulary (alert kind or meeting kind) in words."""
    if code in MEETING_KINDS:
        return meeting_kind(code, short=short)
    return alert_kind(code)


def level(code: str | None) -> str:
    """'Cấp huyện' for ``district``; empty for none."""
    return LEVELS.get(code or "", code or "")


def evidence(item: str) -> str:
    """One evidence line for readers: 'held: tổ chức' becomes 'đã diễn ra: tổ chức'; quoted phrases stay."""
    status, sep, cue = item.partition(": ")
    if sep and status in EVIDENCE_STATUS:
        return f"{EVIDENCE_STATUS[status]}: {EVIDENCE_CUES.get(cue, cue)}"
    return item


def meeting_facts(meeting: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """A meeting record as (Vietnamese label, value) rows for a page: kinds and levels in words, the date day-first,
    empty fields left out."""
    if not meeting:
        return []
    rows = []
    for key, label in MEETING_FIELDS.items():
        value = meeting.get(key)
        if value is None or value == "":
            continue
        if key == "kind":
            text = meeting_kind(str(value))
        elif key == "level":
            text = level(str(value))
        elif key == "date":
            text = vn_date(str(value))
        elif key == "confidence":
            text = f"{float(value):.0%}"
        else:
            text = str(value)
        rows.append((label, text))
    return rows


def vn_date(value: date | datetime | str | None) -> str:
    """'14/5/2022': day first, no leading zeros, as Vietnamese write it; a datetime in local time. Text that is not
    ISO is shown as stored."""
    when = moment(value)
    if when is None:
        return str(value or "")
    day = when.astimezone(TZ) if isinstance(when, datetime) else when
    return f"{day.day}/{day.month}/{day.year}"


def vn_datetime(value: datetime | str | None) -> str:
    """'14/5/2022 10:03' in Asia/Ho_Chi_Minh; a bare date stays a date."""
    when = moment(value)
    if not isinstance(when, datetime):
        return vn_date(when) if when else str(value or "")
    local = when.astimezone(TZ)
    return f"{vn_date(local)} {local:%H:%M}"


def moment(value: date | datetime | str | None) -> date | datetime | None:
    """A stored ISO value as a date or an aware datetime (local when it has no offset); None if it is not ISO."""
    if value is None or isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=TZ)


def _key(text: str) -> str:
    """Case, tone placement, diacritics, 'đ' and punctuation ignored: 'Kỳ họp' and 'ky-hop' meet."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


def _names() -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for table in (MEETING_KINDS, ALERT_KINDS):
        for code, words in table.items():
            for name in (code, words.long, words.short, *words.names):
                out.setdefault(_key(name), (str(code),))
    for name, codes in FAMILIES.items():
        out[_key(name)] = tuple(str(c) for c in codes)
    return out


_NAMES = _names()


def kind_codes(name: str) -> tuple[str, ...] | None:
    """The kind codes a name stands for: a code itself, a Vietnamese name with or without diacritics ('kỳ họp',
    'ky hop'), or a family ('hội nghị': every kind of conference); None when it names no kind."""
    return _NAMES.get(_key(name))


def kind_names() -> Sequence[str]:
    """The Vietnamese names ``kind_codes`` reads, for help texts and error messages."""
    seen = [w.short for w in MEETING_KINDS.values()] + [w.long for w in ALERT_KINDS.values()] + list(FAMILIES)
    return list(dict.fromkeys(seen))


def expand_kinds(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """Kind names as codes, in order without repeats, and the names that are no kind."""
    codes: list[str] = []
    unknown: list[str] = []
    for name in names:
        found = kind_codes(name)
        if found is None:
            unknown.append(name)
        else:
            codes.extend(c for c in found if c not in codes)
    return codes, unknown
