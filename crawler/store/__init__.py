"""Open the configured store from a path or URL (``sqlite:///path``; ``postgresql://`` comes later).

``open_store`` is the one place that reads a database location; everything else holds the ``Store`` it returns.
"""

from __future__ import annotations

from pathlib import Path

from crawler.store.base import ArticleQuery, RunRecord, SaveResult, Store
from crawler.store.errors import StoreError

DEFAULT_DB = "data/portalwatch.sqlite3"

__all__ = ["DEFAULT_DB", "ArticleQuery", "RunRecord", "SaveResult", "Store", "StoreError", "open_store"]


def open_store(location: str | Path | None = None) -> Store:
    """A store for a SQLite file path or ``sqlite:///path`` URL."""
    loc = str(location or DEFAULT_DB)
    if loc.startswith(("postgresql://", "postgres://")):
        raise StoreError("PostgreSQL is not supported yet; use a SQLite file path or sqlite:///path.")
    if "://" in loc and not loc.startswith("sqlite:///"):
        raise StoreError(f"unsupported database URL {loc!r}; use a SQLite file path or sqlite:///path.")
    from crawler.store.sqlite import SQLiteStore

    return SQLiteStore(loc.removeprefix("sqlite:///") if loc.startswith("sqlite:///") else loc)
