"""The PostgreSQL store (psycopg 3): ``open_store("postgresql://…")`` returns a ``PostgresStore``."""

from __future__ import annotations

from crawler.store.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
