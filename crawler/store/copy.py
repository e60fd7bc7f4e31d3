"""Move an archive between stores (SQLite to PostgreSQL, or back): every row of every table, ids kept.

Tables are found in the schema, not listed here, so a table a later migration adds is copied too; they are filled
parents first (foreign keys), in one transaction on the target, and PostgreSQL's id sequences are moved past the
copied ids. Only each store's own bookkeeping stays behind: its ``schema_migrations`` (both stores are migrated
when opened) and ``portal_locks`` (a lock belongs to a running crawl of the source), and its search structure
(``crawler.store.search``: SQLite's FTS5 tables, filled by their triggers as articles arrive; PostgreSQL's folded
``articles.search``, computed again after the copy).

The target must be empty: a copy never merges two archives, whose ids would collide (an article 17 in each),
so running the same copy twice refuses the second time and changes nothing. To move an archive again, copy into
a new database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from graphlib import CycleError, TopologicalSorter
from typing import Any

from crawler.store import Store, StoreError, describe, open_store

NOT_COPIED = frozenset({"schema_migrations", "portal_locks"})
SEARCH_TABLES = "article_search"  # SQLite's FTS5 table and the shadow tables it keeps (``article_search_*``)
DERIVED_COLUMNS = {"articles": {"search"}}  # PostgreSQL's folded copy of title and lead
_CHUNK = 2000


@dataclass(frozen=True)
class Copied:
    table: str
    rows: int


def _schema(store: Any) -> tuple[dict[str, list[str]], dict[str, set[str]]]:
    """Each table's columns in order, and the tables each one references."""
    conn = store.conn
    columns: dict[str, list[str]] = {}
    parents: dict[str, set[str]] = {}
    if store.dialect.name == "sqlite":
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")]
        for name in names:
            if name.startswith(("sqlite_", SEARCH_TABLES)):
                continue
            columns[name] = [r[1] for r in conn.execute(f"PRAGMA table_info({name})")]
            parents[name] = {r[2] for r in conn.execute(f"PRAGMA foreign_key_list({name})")}
    else:
        for table, column in conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            " ORDER BY table_name, ordinal_position"
        ):
            columns.setdefault(table, []).append(column)
        for table, parent in conn.execute(
            "SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint"
            " WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"
        ):
            parents.setdefault(table, set()).add(parent)
    for table, derived in DERIVED_COLUMNS.items():
        if table in columns:
            columns[table] = [c for c in columns[table] if c not in derived]
    return columns, parents


def _order(columns: dict[str, list[str]], parents: dict[str, set[str]]) -> list[str]:
    """Tables to copy, each after the tables it references."""
    tables = sorted(set(columns) - NOT_COPIED)
    graph = {t: {p for p in parents.get(t, set()) if p in tables and p != t} for t in tables}
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError:
        raise StoreError("the tables reference each other in a cycle; db copy cannot order them.") from None


def _rows(store: Any, table: str, columns: Sequence[str]) -> Iterator[Sequence[Any]]:
    """The table's rows, streamed (a server-side cursor on PostgreSQL, so a large archive never sits in memory)."""
    sql = f"SELECT {', '.join(columns)} FROM {table}"
    if store.dialect.name == "sqlite":
        yield from store.conn.execute(sql)
        return
    raw = store.conn.raw
    with raw.transaction(), raw.cursor(name=f"copy_{table}") as cur:
        cur.itersize = _CHUNK
        cur.execute(sql)
        yield from cur


def _text(value: Any) -> Any:
    """PostgreSQL text cannot hold U+0000 (a broken page's stray byte in SQLite): dropped."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def _writer(store: Any, table: str, columns: Sequence[str]) -> Callable[[Iterable[Sequence[Any]]], int]:
    """Appends rows to a target table: COPY on PostgreSQL, batched INSERTs on SQLite; returns how many."""
    names = ", ".join(columns)
    if store.dialect.name == "sqlite":
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"

        def insert(rows: Iterable[Sequence[Any]]) -> int:
            n, batch = 0, []
            for row in rows:
                batch.append(tuple(row))
                if len(batch) == _CHUNK:
                    store.conn.executemany(sql, batch)
                    n, batch = n + len(batch), []
            store.conn.executemany(sql, batch)
            return n + len(batch)

        return insert

    def copy(rows: Iterable[Sequence[Any]]) -> int:
        n = 0
        with store.conn.raw.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as out:
            for row in rows:
                out.write_row([_text(v) for v in row])
                n += 1
        return n

    return copy


def _reset_ids(store: Any) -> None:
    """PostgreSQL: each identity sequence continues after the largest copied id."""
    if store.dialect.name == "sqlite":
        return  # SQLite takes max(rowid) + 1
    for table, column in store.conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES'"
    ).fetchall():
        store.conn.execute(
            f"SELECT setval(pg_get_serial_sequence(?, ?), coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)",
            (table, column),
        )


def copy_store(source: str, target: str, *, progress: Callable[[Copied], None] | None = None) -> list[Copied]:
    """Copy every row of the store at ``source`` into the empty store at ``target`` (both opened, so migrated)."""
    src, dst = open_store(source), open_store(target)
    try:
        return _copy(src, dst, target, progress or (lambda c: None))
    finally:
        src.close()
        dst.close()


def _copy(src: Store, dst: Store, target: str, progress: Callable[[Copied], None]) -> list[Copied]:
    columns, parents = _schema(src)
    target_columns, _ = _schema(dst)
    tables = _order(columns, parents)
    differ = [t for t in tables if sorted(columns[t]) != sorted(target_columns.get(t, []))]
    if differ:
        raise StoreError(
            f"the two stores' schemas differ (table {differ[0]}); run this version's `portalwatch db migrate` on both"
            " (the same code migrates both) and copy again."
        )
    filled = [(t, n) for t in tables if (n := dst.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])]  # type: ignore[attr-defined]
    if filled:
        table, n = filled[0]
        raise StoreError(
            f"{describe(target)} already holds {n} rows in {table}; db copy only fills an empty store (copying"
            " again never merges), so nothing was copied: copy into a new database."
        )
    done = []
    with dst._write():  # type: ignore[attr-defined]  # all or nothing
        for table in tables:
            names = columns[table]
            copied = Copied(table, _writer(dst, table, names)(_rows(src, table, names)))
            done.append(copied)
            progress(copied)
        _reset_ids(dst)
        if dst.dialect.name != "sqlite":  # type: ignore[attr-defined]
            from crawler.store.postgres.migrations import fill_search

            fill_search(dst.conn.raw)  # type: ignore[attr-defined]
    return done
