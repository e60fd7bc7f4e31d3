"""The story-cluster index of both stores: which stored article a new one is a copy of, found in the database.

Rules are ``crawler.clusters``' (MinHash signatures, LSH band buckets, the publication-period window, the
opening key of trimmed copies); this half of the store keeps them as rows (``signatures``, ``lsh_buckets``) and
looks candidates up by index, so clustering needs no in-memory state whatever the size of the store.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from functools import cache
from typing import Any

from crawler.clusters import (
    MAX_CANDIDATES,
    Sketch,
    article_text,
    buckets,
    close_in_time,
    is_copy,
    is_trimmed_copy,
    may_be_trimmed_copy,
    near_periods,
    opening,
    period,
    shingles,
    similarity,
    sketch,
)
from crawler.items import ArticleItem
from crawler.store.dialect import Connection, Dialect


def register_functions(conn: sqlite3.Connection) -> None:
    """SQL names for the cluster index's Python rules, so migrations rebuild rows with the code that writes them."""
    conn.create_function("dedupe_period", 1, period, deterministic=True)
    conn.create_function("dedupe_buckets", 1, lambda sig: json.dumps(buckets(sig)), deterministic=True)
    conn.create_function(
        "dedupe_opening", 3, lambda lead, body, title: opening(shingles(_text(lead, body, title))), deterministic=True
    )


def _text(lead: str | None, body: str | None, title: str | None) -> str:
    """A stored article's ``crawler.clusters.article_text``: lead and body paragraphs, else the title."""
    return "\n\n".join(p for p in [lead or "", *json.loads(body or "[]")] if p) or title or ""


def _keys(sk_buckets: Sequence[int], opening_key: int | None) -> tuple[int, ...]:
    """An article's rows in lsh_buckets: its band keys and its opening key."""
    return (*sk_buckets, opening_key) if opening_key is not None else tuple(sk_buckets)


