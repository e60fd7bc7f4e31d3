"""The default store: one SQLite file in WAL mode.

Every write is one short transaction, so a killed crawl leaves a consistent file and an article and
its alerts are stored together or not at all. Datetimes are stored as ISO strings in UTC; dates
without a time as ``YYYY-MM-DD``.
"""

from __future__ import annotations

import difflib
import json
import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import fields, is_dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.clusters import UNDATED, Sketch, article_sketch
from crawler.dates import TZ
from crawler.items import ArticleItem
from crawler.store.base import ArticleQuery, SaveResult, alert_key
from crawler.store.clusterindex import PERIOD_SQL, ClusterIndexMixin, marks, register_functions
from crawler.store.documents import DocumentsMixin
from crawler.store.health import HealthMixin
from crawler.store.meetingrecords import Joined, MeetingRecordsMixin, alert_meeting_kinds
from crawler.store.migrations import migrate
from crawler.store.outbox import SQLiteOutbox
from crawler.store.runstate import RunStateMixin
from crawler.store.tx import immediate
from crawler.units import ascii_key
from crawler.vocab import AlertKind

if TYPE_CHECKING:
    from crawler.store.feedquery import FeedQuery

_REVISIONS = "1 + (SELECT count(*) FROM revisions WHERE revisions.article_id = articles.id)"
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


# A syllable ending in a lone "y" after consonants is also written with "i" (kỳ/kì, lý/lí, mỹ/mĩ, công ty/ti);
# "uy", "ay", "ây" are other vowels and stay.
_FINAL_Y = re.compile(r"\b([bcdfghklmnpqrstvx]+)y\b")


def search_key(text: str | None) -> str:
    """What ``ArticleQuery.search`` compares: folded, punctuation as spaces, no diacritics, final y as i
    ("Kỳ họp" and "kì họp" -> "ki hop")."""
    return _FINAL_Y.sub(r"\1i", ascii_key(text)) if text else ""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _plain(value: object) -> object:
    """``json.dumps`` fallback: a nested dataclass as its fields, a date as ISO (what ``item_to_dict`` gives)."""
    if isinstance(value, date):
        return value.isoformat()
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: getattr(value, f.name) for f in fields(value)}
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=_plain)  # json.dumps with options builds one per call


def _json(value: object) -> str:
    """One JSON column, straight from the item's field: the writer's per-item cost, so no whole-item copy."""
    if value is None or value == []:  # most items have no authors, images, attachments or meeting
        return "null" if value is None else "[]"
    return _ENCODER.encode(value)


def _row(item: ArticleItem, dedupe_key: str) -> dict[str, Any]:
    """The article's column values."""
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
        "is_meeting_report": int(item.is_meeting_report),
        "quarantine": item.quarantine,
        **{c: _json(getattr(item, c)) for c in JSON_COLUMNS},
    }


@cache
def _insert_sql(columns: tuple[str, ...]) -> str:
    """The article INSERT for a row's columns, built once."""
    return (
        f"INSERT INTO articles ({', '.join(columns)}, id, cluster_id, first_seen, last_seen)"
        f" VALUES ({', '.join(':' + c for c in columns)}, :id, :cluster, :now, :now)"
    )


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


def _detail(row: sqlite3.Row) -> dict[str, Any] | None:
    """An alert's ``detail`` (what a portal_health alert says), decoded."""
    return json.loads(row["alert_detail"]) if row["alert_detail"] else None


