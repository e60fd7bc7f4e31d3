"""Read queries behind the feeds, the web page and the JSON API, over the SQLite file.

The feed is one stream of entries, newest first: every alert but ``new_article`` ones (``meeting``, one per
meeting, and ``upcoming_meeting``, one per announced meeting, with the meeting fields of their article;
``article_edited``, ``article_removed``, ``portal_health``...) and every stored article that has no meeting or
upcoming-meeting alert (kind ``new_article``, still flagged with its meeting fields when it is another report of
an alerted meeting). So each new article is an entry once, and ``kind=meeting`` reads one entry per meeting. The
calendar reads meeting records (``meetings``). Paging is by keyset (a cursor on time, source and id), so page 1,000
costs what page 1 costs; a portal filter runs one indexed query per portal and merges them, which keeps
``?province=`` fast whatever the table size.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from crawler.store.documents import DocumentsMixin
from crawler.store.filters import ARTICLE_ALERTS, MEETING_KINDS, Cursor, EntryFilter, Page
from crawler.store.health import HealthMixin
from crawler.store.meetingrecords import iter_meetings
from crawler.store.runstate import RunStateMixin
from crawler.store.sqlite import from_db
from crawler.vocab import AlertKind

_MAX_ID = 2**62
_ARTICLE_COLUMNS = (
    "id, portal, url, canonical_url, title, published, modified, byline, category, lead, "
    "is_meeting_report, meeting, first_seen"
)
# Must match the partial/expression indexes of migration 0007_feed_indexes word for word.
_MEETING_KIND = "json_extract(meeting, '$.kind')"


def _article(row: sqlite3.Row) -> dict[str, Any]:
    out = {k: row[k] for k in row.keys() if not k.startswith("_")}  # noqa: SIM118 (sqlite3.Row)
    for key in ("meeting", "body", "images", "attachments", "authors"):
        if key in out:
            out[key] = json.loads(out[key]) if out[key] else None
    out["published"], out["modified"] = from_db(out["published"]), from_db(out["modified"])
    out["first_seen"] = from_db(out["first_seen"])
    out["is_meeting_report"] = bool(out["is_meeting_report"])
    return out


def _decode(data: bytes) -> str:
    """Tolerate bytes that are not UTF-8 in a text column: the feed must still render."""
    return data.decode("utf-8", "replace")


class FeedQuery:
    """Feed reads on a SQLite file (``Store.feed``); one read-only connection per thread (servers call it from a
    pool), made by the store that owns the file."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self._local = threading.local()

    @property
    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.text_factory = _decode
            conn.execute("PRAGMA query_only=ON")
            self._local.conn = conn
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # Entries ---------------------------------------------------------------------------------

    def entries(self, flt: EntryFilter, limit: int = 50, before: Cursor | None = None) -> Page:
        """One page of entries, newest first, and the cursor of the next page if there is one."""
        streams: list[Iterable[tuple[tuple[str, int, int], dict[str, Any]]]] = []
        portals: list[str | None] = [None] if flt.portals is None else list(flt.portals)
        for portal in portals:
            mode = flt.article_mode()
            if mode is not None:
                streams.append(self._article_entries(flt, portal, limit + 1, before, unalerted=mode == "unalerted"))
            clause = flt.alert_clause()
            if clause is not None:
                streams.append(self._alert_entries(flt, clause, portal, limit + 1, before))
        merged = list(islice(heapq.merge(*streams, key=lambda e: e[0], reverse=True), limit + 1))
        entries = [e for _, e in merged[:limit]]
        more = len(merged) > limit
        last = merged[limit - 1][0] if more and limit else None
        nxt = Cursor(last[0], "l" if last[1] else "a", last[2]) if last else None
        return Page(entries, nxt)

    def _article_entries(
        self,
        flt: EntryFilter,
        portal: str | None,
        limit: int,
        before: Cursor | None,
        columns: str = _ARTICLE_COLUMNS,
        unalerted: bool = False,
    ) -> Iterator[tuple[tuple[str, int, int], dict[str, Any]]]:
        where, args = self._article_where(flt, portal)
        if unalerted:  # probes the alerts' (kind, article_id) index
            where.append(
                "NOT EXISTS (SELECT 1 FROM alerts WHERE alerts.kind IN (?, ?) AND alerts.article_id = articles.id)"
            )
            args += ARTICLE_ALERTS
        if before is not None:
            where.append("(first_seen, id) < (?, ?)")
            args += [before.time, before.id if before.source == "a" else _MAX_ID]
        sql = f"SELECT {columns} FROM articles WHERE {' AND '.join(where) or '1'} ORDER BY first_seen DESC, id DESC"
        for row in self.conn.execute(sql + " LIMIT ?", [*args, limit]):
            article = _article(row)
            entry = {
                "id": f"article:{row['id']}",
                "kind": AlertKind.NEW_ARTICLE.value,
                "time": row["first_seen"],
                "portal": row["portal"],
                "alert_id": None,
                "article": article,
            }
            yield (row["first_seen"], 0, row["id"]), entry

    def _article_where(self, flt: EntryFilter, portal: str | None) -> tuple[list[str], list[Any]]:
        where: list[str] = ["quarantine IS NULL"]  # injected pages are stored, never shown
        args: list[Any] = []
        if portal is not None:
            where.append("portal = ?")
            args.append(portal)
        kinds = flt.article_meeting_kinds()
        if kinds is not None:
            where.append("is_meeting_report = 1")
            if kinds:
                where.append(f"{_MEETING_KIND} IN ({', '.join('?' * len(kinds))})")
                args += sorted(kinds)
        if flt.since:
            where.append("first_seen >= ?")
            args.append(flt.since)
        return where, args

    def _alert_entries(
        self,
        flt: EntryFilter,
        clause: tuple[str, list[str]],
        portal: str | None,
        limit: int,
        before: Cursor | None,
        columns: str = _ARTICLE_COLUMNS,
        extra: str | None = None,
    ) -> Iterator[tuple[tuple[str, int, int], dict[str, Any]]]:
        where: list[str] = [clause[0], *([extra] if extra else [])]
        args: list[Any] = list(clause[1])
        if portal is not None:
            where.append("alerts.portal = ?")
            args.append(portal)
        if flt.since:
            where.append("alerts.created_at >= ?")
            args.append(flt.since)
        if before is not None:
            where.append("(alerts.created_at, alerts.id) < (?, ?)")
            args += [before.time, before.id if before.source == "l" else 0]
        cols = ", ".join(f"articles.{c.strip()} AS art_{c.strip()}" for c in columns.split(","))
        sql = (
            "SELECT alerts.id AS alert_id, alerts.kind, alerts.portal AS alert_portal, alerts.created_at,"
            f" alerts.detail AS alert_detail, {cols} FROM alerts LEFT JOIN articles ON articles.id = alerts.article_id"
            f" WHERE {' AND '.join(where)} ORDER BY alerts.created_at DESC, alerts.id DESC LIMIT ?"
        )
        for row in self.conn.execute(sql, [*args, limit]):
            article = None
            if row["art_id"] is not None:
                article = _article_from_prefixed(row)
            entry = {
                "id": f"alert:{row['alert_id']}",
                "kind": row["kind"],
                "time": row["created_at"],
                "portal": row["alert_portal"],
                "alert_id": row["alert_id"],
                "article": article,
                "detail": _detail(row),
            }
            yield (row["created_at"], 1, row["alert_id"]), entry

    # Articles, alerts, meetings, health --------------------------------------------------------

    def articles(self, flt: EntryFilter, limit: int = 50, before: Cursor | None = None) -> Page:
        """Full article records (body, images, attachments) in the order of the feed's article entries."""
        if flt.kinds and not set(flt.kinds) & (MEETING_KINDS | {AlertKind.NEW_ARTICLE, AlertKind.MEETING}):
            return Page([], None)  # only alert kinds asked for: no article matches
        streams = [
            self._article_entries(flt, p, limit + 1, before, "*")
            for p in ([None] if flt.portals is None else flt.portals)
        ]
        merged = list(islice(heapq.merge(*streams, key=lambda e: e[0], reverse=True), limit + 1))
        rows = [e["article"] for _, e in merged[:limit]]
        for row in rows:
            for key in ("dedupe_key", "content_hash"):
                row.pop(key, None)
        last = merged[limit - 1][0] if len(merged) > limit and limit else None
        return Page(rows, Cursor(last[0], "a", last[2]) if last else None)

    def alert(self, alert_id: int) -> dict[str, Any] | None:
        """One alert with its article, as webhooks post it."""
        cols = ", ".join(f"articles.{c.strip()} AS art_{c.strip()}" for c in _ARTICLE_COLUMNS.split(","))
        row = self.conn.execute(
            "SELECT alerts.id AS alert_id, alerts.kind, alerts.portal AS alert_portal, alerts.created_at,"
            f" alerts.detail AS alert_detail, {cols} FROM alerts LEFT JOIN articles ON articles.id = alerts.article_id"
            " WHERE alerts.id = ?",
            (alert_id,),
        ).fetchone()
        if row is None:
            return None
        return {
            "id": row["alert_id"],
            "kind": row["kind"],
            "portal": row["alert_portal"],
            "created_at": from_db(row["created_at"]),
            "article": _article_from_prefixed(row) if row["art_id"] is not None else None,
            "detail": _detail(row),
        }

    def meetings(
        self,
        flt: EntryFilter,
        limit: int | None = None,
        before: Cursor | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Meeting records the filter selects (``EntryFilter.meeting_sql``), newest first; ``None`` is all.

        One per meeting, whatever number of articles report it, each with the title, URL and lead of the article
        that stands for it; streamed, so that the full static calendar of a large store is never all in memory.
        ``before`` continues after a record (its first-seen time and id)."""
        where, args = flt.meeting_sql()
        if before is not None:
            where += " AND (m.first_seen, m.id) < (?, ?)"
            args = [*args, before.time, before.id]
        yield from iter_meetings(self.conn, where, args, limit)

    def entry(self, entry_id: str) -> dict[str, Any] | None:
        """One entry by its feed id (``article:<id>`` or ``alert:<id>``), for the detail page."""
        source, _, number = entry_id.partition(":")
        if not number.isdigit():
            return None
        if source == "article":
            row = self.conn.execute(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", (int(number),)).fetchone()
            if row is None:
                return None
            article = _article(row)
            return {
                "id": entry_id,
                "kind": AlertKind.NEW_ARTICLE.value,
                "time": row["first_seen"],
                "portal": row["portal"],
                "alert_id": None,
                "article": article,
            }
        alert = self.alert(int(number)) if source == "alert" else None
        if alert is None:
            return None
        raw_time = self.conn.execute("SELECT created_at FROM alerts WHERE id = ?", (alert["id"],)).fetchone()[0]
        return {
            "id": entry_id,
            "kind": alert["kind"],
            "time": raw_time,
            "portal": alert["portal"],
            "alert_id": alert["id"],
            "article": alert["article"],
            "detail": alert["detail"],
        }

    def totals(self) -> dict[str, int]:
        """Highest article and alert ids: a constant-time size for health checks."""
        row = self.conn.execute("SELECT (SELECT max(id) FROM articles), (SELECT max(id) FROM alerts)").fetchone()
        return {"articles": row[0] or 0, "alerts": row[1] or 0}

    def documents_reader(self) -> DocumentReads:
        """An article's attachments and documents, and the documents themselves, read on this thread's connection
        (the workbench's entry page and its full-text index)."""
        return DocumentReads(self.conn)

    def health_reader(self) -> HealthReads:
        """Run history and health states read on this thread's connection (the server's health strip)."""
        return HealthReads(self.conn)

    def health(self) -> list[dict[str, Any]]:
        """Each portal's latest run, with how many of its last ten runs failed."""
        rows = self.conn.execute(
            "SELECT r.*, (SELECT count(*) FROM (SELECT status FROM runs r2 WHERE r2.portal = r.portal"
            " ORDER BY r2.id DESC LIMIT 10) WHERE status = 'failed') AS recent_failures"
            " FROM runs r WHERE r.id IN (SELECT max(id) FROM runs GROUP BY portal) ORDER BY r.portal"
        ).fetchall()
        out = []
        for r in rows:
            item = dict(r)
            item["started"], item["finished"] = from_db(item["started"]), from_db(item["finished"])
            out.append(item)
        return out


class DocumentReads(DocumentsMixin):
    """The reads of the attachments-and-documents mixin over a read-only connection (``DocumentReader``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn


class HealthReads(RunStateMixin, HealthMixin):
    """The read half of the run-state and health mixins over a read-only connection (``HealthReader``)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn


def _detail(row: sqlite3.Row) -> dict[str, Any] | None:
    """What an alert about a portal says (``alerts.detail``: status, reason, fields, successor, URLs)."""
    return json.loads(row["alert_detail"]) if row["alert_detail"] else None


def _article_from_prefixed(row: sqlite3.Row) -> dict[str, Any]:
    plain = {k.removeprefix("art_"): row[k] for k in row.keys() if k.startswith("art_")}  # noqa: SIM118
    for key in ("meeting",):
        plain[key] = json.loads(plain[key]) if plain[key] else None
    for key in ("published", "modified", "first_seen"):
        if key in plain:
            plain[key] = from_db(plain[key])
    if "is_meeting_report" in plain:
        plain["is_meeting_report"] = bool(plain["is_meeting_report"])
    return plain
