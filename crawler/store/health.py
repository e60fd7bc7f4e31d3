"""Portal health in SQLite: each portal's state, the alerts its changes raise, posting rhythm, quarantined pages.

The state and its alert are written in one ``BEGIN IMMEDIATE`` transaction that first reads the stored state, so
two processes judging the same run cannot both alert, and a crash leaves either both or neither. The alert's
``dedupe`` key names the portal, the run and the new status, so a replay of the same judgement adds nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from crawler.store.base import HealthState
from crawler.store.tx import immediate
from crawler.vocab import AlertKind

INJECTED = "injected"  # the ``status`` word of a "possible injected content" alert's detail


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def _state(row: sqlite3.Row) -> HealthState:
    return HealthState(
        portal=row["portal"],
        status=row["status"],
        reason=row["reason"],
        since=datetime.fromisoformat(row["since"]),
        checked_at=datetime.fromisoformat(row["checked_at"]),
        fields=tuple(json.loads(row["fields"] or "[]")),
        successor=row["successor"],
        run_id=row["run_id"],
    )


def insert_health_alert(conn: sqlite3.Connection, portal: str, key: str, now: str, detail: Mapping[str, Any]) -> int:
    """A ``portal_health`` alert (no article) unique on ``key``; its id, or 0 when the key exists already."""
    cur = conn.execute(
        "INSERT OR IGNORE INTO alerts (kind, article_id, portal, created_at, dedupe, detail)"
        " VALUES (?, NULL, ?, ?, ?, ?)",
        (AlertKind.PORTAL_HEALTH.value, portal, now, key, json.dumps(detail, ensure_ascii=False)),
    )
    return int(cur.lastrowid or 0) if cur.rowcount else 0


class HealthMixin:
    """The portal-health half of ``SQLiteStore`` (it provides ``conn``)."""

    conn: sqlite3.Connection

    def health_states(self) -> dict[str, HealthState]:
        return {r["portal"]: _state(r) for r in self.conn.execute("SELECT * FROM portal_health ORDER BY portal")}

    def set_health(self, state: HealthState, detail: Mapping[str, Any] | None) -> int | None:
        with immediate(self.conn) as conn:
            row = conn.execute("SELECT * FROM portal_health WHERE portal = ?", (state.portal,)).fetchone()
            old = _state(row) if row is not None else None
            changed = old is not None and old.status != state.status
            since = state.since if old is None or changed else old.since
            conn.execute(
                "INSERT INTO portal_health (portal, status, reason, fields, successor, since, checked_at, run_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (portal) DO UPDATE SET status = excluded.status,"
                " reason = excluded.reason, fields = excluded.fields, successor = excluded.successor,"
                " since = excluded.since, checked_at = excluded.checked_at, run_id = excluded.run_id",
                (
                    state.portal,
                    state.status,
                    state.reason,
                    json.dumps(list(state.fields), ensure_ascii=False),
                    state.successor,
                    _iso(since),
                    _iso(state.checked_at),
                    state.run_id,
                ),
            )
            if not changed or detail is None:
                return None
            assert old is not None
            key = f"health:{state.portal}:{state.run_id or _iso(state.checked_at)}:{state.status}"
            return insert_health_alert(conn, state.portal, key, _iso(state.checked_at), detail) or None

    def posting_times(self, portal: str, limit: int) -> list[datetime]:
        rows = self.conn.execute(
            "SELECT coalesce(published, first_seen) FROM articles WHERE portal = ? AND removed_at IS NULL"
            " AND quarantine IS NULL ORDER BY coalesce(published, first_seen) DESC LIMIT ?",
            (portal, limit),
        )
        out = []
        for (text,) in rows:
            when = datetime.fromisoformat(text)
            out.append(when if when.tzinfo else when.replace(tzinfo=UTC))  # a date: midnight UTC, close enough
        return out

    def alert_quarantined(self, portal: str, now: datetime) -> tuple[int, list[str]] | None:
        with immediate(self.conn) as conn:
            rows = conn.execute(
                "SELECT id, url, quarantine FROM articles WHERE portal = ? AND quarantine IS NOT NULL"
                " AND quarantine_alert IS NULL ORDER BY id",
                (portal,),
            ).fetchall()
            if not rows:
                return None
            urls = [r["url"] for r in rows]
            detail = {
                "status": INJECTED,
                "reason": f"có thể bị chèn nội dung lạ (possible injected content): {len(urls)} trang bị cách ly",
                "fields": [],
                "urls": urls,
                "why": {r["url"]: r["quarantine"] for r in rows},
            }
            alert = insert_health_alert(conn, portal, f"health:{portal}:injected:{rows[-1]['id']}", _iso(now), detail)
            conn.executemany(
                "UPDATE articles SET quarantine_alert = ? WHERE id = ?", [(alert or None, r["id"]) for r in rows]
            )
        return alert, urls