class SQLiteStore(RunStateMixin, ClusterIndexMixin, HealthMixin, MeetingRecordsMixin, DocumentsMixin):
    """``Store`` on a SQLite file; safe to open from several processes at once.

    It composes the articles and alerts (here), their story clusters (``ClusterIndexMixin``), meeting records
    (``MeetingRecordsMixin``), the run history and incremental state (``RunStateMixin``), attachments and
    documents (``DocumentsMixin``), the webhook ``outbox`` (``SQLiteOutbox``) and the ``feed`` reads
    (``FeedQuery``). One write connection serves all but the feed, whose reads open their own read-only connection
    per thread (a server reads from a pool of threads)."""

    def __init__(self, path: str | Path, *, near_duplicates: bool = True) -> None:
        """``near_duplicates=False`` clusters on the exact content hash only (the benchmark's baseline)."""
        self.near_duplicates = near_duplicates
        # Whether the store holds undated articles (checked once per transaction): if not, their seeks are saved.
        self._undated = True
        self._next_id = 0  # the next article id, read at the start of each write transaction
        self._stored: dict[str, sqlite3.Row] = {}  # the batch's stored rows by key, for one transaction
        self._touched: set[str] = set()
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE) so their extent is visible.
        self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        # 256 MiB of pages (RSS stays under 500 MiB at a million articles): index inserts and lookups stay in memory
        # instead of going back to the OS, which may have dropped them (bench/dedupe.py, last 10 % of a million: -11 %).
        self.conn.execute("PRAGMA cache_size=-262144")
        # Checkpoint every 512 MiB of WAL rather than 4 MiB: commits keep rewriting the same hot index pages (one per
        # portal and index), and a checkpoint copies each page once however many commits rewrote it since the last
        # (the LSH path of bench/dedupe.py at a million on a loaded machine: 65536 pages 4,500 items/s, 131072: 5,000).
        self.conn.execute("PRAGMA wal_autocheckpoint=131072")
        register_functions(self.conn)
        self.conn.create_function("search_key", 1, search_key, deterministic=True)
        migrate(self.conn)
        self.outbox = SQLiteOutbox(self.conn)
        self._feed: FeedQuery | None = None

    @property
    def feed(self) -> FeedQuery:
        if self._feed is None:
            from crawler.store.feedquery import FeedQuery  # it reads this module's stored-value helpers

            self._feed = FeedQuery(self.path)
        return self._feed

    # Writes ---------------------------------------------------------------------------------

    def save_article(self, item: ArticleItem, dedupe_key: str, alert_kinds: Sequence[str]) -> SaveResult:
        [result] = self.save_articles([(item, dedupe_key, alert_kinds)])
        return result

    def save_articles(self, batch: Sequence[tuple[ArticleItem, str, Sequence[str]]]) -> list[SaveResult]:
        """``save_article`` for many items in one transaction (bulk loads); all are stored or none."""
        prepared = [(item, key, kinds, _row(item, key), self._sketch(item)) for item, key, kinds in batch]
        now = _now()
        with immediate(self.conn) as conn:
            self._undated = (
                conn.execute(f"SELECT 1 FROM articles WHERE {PERIOD_SQL} = ? LIMIT 1", (UNDATED,)).fetchone()
                is not None
            )
            # Ids are taken under the write lock, so the cluster is known before the insert: one max() per batch.
            self._next_id = int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0])
            # The batch's stored versions in one sorted pass instead of one lookup per item; a key the batch
            # writes twice is read again (``_touched``). Both live for this transaction only.
            keys = [key for _, key, _, _, _ in prepared]
            self._stored = {
                r["dedupe_key"]: r
                for i in range(0, len(keys), 500)
                for r in conn.execute(
                    f"SELECT * FROM articles WHERE dedupe_key IN ({marks(keys[i : i + 500])})", keys[i : i + 500]
                )
            }
            self._touched = set()
            results = [self._save(item, kinds, row, sk, now) for item, key, kinds, row, sk in prepared]
        return results

    def _sketch(self, item: ArticleItem) -> Sketch | None:
        """The sketch the dedupe pipeline computed in the crawling process, else computed here."""
        if not self.near_duplicates:
            return None
        return item.sketch if item.sketch is not None else article_sketch(item)

    def _save(
        self, item: ArticleItem, kinds: Sequence[str], row: dict[str, Any], sk: Sketch | None, now: str
    ) -> SaveResult:
        conn = self.conn
        key = row["dedupe_key"]
        if row["quarantine"]:  # an injected page is stored and flagged, never alerted
            kinds = ()
        if key in self._touched:
            old = conn.execute("SELECT * FROM articles WHERE dedupe_key = ?", (key,)).fetchone()
        else:
            old = self._stored.get(key)
            self._touched.add(key)
        self._undated |= row["published"] is None
        if old is None:
            article_id = self._next_id
            cluster = self._cluster_of(article_id, row, sk, item)
            conn.execute(_insert_sql(tuple(row)), {**row, "id": article_id, "cluster": cluster, "now": now})
            self._next_id += 1
            self._index(article_id, sk, row["published"])
            # An injected page joins no meeting: what it claims is no portal's word.
            joined = (
                None
                if row["quarantine"]
                else self._join_meeting(article_id, cluster, item, row["published"], now, new=True)
            )
            self._alert(alert_meeting_kinds(kinds, joined), article_id, cluster, item.portal, now, joined)
            return SaveResult.NEW
        if old["content_hash"] == row["content_hash"]:
            conn.execute("UPDATE articles SET last_seen = ?, removed_at = NULL WHERE id = ?", (now, old["id"]))
            return SaveResult.UNCHANGED
        revision = conn.execute(
            "INSERT INTO revisions (article_id, created_at, old_hash, new_hash, summary, old)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                old["id"],
                now,
                old["content_hash"],
                row["content_hash"],
                diff_summary(old, row),
                json.dumps({c: old[c] for c in VERSION_COLUMNS}, ensure_ascii=False),
            ),
        ).lastrowid
        sets = ", ".join(f"{c} = :{c}" for c in row if c != "dedupe_key")
        conn.execute(
            f"UPDATE articles SET {sets}, last_seen = :now, updated_at = :now, removed_at = NULL WHERE id = :id",
            {**row, "now": now, "id": old["id"]},
        )
        self._index(old["id"], sk, row["published"], replaced=old)
        if not row["quarantine"]:
            self._insert_alert(
                AlertKind.ARTICLE_EDITED, old["id"], item.portal, now, f"edited:{old['id']}:{revision}", revision
            )
        cluster = old["cluster_id"] or old["id"]
        joined = (
            None
            if row["quarantine"]
            else self._join_meeting(old["id"], cluster, item, row["published"], now, new=False)
        )
        self._alert(alert_meeting_kinds(kinds, joined), old["id"], cluster, item.portal, now, joined)
        return SaveResult.UPDATED

    def _alert(
        self, kinds: Sequence[str], article_id: int, cluster: int, portal: str, now: str, joined: Joined | None
    ) -> None:
        for kind in kinds:
            key = alert_key(kind, article_id, cluster, joined.meeting_id if joined else None)
            self._insert_alert(kind, article_id, portal, now, key)
            # A story's (a meeting's) one alert names its earliest-published copy (report), whichever came first.
            self.conn.execute(
                "UPDATE alerts SET article_id = ?, portal = ? WHERE dedupe = ? AND article_id != ?"
                " AND (SELECT published FROM articles WHERE id = alerts.article_id)"
                " > (SELECT published FROM articles WHERE id = ?)",
                (article_id, portal, key, article_id, article_id),
            )

    def _insert_alert(
        self, kind: str, article_id: int, portal: str, now: str, key: str, revision: int | None = None
    ) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO alerts (kind, article_id, portal, created_at, dedupe, revision_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (str(kind), article_id, portal, now, key, revision),
        )

    def mark_removed(self, url: str, portal: str) -> bool:
        """Record that a stored article now answers 404/410: once, with one ``article_removed`` alert."""
        now = _now()
        with immediate(self.conn) as conn:
            row = conn.execute(
                "SELECT id FROM articles WHERE portal = ? AND url = ? AND removed_at IS NULL", (portal, url)
            ).fetchone()
            if row is not None:
                conn.execute("UPDATE articles SET removed_at = ? WHERE id = ?", (now, row["id"]))
                self._insert_alert(AlertKind.ARTICLE_REMOVED, row["id"], portal, now, f"removed:{row['id']}")
        return row is not None

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
        where: list[str] = []
        args: list[Any] = []
        if query.portal:
            where.append("portal = ?")
            args.append(query.portal)
        if query.portals is not None:
            where.append(f"portal IN ({marks(query.portals)})" if query.portals else "0")
            args += query.portals
        if query.meetings_only or query.meeting_kinds is not None:
            where.append("is_meeting_report = 1")
        if query.meeting_kinds:
            kinds = sorted(query.meeting_kinds)
            where.append(f"json_extract(meeting, '$.kind') IN ({marks(kinds)})")
            args += kinds
        if query.published_since:
            # A date-only publication is its local day: it counts when that day is the bound's local day or later.
            where.append("(CASE WHEN length(published) = 10 THEN published >= ? ELSE published >= ? END)")
            args += [datetime.fromisoformat(query.published_since).astimezone(TZ).date().isoformat()]
            args.append(query.published_since)
        for word in search_key(query.search).split():  # each word at the start of a word of the title or lead
            where.append("instr(' ' || search_key(title || ' ' || coalesce(lead, '')), ?) > 0")
            args.append(" " + word)
        sql = f"SELECT *, {_REVISIONS} AS revisions FROM articles" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY published DESC, id DESC"
        if query.limit:
            sql += f" LIMIT {int(query.limit)}"
        for row in self.conn.execute(sql, args):
            yield self._article(row)

    def alerts(self, limit: int = 100, portal: str | None = None) -> list[dict[str, Any]]:
        """Alerts, newest first, each with its article and its story: ``copies`` (every portal that carried
        it, earliest publication first) and ``source`` (the earliest copy)."""
        sql = (
            "SELECT alerts.id AS alert_id, alerts.kind, alerts.created_at, alerts.dedupe, alerts.revision_id,"
            f" alerts.detail AS alert_detail, alerts.portal AS alert_portal, articles.*, {_REVISIONS} AS revisions"
            " FROM alerts LEFT JOIN articles ON articles.id = alerts.article_id"
        )
        args: list[Any] = []
        if portal:
            sql += " WHERE alerts.portal = ?"
            args.append(portal)
        sql += " ORDER BY alerts.id DESC LIMIT ?"
        args.append(limit)
        out = []
        for row in self.conn.execute(sql, args):
            if row["id"] is None:  # about the portal, not an article (portal_health)
                keys = ("alert_id", "kind", "created_at", "dedupe")
                out.append({**{k: row[k] for k in keys}, "portal": row["alert_portal"], "detail": _detail(row)})
                continue
            alert = self._article(row)
            del alert["alert_detail"], alert["alert_portal"]
            alert["detail"] = _detail(row)
            alert["copies"] = self.cluster(row["cluster_id"] or row["id"])
            alert["source"] = alert["copies"][0]
            out.append(alert)
        return out

    def portals(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT DISTINCT portal FROM articles ORDER BY portal")]

    def cluster(self, cluster_id: int) -> list[dict[str, Any]]:
        """Every copy of one story: portal, url, title, published; earliest publication first."""
        rows = self.conn.execute(
            "SELECT id, portal, url, title, published FROM articles WHERE cluster_id = ?"
            " ORDER BY published IS NULL, published, id",
            (cluster_id,),
        )
        return [{**dict(r), "published": from_db(r["published"])} for r in rows]

    def revisions(self, article_id: int) -> list[dict[str, Any]]:
        """The replaced versions of an article, oldest first: time, old and new hash, diff summary, old fields."""
        rows = self.conn.execute("SELECT * FROM revisions WHERE article_id = ? ORDER BY id", (article_id,))
        return [{**dict(r), "old": json.loads(r["old"])} for r in rows]

    def recent_urls(self, portal: str, limit: int) -> list[str]:
        """URLs of a portal's ``limit`` most recently published articles not known to be removed (re-checks)."""
        rows = self.conn.execute(
            "SELECT url FROM articles WHERE portal = ? AND removed_at IS NULL ORDER BY published DESC, id DESC LIMIT ?",
            (portal, limit),
        )
        return [r[0] for r in rows]

    def counts(self) -> dict[str, int]:
        return {t: self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "alerts", "runs")}

    def close(self) -> None:
        if self._feed is not None:
            self._feed.close()
        self.conn.close()
