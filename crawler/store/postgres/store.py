"""``Store`` on PostgreSQL: the same Protocols and the same named migrations as SQLite, for many writers at once.

SQLite serialises writers on the file; here many crawler processes (a scrapy-redis cluster, several hosts) write
at once, so a save is two phases in one transaction:

1. **Rows**, concurrently: the batch's stored articles are read ``FOR UPDATE`` and new ones inserted with
   ``ON CONFLICT (dedupe_key) DO NOTHING``, in dedupe-key order (two writers lock rows in the same order, so
   they do not deadlock). A key another writer inserted meanwhile is read back and compared like a stored one,
   so an article is stored once and an edit is a revision once, whoever saw it first.
2. **Stories and alerts**, one writer at a time: under one transaction-scoped advisory lock (``_lock_stories``)
   each new article is clustered (every committed copy is visible by then), indexed, and its alerts written with
   ``ON CONFLICT (dedupe) DO NOTHING`` on the story key. So two copies of one story crawled at once by two workers
   join one cluster and raise one alert; and alert ids commit in id order, which the outbox's high-water mark
   (``enqueued_through``) and a run's alert count rely on. The lock is held from the first story decision to the
   commit only, after the rows are written: the per-item work in it is a few index lookups.

A deadlock or serialisation failure (which the ordering makes rare) retries the whole batch.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import cache
from typing import Any

import psycopg

from crawler.clusters import UNDATED, Sketch
from crawler.items import ArticleItem
from crawler.store.articles import ArticleTablesMixin
from crawler.store.base import SaveResult
from crawler.store.clusterindex import ClusterIndexMixin
from crawler.store.dialect import POSTGRES
from crawler.store.feedquery import FeedQuery
from crawler.store.outbox import SQLOutbox
from crawler.store.postgres.connection import PgConnection, Row
from crawler.store.postgres.migrations import migrate
from crawler.store.rows import JSON_COLUMNS, article_row, json_column, now_iso
from crawler.store.runstate import RunStateMixin
from crawler.vocab import AlertKind

_STORIES = 0x706F72_74770002  # the advisory lock of story decisions and alert ids ("portw" + 2)
_RETRIES = 5


@cache
def _insert_sql(columns: tuple[str, ...]) -> str:
    """The article INSERT for a row's columns, built once; the cluster is decided in phase 2."""
    return (
        f"INSERT INTO articles ({', '.join(columns)}, first_seen, last_seen)"
        f" VALUES ({', '.join('?' * len(columns))}, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING *"
    )


def _without_nul(value: Any) -> Any:
    """PostgreSQL text cannot hold U+0000 (a hostile or broken page may): it is dropped, nothing else changes."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(v) for v in value]
    if isinstance(value, dict):
        return {k: _without_nul(v) for k, v in value.items()}
    return value


def pg_row(item: ArticleItem, dedupe_key: str) -> dict[str, Any]:
    """``article_row`` with what PostgreSQL's text cannot hold removed."""
    row = article_row(item, dedupe_key)
    for column, value in row.items():
        if isinstance(value, str) and "\x00" in value:
            row[column] = value.replace("\x00", "")
        if column in JSON_COLUMNS and "\\u0000" in value:
            row[column] = json_column(_without_nul(json.loads(value)))
    return row


@dataclass
class _Step:
    """One item of a batch after phase 1: what phase 2 still has to do for it."""

    item: ArticleItem
    kinds: Sequence[str]
    row: dict[str, Any]
    sketch: Sketch | None
    article: Row | None = None  # the stored row it was compared with (None: inserted now)
    article_id: int = 0
    revision: int | None = None


