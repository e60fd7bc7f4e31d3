"""The store interface: what pipelines, the CLI and the feed need, and nothing more.

SQLite implements it now; PostgreSQL will implement the same Protocol, so callers never see SQL.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

from crawler.items import ArticleItem


class SaveResult(StrEnum):
    """What an upsert did, so pipelines can count and alert exactly once."""

    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class RunRecord:
    """One crawl of one portal, for history and the demo's summary."""

    portal: str
    started: datetime
    finished: datetime
    status: str
    pages: int
    new: int
    updated: int
    unchanged: int
    failed: int
    errors: int
    finish_reason: str


@dataclass(frozen=True)
class ArticleQuery:
    """Filters shared by ``articles`` listings, exports and feeds."""

    portal: str | None = None
    meetings_only: bool = False
    limit: int | None = None


class Store(Protocol):
    """Persistent articles, alerts and run history."""

    def save_article(self, item: ArticleItem, dedupe_key: str, alert_kinds: Sequence[str]) -> SaveResult:
        """Upsert by ``dedupe_key``; on insert, also write one alert per kind, in the same transaction."""
        ...

    def articles(self, query: ArticleQuery | None = None) -> Iterator[dict[str, Any]]:
        """Stored articles, newest publication first, as JSON-ready dicts."""
        ...

    def alerts(self, limit: int = 100, portal: str | None = None) -> list[dict[str, Any]]:
        """Alerts, newest first, each with its article."""
        ...

    def record_run(self, run: RunRecord) -> None: ...

    def runs(self, portal: str | None = None, limit: int = 50) -> list[RunRecord]: ...

    def counts(self) -> dict[str, int]:
        """Row counts of articles and alerts (for tests, demos and health checks)."""
        ...

    def close(self) -> None: ...
