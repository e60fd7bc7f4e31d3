"""The default store: one SQLite file in WAL mode.

Every write is one short transaction, so a killed crawl leaves a consistent file and an article and
its alerts are stored together or not at all. Datetimes are stored as ISO strings in UTC; dates
without a time as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from crawler.dates import TZ
from crawler.enrich import item_to_dict
from crawler.items import ArticleItem
from crawler.store.base import ArticleQuery, RunRecord, SaveResult
from crawler.store.migrations import migrate

JSON_COLUMNS = ("authors", "body", "images", "attachments", "meeting")


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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteStore:
    """``Store`` on a SQLite file; safe to open from several processes at once."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE) so their extent is visible.
        self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        migrate(self.conn)

    # Writes ---------------------------------------------------------------------------------

    def save_article(self, item: ArticleItem, dedupe_key: str, alert_kinds: Sequence[str]) -> SaveResult:
        data = item_to_dict(item)
        row = {
            "dedupe_key": dedupe_key, "portal": item.portal, "cms": item.cms, "url": item.url,
            "canonical_url": item.canonical_url, "content_id": item.content_id, "title": item.title,
            "published": to_db(item.published), "published_raw": item.published_raw,
            "modified": to_db(item.modified), "modified_raw": item.modified_raw, "byline": item.byline,
            "category": item.category, "lead": item.lead, "content_hash": item.content_hash,
            "is_meeting_report": int(item.is_meeting_report),
            **{c: json.dumps(data[c], ensure_ascii=False) for c in JSON_COLUMNS},
        }
        now = _now()
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            old = conn.execute("SELECT id, content_hash FROM articles WHERE dedupe_key = ?", (dedupe_key,)).fetchone()
            if old is None:
                cols = ", ".join(row) + ", first_seen, last_seen"
                marks = ", ".join(f":{c}" for c in row) + ", :now, :now"
                cur = conn.execute(f"INSERT INTO articles ({cols}) VALUES ({marks})", {**row, "now": now})
                for kind in alert_kinds:
                    conn.execute(
                        "INSERT OR IGNORE INTO alerts (kind, article_id, portal, created_at) VALUES (?, ?, ?, ?)",
                        (kind, cur.lastrowid, item.portal, now),
                    )
                result = SaveResult.NEW
            elif old["content_hash"] == row["content_hash"]:
                conn.execute("UPDATE articles SET last_seen = ? WHERE id = ?", (now, old["id"]))
                result = SaveResult.UNCHANGED
            else:
                sets = ", ".join(f"{c} = :{c}" for c in row if c != "dedupe_key")
                conn.execute(f"UPDATE articles SET {sets}, last_seen = :now, updated_at = :now WHERE id = :id",
                             {**row, "now": now, "id": old["id"]})
                result = SaveResult.UPDATED
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return result

    def record_run(self, run: RunRecord) -> None:
        self.conn.execute(
            "INSERT INTO runs (portal, started, finished, status, pages, new, updated, unchanged, failed, errors,"
            " finish_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (run.portal, to_db(run.started), to_db(run.finished), run.status, run.pages, run.new, run.updated,
             run.unchanged, run.failed, run.errors, run.finish_reason),
        )

    # Reads ----------------------------------------------------------------------------------

    @staticmethod
    def _article(row: sqlite3.Row) -> dict[str, Any]:
        out = dict(row)
        for c in JSON_COLUMNS:
            out[c] = json.loads(out[c]) if out[c] else None
        out["published"], out["modified"] = from_db(out["published"]), from_db(out["modified"])
        out["is_meeting_report"] = bool(out["is_meeting_report"])
        return out

    def articles(self, query: ArticleQuery | None = None) -> Iterator[dict[str, Any]]:
        query = query or ArticleQuery()
        where, args = [], []
        if query.portal:
            where.append("portal = ?")
            args.append(query.portal)
        if query.meetings_only:
            where.append("is_meeting_report = 1")
        sql = "SELECT * FROM articles" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY published DESC, id DESC"
        if query.limit:
            sql += f" LIMIT {int(query.limit)}"
        for row in self.conn.execute(sql, args):
            yield self._article(row)

    def alerts(self, limit: int = 100, portal: str | None = None) -> list[dict[str, Any]]:
        sql = ("SELECT alerts.id AS alert_id, alerts.kind, alerts.created_at, articles.* FROM alerts"
               " JOIN articles ON articles.id = alerts.article_id")
        args: list[Any] = []
        if portal:
            sql += " WHERE alerts.portal = ?"
            args.append(portal)
        sql += " ORDER BY alerts.id DESC LIMIT ?"
        args.append(limit)
        return [self._article(row) for row in self.conn.execute(sql, args)]

    def runs(self, portal: str | None = None, limit: int = 50) -> list[RunRecord]:
        sql = "SELECT * FROM runs" + (" WHERE portal = ?" if portal else "") + " ORDER BY id DESC LIMIT ?"
        rows = self.conn.execute(sql, (portal, limit) if portal else (limit,))
        fields = RunRecord.__dataclass_fields__
        out = []
        for r in rows:
            values: dict[str, Any] = {k: r[k] for k in fields}
            values["started"], values["finished"] = (datetime.fromisoformat(r[k]) for k in ("started", "finished"))
            out.append(RunRecord(**values))
        return out

    def counts(self) -> dict[str, int]:
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "alerts", "runs")}

    def close(self) -> None:
        self.conn.close()
