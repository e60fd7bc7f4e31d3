"""PostgreSQL connections as the shared store code uses them (``crawler.store.dialect.Connection``).

The shared SQL is written with ``?`` placeholders and reads rows like ``sqlite3.Row``; stored values come back in
the forms ``crawler.store.rows`` defines (times as UTC ISO text, JSON columns as JSON text), so the articles, run
state, outbox and feed code is the same for both stores. The tables keep PostgreSQL's own types (``timestamptz``,
``jsonb``, ``bytea``, ``boolean``, identity ids): analysts querying the database see real types.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC
from functools import cache
from typing import Any, ClassVar

import psycopg
from psycopg.types.datetime import TimestamptzLoader
from psycopg.types.string import TextLoader

from crawler.store import StoreError, describe
from crawler.store.errors import redact

# Server settings of every connection: times print in UTC; a statement waiting longer than this on a lock (a
# stuck transaction elsewhere) fails with a message instead of hanging a crawl.
_OPTIONS = "-c TimeZone=UTC -c DateStyle=ISO -c lock_timeout=120s"


class Row(tuple[Any, ...]):
    """A result row read like ``sqlite3.Row``: by position, by column name, ``keys()``; iterating gives values."""

    __slots__ = ()
    columns: ClassVar[dict[str, int]] = {}

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.columns[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.columns)


@cache
def _row_type(names: tuple[str, ...]) -> type[Row]:
    """One ``Row`` subclass per column list (psycopg's ``namedtuple_row`` caches its classes the same way)."""
    columns: dict[str, int] = {}
    for i, name in enumerate(names):
        columns.setdefault(name, i)  # a repeated name reads the first column, as sqlite3.Row does
    return type("Row", (Row,), {"__slots__": (), "columns": columns})


def _rows(cursor: psycopg.Cursor[Any]) -> Callable[[Sequence[Any]], Row]:
    row_type = _row_type(tuple(c.name for c in cursor.description or ()))
    return row_type


class _IsoTimestamptz(TimestamptzLoader):
    """``timestamptz`` read as the UTC ISO text the store writes (``crawler.store.rows.to_db``)."""

    def load(self, data: Any) -> str:  # type: ignore[override]
        return super().load(data).astimezone(UTC).isoformat()


@cache
def placeholders(sql: str) -> str:
    """The shared SQL with psycopg's placeholders: ``?`` becomes ``%s`` and a literal ``%`` is doubled (the shared
    SQL has no other ``?``: no jsonb ``?`` operator, no question mark in a literal)."""
    return sql.replace("%", "%%").replace("?", "%s")


class PgConnection:
    """One autocommit psycopg connection: single statements commit at once, ``transaction()`` groups several."""

    def __init__(self, raw: psycopg.Connection[Row]) -> None:
        self.raw = raw

    @classmethod
    def open(cls, url: str, *, read_only: bool = False) -> PgConnection:
        """Connect to ``url``; a database that cannot be reached is a ``StoreError`` saying what to check."""
        options = _OPTIONS + (" -c default_transaction_read_only=on" if read_only else "")
        try:
            raw = psycopg.connect(
                url, autocommit=True, row_factory=_rows, options=options, application_name="portalwatch"
            )
        except psycopg.Error as exc:
            lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
            reason = redact(lines[0].removeprefix("connection failed: ") if lines else type(exc).__name__, url)
            raise StoreError(
                f"cannot connect to {describe(url)} ({reason}); check the URL, that the server runs and that the user"
                " may log in."
            ) from None
        raw.adapters.register_loader("timestamptz", _IsoTimestamptz)
        for json_type in ("json", "jsonb"):
            raw.adapters.register_loader(json_type, TextLoader)
        return cls(raw)

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = (), /) -> psycopg.Cursor[Row]:
        return self.raw.execute(placeholders(sql), parameters)

    def executemany(self, sql: str, parameters: Any, /) -> psycopg.Cursor[Row]:
        cur = self.raw.cursor()
        cur.executemany(placeholders(sql), parameters)
        return cur

    @contextmanager
    def transaction(self) -> Iterator[PgConnection]:
        """One transaction: committed when the block ends, rolled back whatever it raises."""
        with self.raw.transaction():
            yield self

    def close(self) -> None:
        self.raw.close()
