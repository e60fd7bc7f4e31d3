"""Every word the workbench's pages show that is not scraped text: kinds, statuses, meeting fields and dates.

One place, so a reader sees one vocabulary and a change of wording is one edit. Kind names come from
``crawler.feed`` (the feed and the pages call a kind the same), short ones and day-first dates from the messages
(``crawler.channels.render``: a message and a page say the same); the function names follow the project's shared
vocabulary module (``kind``, ``level``, ``evidence``, ``meeting_facts``, ``vn_date``, ``vn_datetime``), so this
module can hand those over to it and keep only the page words.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from crawler.channels.render import MEETING_WORDS
from crawler.channels.render import _moment as moment
from crawler.channels.render import vn_date as vn_date
from crawler.channels.render import vn_datetime as vn_datetime
from crawler.dates import TZ
from crawler.feed import KIND_LABELS, MEETING_KIND_LABELS
from crawler.monitors.status import LABELS as HEALTH

LEVELS = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã"}
MEETING_FIELDS = {
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
# How the meeting detector read a phrase ("held: tổ chức"), in words.
EVIDENCE_STATUS = {
    "held": "đã diễn ra",
    "future": "sắp diễn ra",
    "cited": "được nhắc đến",
    "neutral": "không rõ",
    "excluded": "loại trừ",
}
MEETING_STATUS = {
    "held": "đã họp",
    "announced": "dự kiến",
    "postponed": "hoãn",
    "cancelled": "hủy",
}
RUN_STATUS = {
    "ok": "tốt",
    "partial": "một phần",
    "failed": "thất bại",
    "interrupted": "bị ngắt",
    "skipped": "bỏ qua",
    "queued": "đang chờ",
    "running": "đang chạy",
}
RUN_MODE = {"full": "toàn bộ", "incremental": "phần mới", "walk": "duyệt danh mục"}
FINISH_REASON = {
    "finished": "xong",
    "shutdown": "bị dừng",
    "closespider_timeout": "hết giờ",
    "closespider_errorcount": "quá nhiều lỗi",
    "closespider_itemcount": "đủ số bài",
    "closespider_pagecount": "đủ số trang",
    "cancelled": "bị hủy",
}
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
WEEKDAYS_SHORT = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
# File types by extension or by the adapter's ``kind``, as a reader names them.
FILE_TYPES = {
    "pdf": "PDF",
    "doc": "Word",
    "docx": "Word",
    "xls": "Excel",
    "xlsx": "Excel",
    "ppt": "PowerPoint",
    "pptx": "PowerPoint",
    "zip": "ZIP",
    "rar": "RAR",
    "odt": "ODT",
    "txt": "Văn bản",
}


__all__ = [
    "evidence",
    "file_type",
    "health",
    "iso",
    "kind",
    "level",
    "meeting_facts",
    "moment",
    "vn_date",
    "vn_datetime",
]


def kind(code: str, *, short: bool = False) -> str:
    """An alert kind or a meeting kind in words; an unknown code as it is rather than hidden."""
    return (short and MEETING_WORDS.get(code)) or KIND_LABELS.get(code) or MEETING_KIND_LABELS.get(code) or code


def level(code: str | None) -> str:
    return LEVELS.get(code or "", code or "")


def health(code: str) -> str:
    return HEALTH.get(code, code)


def evidence(line: str) -> str:
    """One line of the detector's evidence for readers: 'held: tổ chức' becomes 'đã diễn ra: tổ chức'."""
    status, sep, cue = line.partition(": ")
    if sep and status in EVIDENCE_STATUS:
        return f"{EVIDENCE_STATUS[status]}: {'theo tiêu đề' if cue == 'headline' else cue}"
    return line


def meeting_facts(meeting: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """A meeting record as (label, value) rows: kinds and levels in words, the date day-first, empty fields left out."""
    rows = []
    for key, label in MEETING_FIELDS.items():
        value = (meeting or {}).get(key)
        if value is None or value == "":
            continue
        if key == "kind":
            text = kind(str(value))
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


def file_type(attachment: Mapping[str, Any]) -> str:
    """'PDF', 'Word'...: what a download is, from the adapter's kind or the URL's extension."""
    for key in (str(attachment.get("kind") or ""), str(attachment.get("url") or "").rsplit("?", 1)[0]):
        ext = key.rsplit(".", 1)[-1].lower()
        if ext in FILE_TYPES:
            return FILE_TYPES[ext]
    return "Tệp"


def iso(value: date | datetime | str | None) -> str:
    """The machine-readable form for ``<time datetime>``: local ISO, seconds at most."""
    when = moment(value)
    if isinstance(when, datetime):
        return when.astimezone(TZ).isoformat(timespec="seconds")
    return when.isoformat() if when else ""


def month_name(year: int, month: int) -> str:
    return f"Tháng {month}/{year}"
