"""The alert feed as Atom, built with feedgen from the store's alerts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from feedgen.feed import FeedGenerator

from crawler.store import Store

MEETING_KIND_LABELS = {
    "party_committee_conference": "Hội nghị Ban Chấp hành / Ban Thường vụ",
    "council_session": "Kỳ họp HĐND",
    "congress": "Đại hội",
    "review_conference": "Hội nghị sơ kết / tổng kết",
    "briefing": "Giao ban",
    "other_meeting": "Cuộc họp khác",
}


def _summary(alert: dict[str, Any]) -> str:
    meeting = alert.get("meeting") or {}
    parts = [MEETING_KIND_LABELS.get(meeting.get("kind", ""), meeting.get("kind", ""))]
    if meeting.get("ordinal"):
        parts.append(f"lần thứ {meeting['ordinal']}")
    if meeting.get("body"):
        parts.append(str(meeting["body"]))
    if meeting.get("date"):
        parts.append(f"ngày họp {meeting['date']}")
    head = " · ".join(p for p in parts if p)
    return f"{head}\n\n{alert.get('lead') or ''}".strip()


def atom_feed(store: Store, limit: int = 200, base_url: str = "urn:portalwatch") -> bytes:
    """Atom XML of the newest alerts (meeting reports first among equals by alert order)."""
    fg = FeedGenerator()
    fg.id(f"{base_url}:alerts")
    fg.title("portalwatch: cuộc họp mới trên cổng thông tin")
    fg.subtitle("Meeting reports found on monitored Vietnamese portals")
    fg.link(href=f"{base_url}/feed.atom" if base_url.startswith("http") else "https://example.invalid/", rel="self")
    fg.language("vi")
    alerts = store.alerts(limit=limit)
    fg.updated(max((datetime.fromisoformat(a["created_at"]) for a in alerts), default=datetime.now(UTC)))
    for alert in reversed(alerts):  # feedgen prepends: add oldest first so the newest leads
        entry = fg.add_entry()
        entry.id(f"{base_url}:alert:{alert['alert_id']}")
        entry.title(alert["title"])
        entry.link(href=alert["url"])
        entry.author(name=alert["portal"])
        entry.updated(datetime.fromisoformat(alert["created_at"]))
        if alert.get("published") and len(alert["published"]) > 10:
            entry.published(datetime.fromisoformat(alert["published"]))
        entry.category(term=alert["kind"])
        entry.summary(_summary(alert))
    return fg.atom_str(pretty=True)
