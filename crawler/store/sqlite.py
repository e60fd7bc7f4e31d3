"""The default store: one SQLite file in WAL mode.

Every write is one short transaction, so a killed crawl leaves a consistent file and an article and
its alerts are stored together or not at all. Datetimes are stored as ISO strings in UTC; dates
without a time as ``YYYY-MM-DD`` (``crawler.store.rows``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.clusters import UNDATED, Sketch, article_sketch
from crawler.items import ArticleItem
from crawler.store.articles import ArticleTablesMixin
from crawler.store.base import SaveResult
from crawler.store.clusterindex import ClusterIndexMixin, marks, register_functions
from crawler.store.dialect import SQLITE
from crawler.store.documents import DocumentsMixin
from crawler.store.errors import StoreError, store_error
from crawler.store.health import HealthMixin
from crawler.store.meetingrecords import MeetingRecordsMixin, alert_meeting_kinds
from crawler.store.migrations import migrate, unknown_migrations
from crawler.store.outbox import SQLOutbox
from crawler.store.rows import article_row, diff_summary, from_db, now_iso, to_db
from crawler.store.runstate import RunStateMixin
from crawler.store.tx import immediate
from crawler.vocab import AlertKind

if TYPE_CHECKING:
    from crawler.store.feedquery import FeedQuery

__all__ = ["SQLiteStore", "diff_summary", "from_db", "to_db"]  # the stored-value helpers, where callers found them


@cache
def _insert_sql(columns: tuple[str, ...]) -> str:
    """The article INSERT for a row's columns, built once."""
    return (
        f"INSERT INTO articles ({', '.join(columns)}, id, cluster_id, first_seen, last_seen)"
        f" VALUES ({', '.join(':' + c for c in columns)}, :id, :cluster, :now, :now)"
    )


class SQLiteStore(
    ArticleTablesMixin, RunStateMixin, ClusterIndexMixin, HealthMixin, MeetingRecordsMixin, DocumentsMixin
):
    """``Store`` on a SQLite file; safe to open from several processes at once.

    It composes the save path (here: ids, clusters and alerts decided under the file's write lock), the article
    reads and shared writes (``ArticleTablesMixin``), their story clusters (``ClusterIndexMixin``), meeting records
    (``MeetingRecordsMixin``), attachments and documents (``DocumentsMixin``), the run history and incremental
    state (``RunStateMixin``), the webhook ``outbox`` (``SQLOutbox``) and the ``feed`` reads (``FeedQuery``). One
    write connection serves all but the feed, whose reads open their own read-only connection per thread (a server
    reads from a pool of threads)."""

    dialect = SQLITE
    conn: sqlite3.Connection

    def __init__(self, path: str | Path, *, near_duplicates: bool = True) -> None:
        """``near_duplicates=False`` clusters on the exact content hash only (the benchmark's baseline)."""
        self.near_duplicates = near_duplicates
        # Whether the store holds undated articles (checked once per transaction): if not, their seeks are saved.
        self._undated = True
        self._next_id = 0  # the next article id, read at the start of each write transaction
        self._stored: dict[str, sqlite3.Row] = {}  # the batch's stored rows by key, for one transaction
        self._touched: set[str] = set()
        self.path = Path(path)
        try:
            self.conn = self._open()
        except (sqlite3.Error, OSError) as exc:
            raise store_error(exc, self.path) from None
        self.outbox = SQLOutbox(self.conn, SQLITE, self._write)
        self._feed: FeedQuery | None = None

    def _open(self) -> sqlite3.Connection:
        """The write connection, configured and migrated; refuses a store a newer version has migrated."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.is_dir():
            raise IsADirectoryError(str(self.path))
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE) so their extent is visible.
        self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            self._configure()
        except BaseException:
            self.conn.close()
            raise
        return self.conn

    def _configure(self) -> None:
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
        unknown = unknown_migrations(self.conn)
        if unknown:
            raise StoreError(
                f"the store {self.path} was migrated by a newer portalwatch (migration {', '.join(unknown)} is unknown"
                " to this version); upgrade portalwatch, or use another --db."
            )
        self.migrated = migrate(self.conn)  # the migrations this open applied (``portalwatch db migrate`` says)

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        return immediate(self.conn)

    @property
    def feed(self) -> FeedQuery:
        if self._feed is None:
            from crawler.store.feedquery import FeedQuery, sqlite_reader

            self._feed = FeedQuery(sqlite_reader(self.path), SQLITE)
        return self._feed

    # Writes ---------------------------------------------------------------------------------

    def save_article(self, item: ArticleItem, dedupe_key: str, alert_kinds: Sequence[str]) -> SaveResult:
        [result] = self.save_articles([(item, dedupe_key, alert_kinds)])
        return result

    def save_articles(self, batch: Sequence[tuple[ArticleItem, str, Sequence[str]]]) -> list[SaveResult]:
        """``save_article`` for many items in one transaction (bulk loads); all are stored or none."""
        prepared = [(item, key, kinds, article_row(item, key), self._sketch(item)) for item, key, kinds in batch]
        try:
            return self._save_batch(prepared)
        except sqlite3.Error as exc:
            raise store_error(exc, self.path) from None

    def _save_batch(
        self, prepared: list[tuple[ArticleItem, str, Sequence[str], dict[str, Any], Sketch | None]]
    ) -> list[SaveResult]:
        now = now_iso()
        with immediate(self.conn) as conn:
            self._undated = (
                conn.execute(f"SELECT 1 FROM articles WHERE {SQLITE.period} = ? LIMIT 1", (UNDATED,)).fetchone()
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
            self._alert(alert_meeting_kinds(kinds, joined), article_id, cluster, item.portal, now, joined, new=True)
            return SaveResult.NEW
        if old["content_hash"] == row["content_hash"]:
            conn.execute("UPDATE articles SET last_seen = ?, removed_at = NULL WHERE id = ?", (now, old["id"]))
            return SaveResult.UNCHANGED
        revision = self._revise(old, row, now)
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

    def close(self) -> None:
        if self._feed is not None:
            self._feed.close()
        self.conn.close()
