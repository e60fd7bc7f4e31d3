"""The words of the workbench's pages that no other output shows: run statuses and modes, finish reasons, weekdays,
file types, months; everything else a page shares with the feed, the messages and the CLI (kinds, levels, meeting
fields and statuses, the detector's evidence, day-first dates) is ``crawler.labels``, re-exported here so templates
read one module and a reader sees one vocabulary.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from crawler.dates import TZ
from crawler.labels import (
    EVIDENCE_STATUS,
    LEVELS,
    MEETING_FIELDS,
    MEETING_STATUS,
    evidence,
    kind,
    level,
    meeting_facts,
    moment,
    vn_date,
    vn_datetime,
)
from crawler.monitors.status import LABELS as HEALTH

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
    "EVIDENCE_STATUS",
    "FILE_TYPES",
    "FINISH_REASON",
    "LEVELS",
    "MEETING_FIELDS",
    "MEETING_STATUS",
    "RUN_MODE",
    "RUN_STATUS",
    "WEEKDAYS",
    "WEEKDAYS_SHORT",
    "evidence",
    "file_type",
    "health",
    "iso",
    "kind",
    "level",
    "meeting_facts",
    "moment",
    "month_name",
    "vn_date",
    "vn_datetime",
]


def health(code: str) -> str:
    return HEALTH.get(code, code)


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
