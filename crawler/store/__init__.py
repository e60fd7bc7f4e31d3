"""Open the configured store from a path or URL: a SQLite file (``path`` or ``sqlite:///path``) or a PostgreSQL
database (``postgresql://user:password@host:port/database``, psycopg's URL; the ``postgres`` extra installs it).

``open_store`` is the one place that reads a database location; everything else holds the ``Store`` it returns.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from crawler.store.base import ArticleQuery, RunRecord, SaveResult, Store
from crawler.store.errors import StoreError

DEFAULT_DB = "data/portalwatch.sqlite3"

__all__ = [
    "DEFAULT_DB",
    "ArticleQuery",
    "RunRecord",
    "SaveResult",
    "Store",
    "StoreError",
    "describe",
    "migrate",
    "open_store",
    "without_password",
]


def is_postgres(location: str | Path | None) -> bool:
    return str(location or "").startswith(("postgresql://", "postgres://"))


def open_store(location: str | Path | None = None) -> Store:
    """A store for a SQLite file path, a ``sqlite:///path`` URL or a ``postgresql://`` URL, migrated."""
    loc = str(location or DEFAULT_DB)
    if is_postgres(loc):
        try:
            from crawler.store.postgres import PostgresStore
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith("psycopg"):
                raise
            raise StoreError(
                "PostgreSQL needs psycopg: pip install 'portalwatch[postgres]' (or psycopg[binary])."
            ) from None
        return PostgresStore(loc)
    if "://" in loc and not loc.startswith("sqlite:///"):
        raise StoreError(
            f"unsupported database URL {loc!r}; use a SQLite file path, sqlite:///path or postgresql://host/database."
        )
    from crawler.store.sqlite import SQLiteStore

    return SQLiteStore(loc.removeprefix("sqlite:///") if loc.startswith("sqlite:///") else loc)


def migrate(location: str | Path | None = None) -> list[str]:
    """Bring the store at ``location`` to this version's schema (opening a store does); the names applied now."""
    store = open_store(location)
    try:
        return list(getattr(store, "migrated", []))
    finally:
        store.close()


def describe(location: str | Path | None = None, *, absolute: bool = False) -> str:
    """A location as messages, logs and run rows show it: a PostgreSQL URL without its password; with
    ``absolute``, a SQLite file as the absolute path a user can find it at (``serve`` says which database it
    serves)."""
    loc = str(location or DEFAULT_DB)
    if is_postgres(loc):
        return without_password(loc)
    path = loc.removeprefix("sqlite:///")
    return str(Path(path).resolve()) if absolute and "://" not in path else loc


def without_password(url: str) -> str:
    """A database or Redis URL without its password (user, host, port, path and query kept), for messages."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname or "localhost", parts.port
    except ValueError:  # a URL too broken to parse: shown as its scheme alone rather than risk its password
        return url.split("://", 1)[0] + "://…"
    query = parse_qsl(parts.query, keep_blank_values=True)
    secret = [(k, "***" if "password" in k.lower() else v) for k, v in query]  # libpq's ?password=, ?sslpassword=
    if parts.password is None and secret == query:
        return url
    user = f"{parts.username}@" if parts.username else ""
    netloc = f"{user}{'[' + host + ']' if ':' in host else host}{f':{port}' if port else ''}"
    return parts._replace(netloc=netloc, query=urlencode(secret, safe="*")).geturl()
