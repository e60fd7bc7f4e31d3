"""An article as a row of either store: column values from an item, stored times and dates, revision summaries.

Both stores write and read articles through these helpers, so a row means the same in SQLite and PostgreSQL:
datetimes as UTC ISO text (PostgreSQL keeps ``timestamptz`` and reads it back in this form), a publication
``YYYY-MM-DD`` when the page gives no time, JSON columns as JSON text.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime
from typing import Any

from crawler.dates import TZ
from crawler.items import ArticleItem

REVISIONS_SQL = "1 + (SELECT count(*) FROM revisions WHERE revisions.article_id = articles.id)"
JSON_COLUMNS = ("authors", "body", "images", "attachments", "meeting")
# What a revision keeps of the version it replaces.
VERSION_COLUMNS = (
    "url",
    "title",
    "published",
    "modified",
    "byline",
    "category",
    "lead",
    "body",
    "images",
    "attachments",
    "content_hash",
    "updated_at",
    "first_seen",
)


def to_db(value: date | datetime | None) -> str | None:
    """UTC ISO text for a datetime, ``YYYY-MM-DD`` for a date."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    return value.isoformat() if isinstance(value, date) else None


def from_db(text: str | None) -> str | None:
    """A stored value as it is displayed: local (+07:00) ISO datetime, or the date."""
    if not text or len(text) == 10:
        return text
    return datetime.fromisoformat(text).astimezone(TZ).isoformat()


def now_iso() -> str:
    """Now, as write times are stored (UTC ISO, seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _plain(value: object) -> object:
    """``json.dumps`` fallback: a nested dataclass as its fields, a date as ISO (what ``item_to_dict`` gives)."""
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_plain)  # json.dumps with options builds one per call


def json_column(value: object) -> str:
    """One JSON column, straight from the item's field: the writer's per-item cost, so no whole-item copy."""
    if value is None or value == []:  # most items have no authors, images, attachments or meeting
        return "null" if value is None else "[]"
    return _ENCODER.encode(value)


def article_row(item: ArticleItem, dedupe_key: str) -> dict[str, Any]:
    """The article's column values (a revision compares two of them)."""
    return {
        "dedupe_key": dedupe_key,
        "portal": item.portal,
        "cms": item.cms,
        "url": item.url,
        "canonical_url": item.canonical_url,
        "content_id": item.content_id,
        "title": item.title,
        "published": to_db(item.published),
        "published_raw": item.published_raw,
        "modified": to_db(item.modified),
        "modified_raw": item.modified_raw,
        "byline": item.byline,
        "category": item.category,
        "origin": item.origin,
        "lead": item.lead,
        "content_hash": item.content_hash,
        "is_meeting_report": bool(item.is_meeting_report),
        "quarantine": item.quarantine,
        **{c: json_column(getattr(item, c)) for c in JSON_COLUMNS},
    }


def _lines(row: Mapping[str, Any]) -> list[str]:
    return [row["title"] or "", row["lead"] or "", *json.loads(row["body"] or "[]"), row["byline"] or ""]


def diff_summary(old: Mapping[str, Any], new: Mapping[str, Any], width: int = 300) -> str:
    """A short reading of what changed (difflib over title, lead, paragraphs, byline): ``-old`` / ``+new`` lines."""
    parts = [f"title: {old['title']} → {new['title']}"] if old["title"] != new["title"] else []
    for line in difflib.unified_diff(_lines(old), _lines(new), n=0, lineterm=""):
        if line[:1] in "+-" and not line.startswith(("+++", "---")):
            parts.append(line[0] + " " + (line[1:81] + "…" if len(line) > 81 else line[1:]))
    text = "\n".join(parts) or "formatting only"
    return text if len(text) <= width else text[: width - 1] + "…"


def alert_detail(row: Any) -> dict[str, Any] | None:
    """What an alert about a portal says (``alerts.detail`` read as ``alert_detail``: status, reason, fields,
    successor, URLs), decoded."""
    return json.loads(row["alert_detail"]) if row["alert_detail"] else None
