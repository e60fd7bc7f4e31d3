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


def alert_key(kind: str, article_id: int, cluster_id: int) -> str:
    """The story an alert is about, unique in the store: one meeting alert per cluster of copies."""
    if kind == "meeting":
        return f"meeting:cluster:{cluster_id}"
    return f"{kind}:{article_id}"


class Store(Protocol):
    """Persistent articles, alerts and run history."""

    def save_article(self, item: ArticleItem, dedupe_key: str, alert_kinds: Sequence[str]) -> SaveResult:
        """Upsert by ``dedupe_key``, in one transaction with everything it implies.

        On insert: the story cluster (``cluster_id``), its signature and one alert per kind (keyed by
        ``alert_key``: a copy of an alerted story adds none). On a content change: a revision keeping the
        old version and one ``article_edited`` alert.
        """
        ...

    def save_articles(self, batch: Sequence[tuple[ArticleItem, str, Sequence[str]]]) -> list[SaveResult]:
        """``save_article`` over many items in one transaction (bulk loads, benchmarks)."""
        ...

    def mark_removed(self, url: str, portal: str) -> bool:
        """A stored article answered 404/410: mark it removed and alert once; False if unknown or already marked."""
        ...

    def recent_urls(self, portal: str, limit: int) -> list[str]:
        """URLs of the portal's most recently published articles not marked removed, for re-checks."""
        ...

    def cluster(self, cluster_id: int) -> list[dict[str, Any]]:
        """Every copy of one story, earliest publication first."""
        ...

    def revisions(self, article_id: int) -> list[dict[str, Any]]:
        """Replaced versions of an article, oldest first."""
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
