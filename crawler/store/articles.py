"""Articles, revisions and alerts as both stores keep them: the reads, and the writes each store's save path shares.

How an article is inserted and clustered is each store's own (SQLite takes the file's write lock; PostgreSQL writes
rows first and decides stories under one lock at the end, ``crawler.store.postgres.store``); what an edit, a
removal and an alert write is the same SQL in both, here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any

from crawler.dates import TZ
from crawler.store.base import ArticleQuery, alert_key
from crawler.store.dialect import Connection, Dialect
from crawler.store.meetingrecords import Joined
from crawler.store.rows import (
    JSON_COLUMNS,
    REVISIONS_SQL,
    VERSION_COLUMNS,
    alert_detail,
    diff_summary,
    from_db,
    now_iso,
)
from crawler.store.search import search_sql
from crawler.vocab import AlertKind


class ArticleTablesMixin:
    """Reads and shared writes of ``articles``, ``revisions`` and ``alerts``; the store provides ``conn``, its
    ``dialect``, ``_write`` (one write transaction) and ``_lock_stories`` (taken before a write that alerts locks its
    rows)."""

    conn: Connection
    dialect: Dialect

    def _write(self) -> AbstractContextManager[Connection]:
        raise NotImplementedError

    def _lock_stories(self) -> None:
        """Serialise story decisions and alert ids with other writers until the transaction ends (PostgreSQL)."""

    # Writes ----------------------------------------------------------------------------------

    def _revise(self, old: Any, row: Mapping[str, Any], now: str) -> int:
        """Keep the stored version as a revision and write the new one over it; returns the revision's id."""
        revision = self.conn.execute(
            "INSERT INTO revisions (article_id, created_at, old_hash, new_hash, summary, old)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (
                old["id"],
                now,
                old["content_hash"],
                row["content_hash"],
                diff_summary(old, row),
                json.dumps({c: old[c] for c in VERSION_COLUMNS}, ensure_ascii=False),
            ),
        ).fetchone()[0]
        columns = [c for c in row if c != "dedupe_key"]
        self.conn.execute(
            f"UPDATE articles SET {', '.join(f'{c} = ?' for c in columns)}, last_seen = ?, updated_at = ?,"
            " removed_at = NULL WHERE id = ?",
            (*(row[c] for c in columns), now, now, old["id"]),
        )
        return int(revision)

    def _alert(
        self,
        kinds: Sequence[str],
        article_id: int,
        cluster: int,
        portal: str,
        now: str,
        joined: Joined | None = None,
        *,
        new: bool = False,
    ) -> None:
        """One alert per kind on the story's key (a meeting's, for the meeting kinds of an article that ``joined``
        a meeting record); ``new``: the article was inserted now (a new story has no alert to move to it yet)."""
        for kind in kinds:
            key = alert_key(kind, article_id, cluster, joined.meeting_id if joined else None)
            self._insert_alert(kind, article_id, portal, now, key)
            if new and cluster == article_id and joined is None:
                continue
            # A story's (a meeting's) one alert names its earliest-published copy (report), whichever was crawled first:
            # the first
            # of ``cluster`` (undated last, ties by id), so that on PostgreSQL, where a copy with a lower id may be
            # decided later, the alert still names the story's ``source``.
            self.conn.execute(
                "UPDATE alerts SET article_id = ?, portal = ? WHERE dedupe = ? AND article_id != ? AND EXISTS ("
                "SELECT 1 FROM articles old, articles new WHERE old.id = alerts.article_id AND new.id = ?"
                " AND (old.published IS NULL, coalesce(old.published, ''), old.id)"
                " > (new.published IS NULL, coalesce(new.published, ''), new.id))",
                (article_id, portal, key, article_id, article_id),
            )

    def _insert_alert(
        self, kind: str, article_id: int, portal: str, now: str, key: str, revision: int | None = None
    ) -> None:
        self.conn.execute(
            "INSERT INTO alerts (kind, article_id, portal, created_at, dedupe, revision_id)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe) DO NOTHING",
            (str(kind), article_id, portal, now, key, revision),
        )

    def mark_removed(self, url: str, portal: str) -> bool:
        """Record that a stored article now answers 404/410: once, with one ``article_removed`` alert."""
        now = now_iso()
        with self._write() as conn:
            self._lock_stories()  # before the row: writers take the story lock first, then rows
            row = conn.execute(
                f"SELECT id FROM articles WHERE portal = ? AND url = ? AND removed_at IS NULL{self.dialect.lock_rows}",
                (portal, url),
            ).fetchone()
            if row is not None:
                conn.execute("UPDATE articles SET removed_at = ? WHERE id = ?", (now, row["id"]))
                self._insert_alert(AlertKind.ARTICLE_REMOVED, row["id"], portal, now, f"removed:{row['id']}")
        return row is not None

    # Reads ----------------------------------------------------------------------------------

    @staticmethod
    def _article(row: Any) -> dict[str, Any]:
        out = dict(row)
        out.pop("search", None)  # the folded copy of title and lead, for matching only
        for c in JSON_COLUMNS:
            out[c] = json.loads(out[c]) if out[c] else None
        out["published"], out["modified"] = from_db(out["published"]), from_db(out["modified"])
        out["is_meeting_report"] = bool(out["is_meeting_report"])
        return out

    def articles(self, query: ArticleQuery | None = None) -> Iterator[dict[str, Any]]:
        query = query or ArticleQuery()
        where: list[str] = []
        args: list[Any] = []
        if query.portal:
            where.append("portal = ?")
            args.append(query.portal)
        if query.portals is not None:
            where.append(f"portal IN ({', '.join('?' * len(query.portals))})" if query.portals else "FALSE")
            args += query.portals
        if query.meetings_only or query.meeting_kinds is not None:
            where.append(self.dialect.is_meeting)
        if query.meeting_kinds:
            kinds = sorted(query.meeting_kinds)
            where.append(f"{self.dialect.meeting_kind()} IN ({', '.join('?' * len(kinds))})")
            args += kinds
        if query.published_since:
            # A date-only publication is its local day: it counts when that day is the bound's local day or later.
            where.append("(CASE WHEN length(published) = 10 THEN published >= ? ELSE published >= ? END)")
            args += [datetime.fromisoformat(query.published_since).astimezone(TZ).date().isoformat()]
            args.append(query.published_since)
        found = search_sql(self.dialect, "articles", query.search)
        if found is not None:  # the one search rule (crawler/store/search.py)
            where.append(found[0])
            args += found[1]
        sql = f"SELECT *, {REVISIONS_SQL} AS revisions FROM articles" + (
            " WHERE " + " AND ".join(where) if where else ""
        )
        sql += " ORDER BY published DESC NULLS LAST, id DESC"  # undated last (SQLite's default, not PostgreSQL's)
        if query.limit:
            sql += f" LIMIT {int(query.limit)}"
        for row in self.conn.execute(sql, args):
            yield self._article(row)

    def alerts(self, limit: int = 100, portal: str | None = None) -> list[dict[str, Any]]:
        """Alerts, newest first, each with its article and its story: ``copies`` (every portal that carried
        it, earliest publication first) and ``source`` (the earliest copy); an alert about a portal rather than an
        article (portal_health) has its ``detail`` instead."""
        sql = (
            "SELECT alerts.id AS alert_id, alerts.kind, alerts.created_at, alerts.dedupe, alerts.revision_id,"
            f" alerts.detail AS alert_detail, alerts.portal AS alert_portal, articles.*, {REVISIONS_SQL} AS revisions"
            " FROM alerts LEFT JOIN articles ON articles.id = alerts.article_id"
        )
        args: list[Any] = []
        if portal:
            sql += " WHERE alerts.portal = ?"
            args.append(portal)
        sql += " ORDER BY alerts.id DESC LIMIT ?"
        args.append(limit)
        out = []
        for row in self.conn.execute(sql, args).fetchall():
            if row["id"] is None:  # about the portal, not an article (portal_health)
                keys = ("alert_id", "kind", "created_at", "dedupe")
                out.append({**{k: row[k] for k in keys}, "portal": row["alert_portal"], "detail": alert_detail(row)})
                continue
            alert = self._article(row)
            del alert["alert_detail"], alert["alert_portal"]
            alert["detail"] = alert_detail(row)
            alert["copies"] = self.cluster(row["cluster_id"] or row["id"])
            alert["source"] = alert["copies"][0]
            out.append(alert)
        return out

    def portals(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT portal FROM articles ORDER BY portal")]

    def cluster(self, cluster_id: int) -> list[dict[str, Any]]:
        """Every copy of one story: portal, url, title, published; earliest publication first."""
        return cluster_rows(self.conn, cluster_id)

    def revisions(self, article_id: int) -> list[dict[str, Any]]:
        """The replaced versions of an article, oldest first: time, old and new hash, diff summary, old fields."""
        rows = self.conn.execute("SELECT * FROM revisions WHERE article_id = ? ORDER BY id", (article_id,))
        return [{**dict(r), "old": json.loads(r["old"])} for r in rows]

    def recent_urls(self, portal: str, limit: int) -> list[str]:
        """URLs of a portal's ``limit`` most recently published articles not known to be removed (re-checks)."""
        rows = self.conn.execute(
            "SELECT url FROM articles WHERE portal = ? AND removed_at IS NULL"
            " ORDER BY published DESC NULLS LAST, id DESC LIMIT ?",
            (portal, limit),
        )
        return [r[0] for r in rows]

    def counts(self) -> dict[str, int]:
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "alerts", "runs")}


def cluster_rows(conn: Connection, cluster_id: int) -> list[dict[str, Any]]:
    """Every copy of one story (id, portal, url, title, published), earliest publication first: ``Store.cluster`` on
    the write connection, ``FeedReader.cluster`` on a server thread's."""
    rows = conn.execute(
        "SELECT id, portal, url, title, published FROM articles WHERE cluster_id = ?"
        " ORDER BY published IS NULL, published, id",
        (cluster_id,),
    )
    return [{**dict(r), "published": from_db(r["published"])} for r in rows]
