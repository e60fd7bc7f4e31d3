"""``Store`` on PostgreSQL: the same Protocols and the same named migrations as SQLite, for many writers at once.

Many crawler processes (a scrapy-redis cluster, several hosts) save at once. What cannot be decided by two of them
at the same time is a story: two copies of one story saved at once by two workers must join one cluster and raise
one alert, so the second must see the first. So a save takes one transaction-scoped advisory lock
(``_lock_stories``) first, then its rows (``FOR UPDATE``, in dedupe-key order: no lock cycle); under it, new
articles are clustered against every committed article, inserted, indexed and alerted (``ON CONFLICT (dedupe)``
on the story key), and edits revised. Alert ids therefore commit in id order, which the outbox's high-water mark
(``enqueued_through``) and a run's alert count rely on. Finer locks would not help: copies are found through any
of 21 LSH bands, all in the current week, so any two saves would share a lock stripe anyway.

So article saves queue on that lock as SQLite's writers queue on its file; everything else runs side by side
(reads, the feed, run history and locks, validators, the outbox), and a save's share of the work done under the
lock is small: items arrive with their hash and sketch made in the crawling process, and the statements are
pipelined (psycopg's pipeline mode), so a new article costs three round trips to the server (the batch's rows,
exact copy, LSH candidates) while the writes ride along with the next read. A deadlock or serialisation failure
(neither expected) retries the whole batch.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from functools import cache
from typing import Any

import psycopg

from crawler.clusters import UNDATED, Sketch
from crawler.items import ArticleItem
from crawler.store.articles import ArticleTablesMixin
from crawler.store.base import SaveResult
from crawler.store.clusterindex import ClusterIndexMixin
from crawler.store.dialect import POSTGRES
from crawler.store.documents import DocumentsMixin
from crawler.store.errors import store_error
from crawler.store.feedquery import FeedQuery
from crawler.store.health import HealthMixin
from crawler.store.meetingrecords import MeetingRecordsMixin, alert_meeting_kinds
from crawler.store.outbox import SQLOutbox
from crawler.store.postgres.connection import PgConnection, Row
from crawler.store.postgres.migrations import migrate
from crawler.store.rows import JSON_COLUMNS, article_row, json_column, now_iso
from crawler.store.runstate import RunStateMixin
from crawler.store.search import search_text
from crawler.vocab import AlertKind

_STORIES = 0x706F72_74770002  # the advisory lock of story decisions and alert ids ("portw" + 2)
_RETRIES = 5


@cache
def _insert_sql(columns: tuple[str, ...]) -> str:
    """The article INSERT for a row's columns, built once. No ON CONFLICT: every insert happens under the story
    lock after the batch's keys were read under it, so a conflict is a bug, raised (and retried once more)."""
    return (
        f"INSERT INTO articles ({', '.join(columns)}, id, cluster_id, first_seen, last_seen)"
        f" VALUES ({', '.join('?' * len(columns))}, ?, ?, ?, ?)"
    )


# Whether the store holds undated articles (if not, their index seeks are saved), and ids for the batch's new
# articles taken ahead (the cluster of a new story is its first article's id, known before its row is written).
_STATE = (
    f"SELECT EXISTS (SELECT 1 FROM articles WHERE {POSTGRES.period} = ?),"
    " ARRAY(SELECT nextval(pg_get_serial_sequence('articles', 'id')) FROM generate_series(1, ?))"
)