def marks(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _in_periods(column: str, table: str, periods: int | None) -> tuple[str, str]:
    """(CTE, condition) keeping ``column`` to ``periods`` bound values; None (an undated article, which may match any
    date) walks every period present, one seek each, through a recursive CTE (a skip scan)."""
    if periods is not None:
        return "", f"{column} IN ({', '.join('?' * periods)})"
    cte = (
        f"WITH RECURSIVE periods(p) AS (SELECT min({column}) FROM {table} UNION ALL SELECT (SELECT min({column})"
        f" FROM {table} WHERE {column} > p) FROM periods WHERE p IS NOT NULL) "
    )
    return cte, f"{column} IN (SELECT p FROM periods)"


# The save path's statements, built once per shape (number of periods, of keys): per item they were a tenth of
# the writer's Python time.
@cache
def _exact_sql(periods: int | None, period_sql: str) -> str:
    # A row without a cluster is one this transaction has written and not clustered yet (PostgreSQL clusters a
    # batch after writing its rows): not an earlier copy.
    cte, where = _in_periods(period_sql, "articles", periods)
    return (
        f"{cte}SELECT cluster_id, published FROM articles WHERE {where} AND content_hash = ? AND portal != ?"
        " AND id != ? AND cluster_id IS NOT NULL ORDER BY id LIMIT 20"
    )


@cache
def _candidates_sql(periods: int | None, keys: int, pairs: bool) -> str:
    if pairs and periods is not None:  # one index seek per (period, bucket) pair: see ``Dialect.bucket_pairs``
        hits = (
            "SELECT l.article_id, count(*) AS hits FROM unnest(?::integer[], ?::bigint[]) AS k(period, bucket)"
            " CROSS JOIN LATERAL (SELECT article_id FROM lsh_buckets"
            " WHERE period = k.period AND bucket = k.bucket OFFSET 0) l"  # OFFSET 0: seek per pair, never a join plan
            " GROUP BY l.article_id"
        )
        cte = ""
    else:
        cte, where = _in_periods("period", "lsh_buckets", periods)
        hits = (
            f"SELECT article_id, count(*) AS hits FROM lsh_buckets WHERE {where}"
            f" AND bucket IN ({', '.join('?' * keys)}) GROUP BY article_id"
        )
    return (
        f"{cte}SELECT a.id, s.minhash, a.cluster_id, a.published, a.lead FROM ({hits} ORDER BY hits DESC LIMIT ?) c"
        " JOIN articles a ON a.id = c.article_id JOIN signatures s ON s.article_id = c.article_id"
        " WHERE a.portal != ?"
    )


def _candidate_keys(periods: tuple[int, ...] | None, keys: Sequence[int], pairs: bool) -> list[Any]:
    """The parameters of ``_candidates_sql``'s key condition, in its order."""
    if pairs and periods is not None:
        return [[p for p in periods for _ in keys], [k for _ in periods for k in keys]]
    return [*(periods or ()), *keys]


@cache
def _bucket_insert_sql(keys: int) -> str:
    # One statement for all keys: a multi-row VALUES costs one parse, not one per key.
    return (
        "INSERT INTO lsh_buckets (period, bucket, article_id) VALUES "
        + ", ".join(["(?, ?, ?)"] * keys)
        + " ON CONFLICT DO NOTHING"
    )


class ClusterIndexMixin:
    """The cluster half of a store (it provides ``conn``, its ``dialect`` and whether it holds undated articles)."""

    conn: Connection
    dialect: Dialect
    near_duplicates: bool
    _undated: bool

    def _sketch(self, item: ArticleItem) -> Sketch | None:
        """The sketch the dedupe pipeline computed in the crawling process, else computed here."""
        if not self.near_duplicates:
            return None
        return item.sketch if item.sketch is not None else sketch(article_text(item))

    def _cluster_of(self, article_id: int, row: dict[str, Any], sk: Sketch | None, item: ArticleItem) -> int:
        """The cluster of the closest earlier copy on another portal (exact text first, then LSH), else a new one."""
        conn = self.conn
        periods = near_periods(row["published"])
        if periods is not None and not self._undated:
            periods = periods[:-1]  # (p - 1, p, p + 1, UNDATED): no undated article to look at
        n = None if periods is None else len(periods)
        exact = conn.execute(
            _exact_sql(n, self.dialect.period), (*(periods or ()), row["content_hash"], row["portal"], article_id)
        )
        keys = _keys(sk.buckets, sk.opening) if sk is not None else ()
        # Candidates sharing the most keys first (the likeliest copies), confirmed on their signatures. Every
        # (period, bucket) pair is one seek on the primary key: no scan, whatever the size of the store. Sent with
        # the exact lookup where a round trip costs more than the query (``Dialect.eager_lookups``).
        pairs = self.dialect.bucket_pairs
        candidates = None
        if keys and self.dialect.eager_lookups:
            candidates = conn.execute(
                _candidates_sql(n, len(keys), pairs),
                (*_candidate_keys(periods, keys, pairs), MAX_CANDIDATES, row["portal"]),
            )
        for r in exact.fetchall():
            if close_in_time(r["published"], row["published"]):
                return int(r["cluster_id"])
        if sk is None:
            return article_id
        if candidates is None:
            candidates = conn.execute(
                _candidates_sql(n, len(keys), pairs),
                (*_candidate_keys(periods, keys, pairs), MAX_CANDIDATES, row["portal"]),
            )
        best, cluster = 0.0, article_id
        for c in candidates.fetchall():
            sim = similarity(sk.signature, c["minhash"])
            if (sim, -c["cluster_id"]) <= (best, -cluster):
                continue
            if is_copy(sim, c["lead"], row["lead"], c["published"], row["published"]) or (
                may_be_trimmed_copy(c["lead"], row["lead"], c["published"], row["published"])
                and is_trimmed_copy(self._stored_text(c["id"]), article_text(item))
            ):
                best, cluster = sim, int(c["cluster_id"])
        return cluster

    def _stored_text(self, article_id: int) -> str:
        """The text a stored article was sketched from (read only for a possible trimmed copy: rare)."""
        r = self.conn.execute("SELECT lead, body, title FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _text(r["lead"], r["body"], r["title"])

    def _index(self, article_id: int, sk: Sketch | None, published: str | None, replaced: Any = None) -> None:
        """Persist the signature and its band buckets (the LSH index lives in SQLite, not in memory).

        ``replaced`` is the article's previous row: its rows are found again from its signature and date."""
        if replaced is not None:
            old = self.conn.execute(
                "SELECT minhash, opening FROM signatures WHERE article_id = ?", (article_id,)
            ).fetchone()
            if old is not None:
                keys = _keys(buckets(old["minhash"]), old["opening"])
                self.conn.execute(
                    f"DELETE FROM lsh_buckets WHERE period = ? AND bucket IN ({marks(keys)}) AND article_id = ?",
                    (period(replaced["published"]), *keys, article_id),
                )
                self.conn.execute("DELETE FROM signatures WHERE article_id = ?", (article_id,))
        if sk is None:
            return
        self.conn.execute(
            "INSERT INTO signatures (article_id, minhash, opening) VALUES (?, ?, ?)",
            (article_id, sk.signature, sk.opening),
        )
        p = period(published)
        keys = _keys(sk.buckets, sk.opening)
        self.conn.execute(_bucket_insert_sql(len(keys)), [v for b in keys for v in (p, b, article_id)])