class PostgresStore(ArticleTablesMixin, RunStateMixin, ClusterIndexMixin):
    """``Store`` on a PostgreSQL database (``postgresql://`` URL); any number of processes may write at once.

    Composed like ``SQLiteStore``: the save path (here), the shared article reads and writes, story clusters, run
    state, the ``outbox`` and the ``feed`` reads, each on this store's connection in the PostgreSQL dialect. The
    feed reads open one connection per serving thread."""

    dialect = POSTGRES
    conn: PgConnection

    def __init__(self, url: str, *, near_duplicates: bool = True) -> None:
        self.url = url
        self.near_duplicates = near_duplicates
        self._undated = True
        self.conn = PgConnection.open(url)
        self.migrated = migrate(self.conn)  # the migrations this open applied
        self.outbox = SQLOutbox(self.conn, POSTGRES, self._write)
        self._feed: FeedQuery | None = None

    def _write(self) -> AbstractContextManager[PgConnection]:
        return self.conn.transaction()

    def _lock_stories(self) -> None:
        self.conn.execute("SELECT pg_advisory_xact_lock(?)", (_STORIES,))

    @property
    def feed(self) -> FeedQuery:
        if self._feed is None:
            self._feed = FeedQuery(lambda: PgConnection.open(self.url, read_only=True), POSTGRES)
        return self._feed

    # Writes ---------------------------------------------------------------------------------

    def save_article(self, item: ArticleItem, dedupe_key: str, alert_kinds: Sequence[str]) -> SaveResult:
        [result] = self.save_articles([(item, dedupe_key, alert_kinds)])
        return result

    def save_articles(self, batch: Sequence[tuple[ArticleItem, str, Sequence[str]]]) -> list[SaveResult]:
        """``save_article`` for many items in one transaction; all are stored or none."""
        steps = [_Step(item, kinds, pg_row(item, key), self._sketch(item)) for item, key, kinds in batch]
        for attempt in range(_RETRIES):
            try:
                with self.conn.transaction():
                    return self._save_batch(steps)
            except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure):
                if attempt == _RETRIES - 1:
                    raise
        raise AssertionError("unreachable")

    def _save_batch(self, steps: list[_Step]) -> list[SaveResult]:
        conn, now = self.conn, now_iso()
        keys = sorted({s.row["dedupe_key"] for s in steps})
        stored: dict[str, Row | None] = {
            r["dedupe_key"]: r
            for r in conn.execute(
                "SELECT * FROM articles WHERE dedupe_key = ANY(?) ORDER BY dedupe_key FOR UPDATE", (keys,)
            )
        }
        results: list[SaveResult | None] = [None] * len(steps)
        phase2: list[tuple[int, _Step]] = []
        # Phase 1, in key order (a key's items keep the batch's order): rows only.
        for i in sorted(range(len(steps)), key=lambda i: steps[i].row["dedupe_key"]):
            step = steps[i]
            step.article, step.revision = None, None  # a retried batch starts over
            key = step.row["dedupe_key"]
            old = stored.get(key)
            if old is None:
                inserted = conn.execute(_insert_sql(tuple(step.row)), (*step.row.values(), now, now)).fetchone()
                if inserted is not None:
                    stored[key], step.article_id = inserted, int(inserted["id"])
                    results[i] = SaveResult.NEW
                    phase2.append((i, step))
                    continue
                # Another writer inserted it after this transaction's read and has committed: compare with it.
                old = conn.execute("SELECT * FROM articles WHERE dedupe_key = ? FOR UPDATE", (key,)).fetchone()
                assert old is not None
            step.article, step.article_id = old, int(old["id"])
            if old["content_hash"] == step.row["content_hash"]:
                conn.execute("UPDATE articles SET last_seen = ?, removed_at = NULL WHERE id = ?", (now, old["id"]))
                results[i] = SaveResult.UNCHANGED
                continue
            step.revision = self._revise(old, step.row, now)
            stored[key] = conn.execute("SELECT * FROM articles WHERE id = ?", (old["id"],)).fetchone()
            results[i] = SaveResult.UPDATED
            phase2.append((i, step))
        if phase2:  # in the batch's order, as SQLite decides them: a crawl's order is publication order
            self._stories([step for _, step in sorted(phase2, key=lambda p: p[0])], now)
        return [r for r in results if r is not None]

    def _stories(self, steps: list[_Step], now: str) -> None:
        """Phase 2, one writer at a time: clusters, the LSH index and alerts."""
        conn = self.conn
        self._lock_stories()
        self._undated = (
            conn.execute(f"SELECT 1 FROM articles WHERE {POSTGRES.period} = ? LIMIT 1", (UNDATED,)).fetchone()
            is not None
        )
        for step in steps:
            published, portal = step.row["published"], step.item.portal
            if step.article is None:  # inserted now
                cluster = self._cluster_of(step.article_id, step.row, step.sketch, step.item)
                conn.execute("UPDATE articles SET cluster_id = ? WHERE id = ?", (cluster, step.article_id))
                self._index(step.article_id, step.sketch, published)
                self._alert(step.kinds, step.article_id, cluster, portal, now)
                continue
            old = step.article
            self._index(step.article_id, step.sketch, published, replaced=old)
            self._insert_alert(
                AlertKind.ARTICLE_EDITED,
                step.article_id,
                portal,
                now,
                f"edited:{step.article_id}:{step.revision}",
                step.revision,
            )
            self._alert(step.kinds, step.article_id, old["cluster_id"] or step.article_id, portal, now)

    def close(self) -> None:
        if self._feed is not None:
            self._feed.close()
        self.conn.close()