_RETRIED = (
    psycopg.errors.DeadlockDetected,
    psycopg.errors.SerializationFailure,
    psycopg.errors.UniqueViolation,
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
    row["search"] = search_text(item.title, item.lead)  # the folded copy the search reads (migration 0040)
    for column, value in row.items():
        if isinstance(value, str) and "\x00" in value:
            row[column] = value.replace("\x00", "")
        if column in JSON_COLUMNS and "\\u0000" in value:
            row[column] = json_column(_without_nul(json.loads(value)))
    return row


class PostgresStore(
    ArticleTablesMixin, RunStateMixin, ClusterIndexMixin, HealthMixin, MeetingRecordsMixin, DocumentsMixin
):
    """``Store`` on a PostgreSQL database (``postgresql://`` URL); any number of processes may write at once.

    Composed like ``SQLiteStore``: the save path (here), the shared article reads and writes, story clusters, meeting
    records, attachments and documents, run state, the ``outbox`` and the ``feed`` reads, each on this store's
    connection in the PostgreSQL dialect. The feed reads open one connection per serving thread."""

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
        prepared = [(item, kinds, pg_row(item, key), self._sketch(item)) for item, key, kinds in batch]
        for attempt in range(_RETRIES):
            try:
                with self.conn.raw.pipeline(), self.conn.transaction():  # BEGIN and COMMIT pipelined too
                    return self._save_batch(prepared)
            except _RETRIED as exc:
                if attempt == _RETRIES - 1:
                    raise store_error(exc, self.url) from None
            except psycopg.Error as exc:  # a server gone, a disk full: one sentence, as SQLite's store errors
                raise store_error(exc, self.url) from None
        raise AssertionError("unreachable")

    def _save_batch(
        self, batch: list[tuple[ArticleItem, Sequence[str], dict[str, Any], Sketch | None]]
    ) -> list[SaveResult]:
        conn, now = self.conn, now_iso()
        keys = sorted({row["dedupe_key"] for _, _, row, _ in batch})
        # One round trip (pipelined): the story lock, then the batch's stored rows locked in key order, whether the
        # store holds undated articles, and ids for the keys that turn out new.
        self._lock_stories()
        found = conn.execute("SELECT * FROM articles WHERE dedupe_key = ANY(?) ORDER BY dedupe_key FOR UPDATE", (keys,))
        state = conn.execute(_STATE, (UNDATED, len(keys))).fetchone()
        assert state is not None
        undated, new_ids = state
        stored: dict[str, Row] = {r["dedupe_key"]: r for r in found}
        self._undated, ids = bool(undated), iter(new_ids)
        results, touched = [], set()
        for item, kinds, row, sk in batch:  # the batch's order, as SQLite decides them (a crawl's is publication order)
            key = row["dedupe_key"]
            kinds = () if row["quarantine"] else kinds  # an injected page is stored and flagged, never alerted
            old = (
                conn.execute("SELECT * FROM articles WHERE dedupe_key = ?", (key,)).fetchone()
                if key in touched
                else stored.get(key)
            )
            touched.add(key)
            if old is not None and old["content_hash"] == row["content_hash"]:
                conn.execute("UPDATE articles SET last_seen = ?, removed_at = NULL WHERE id = ?", (now, old["id"]))
                results.append(SaveResult.UNCHANGED)
                continue
            self._undated |= row["published"] is None
            if old is None:
                article_id = next(ids)
                cluster = self._cluster_of(article_id, row, sk, item)
                conn.execute(_insert_sql(tuple(row)), (*row.values(), article_id, cluster, now, now))
                self._index(article_id, sk, row["published"])
                # Under the story lock, as SQLite's path under its write lock: a meeting is joined (or made) once.
                joined = (
                    None
                    if row["quarantine"]
                    else self._join_meeting(article_id, cluster, item, row["published"], now, new=True)
                )
                self._alert(alert_meeting_kinds(kinds, joined), article_id, cluster, item.portal, now, joined, new=True)
                results.append(SaveResult.NEW)
                continue
            revision = self._revise(old, row, now)
            self._index(old["id"], sk, row["published"], replaced=old)
            if not row["quarantine"]:
                edited = f"edited:{old['id']}:{revision}"
                self._insert_alert(AlertKind.ARTICLE_EDITED, old["id"], item.portal, now, edited, revision)
            cluster = old["cluster_id"] or old["id"]
            joined = (
                None
                if row["quarantine"]
                else self._join_meeting(old["id"], cluster, item, row["published"], now, new=False)
            )
            self._alert(alert_meeting_kinds(kinds, joined), old["id"], cluster, item.portal, now, joined)
            results.append(SaveResult.UPDATED)
        return results

    def close(self) -> None:
        if self._feed is not None:
            self._feed.close()
        self.conn.close()
