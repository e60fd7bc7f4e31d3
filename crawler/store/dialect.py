"""What differs between the SQL of the two stores, in one value each store hands to the queries they share.

The store's SQL is written once, in the subset SQLite and PostgreSQL share: ``?`` placeholders (the PostgreSQL
connection turns them into ``%s``), ``INSERT … ON CONFLICT``, ``RETURNING``, row values, ``TRUE``/``FALSE``,
recursive CTEs. What cannot be written once is named here: reading a field of a JSON column, the meeting flag,
the publication period of the cluster index, the largest of two values, an unbounded ``LIMIT`` and row locks.

Light on purpose (no driver imported), so the filters and every store module may import it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class Cursor(Protocol):
    """What the shared queries use of a DB-API cursor (``sqlite3.Cursor`` and the PostgreSQL one alike)."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """A connection running ``?``-placeholder SQL whose rows read by position and by column name (``sqlite3.Row``
    and ``crawler.store.postgres.connection.Row``)."""

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Any, /) -> Any: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Dialect:
    """The engine-specific fragments of the shared SQL."""

    name: str
    json_template: str  # a field of a JSON column: ``{column}``, ``{key}``
    is_meeting: str  # articles that are meeting reports (the condition the partial feed indexes carry)
    period: str  # ``crawler.clusters.period`` of ``published`` (the articles_period_hash index's expression)
    greatest_template: str  # the larger of ``{a}`` and ``{b}``
    utc_text_template: str  # a stored time ``{column}`` as the UTC ISO text the store writes
    no_limit: int | None  # a LIMIT parameter that means "no limit"
    lock_rows: str  # appended to a SELECT to hold its rows until the transaction ends (SQLite: the write lock does)
    skip_locked: str  # appended to a SELECT to skip the rows another transaction holds
    # When the workbench dates an article (``{p}``: the table's prefix): its publication, unless it has none or one
    # after it was first seen; the expression of migration 0041's indexes, word for word.
    shown_template: str
    # Whether the LSH lookup spells its keys as (period, bucket) pairs. PostgreSQL seeks each pair only so; given
    # ``period IN … AND bucket IN …`` before ANALYZE has seen the buckets (a first backfill) it reads whole periods
    # (a week of articles per lookup: 8 ms at 2,000 articles, growing). SQLite seeks the cross product either way.
    bucket_pairs: bool
    # Whether the cluster lookup sends its LSH query with the exact-text one, before reading either: over a network
    # a round trip costs more than the query (PostgreSQL); in-process, the query is only run when the exact one
    # finds nothing (SQLite).
    eager_lookups: bool

    def json_field(self, column: str, key: str) -> str:
        """SQL reading ``key`` of the JSON object in ``column`` as text (``meeting`` → its ``kind``)."""
        return self.json_template.format(column=column, key=key)

    def meeting_kind(self, table: str = "") -> str:
        """The meeting kind of an article; without ``table`` the exact expression of the feed's kind index."""
        return self.json_field(f"{table}.meeting" if table else "meeting", "kind")

    def shown(self, table: str = "") -> str:
        """The time the workbench lists an article at, as UTC ISO text (``shown_template``)."""
        return self.shown_template.format(p=f"{table}." if table else "")

    def greatest(self, a: str, b: str) -> str:
        return self.greatest_template.format(a=a, b=b)

    def utc_text(self, column: str) -> str:
        """A time column as text comparable with a publication stamp (SQLite stores them so already)."""
        return self.utc_text_template.format(column=column)


# ``julianday`` of the first ten characters (the UTC date of an instant, or the date) minus julianday(0001-01-01)
# plus one is ``date.toordinal()``; keep equal to ``crawler.clusters.period`` and to migration 0013's index.
_SQLITE_PERIOD = "coalesce(CAST(julianday(substr(published, 1, 10)) - 1721424.5 AS INTEGER) / 7, -1)"

SQLITE = Dialect(
    name="sqlite",
    json_template="json_extract({column}, '$.{key}')",
    is_meeting="is_meeting_report = 1",
    period=_SQLITE_PERIOD,
    greatest_template="max({a}, {b})",
    utc_text_template="{column}",
    no_limit=-1,
    lock_rows="",
    skip_locked="",
    shown_template=(
        "CASE WHEN {p}published IS NULL OR {p}published > {p}first_seen THEN {p}first_seen ELSE {p}published END"
    ),
    bucket_pairs=False,
    eager_lookups=False,
)

POSTGRES = Dialect(
    name="postgresql",
    json_template="({column} ->> '{key}')",
    is_meeting="is_meeting_report",
    # An immutable SQL function (migration 0013's PostgreSQL body), so that it can key an index.
    period="portalwatch_period(published)",
    greatest_template="greatest({a}, {b})",
    utc_text_template="""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"')""",
    no_limit=None,
    lock_rows=" FOR UPDATE",
    skip_locked=" FOR UPDATE SKIP LOCKED",
    # An immutable SQL function (migration 0041's PostgreSQL body) over the text publication and the timestamptz
    # first sighting, so that it can key an index.
    shown_template="portalwatch_shown({p}published, {p}first_seen)",
    bucket_pairs=True,
    eager_lookups=True,
)
