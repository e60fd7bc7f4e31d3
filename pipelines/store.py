"""Write each item to the store (``PORTALWATCH_DB``) with the alerts it raises, and count what happened.

An article is upserted on its key with its alerts in one transaction (``Store.save_articles``), whatever
crashes in between. The pipeline decides the alerts of a new article (``alert_kinds``): ``new_article`` for
every one (what a subscriber asking for new articles receives), ``meeting`` for a meeting report and
``upcoming_meeting`` for an announcement; the store joins the article to its meeting record and raises those two
once per meeting, however many articles on however many portals report it. The store raises ``article_edited``
itself, as it alone sees a revision. A re-checked article that answered 404/410 (``RemovalItem``) is marked
removed, with one ``article_removed`` alert. Other items (documents: ``pipelines.documents``) pass through.

Articles are written in batches: one transaction per ``PORTALWATCH_STORE_BATCH`` articles or per
``PORTALWATCH_STORE_BATCH_DELAY`` seconds, whichever comes first (a commit costs more than the rows it writes).
An article is acknowledged to Scrapy (``process_item`` completes, its ``portalwatch/items/*`` stat is counted)
only once its batch has committed, so a killed crawl loses only articles nobody was told were stored, and the
next run reads them again; alerts and meeting records are rows of the same transaction, so none is raised twice.
A batch that fails is written again one article per transaction, so a bad article fails alone. Without a running
asyncio loop (a non-asyncio reactor, a direct call) each article is written at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from scrapy.crawler import Crawler

from crawler.fingerprint import dedupe_key
from crawler.items import ArticleItem, PortalItem, RemovalItem
from crawler.store import SaveResult, Store, StoreError, open_store
from crawler.vocab import AlertKind, MeetingStatus

logger = logging.getLogger(__name__)


def alert_kinds(item: ArticleItem) -> list[str]:
    """The alerts an article raises if it turns out to be new: ``new_article``, and ``meeting`` for a meeting
    report or ``upcoming_meeting`` for an announcement (the store raises each once per meeting, keyed by
    ``crawler.store.base.alert_key``, so a second report of one session raises nothing more)."""
    kinds = [AlertKind.NEW_ARTICLE.value]
    if item.is_meeting_report:
        kinds.append(AlertKind.MEETING.value)
    elif item.meeting is not None and item.meeting.status == MeetingStatus.ANNOUNCED:
        kinds.append(AlertKind.UPCOMING_MEETING.value)
    return kinds


Row = tuple[ArticleItem, str, Sequence[str]]


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.location = settings.get("PORTALWATCH_DB")
        self.batch_size = max(settings.getint("PORTALWATCH_STORE_BATCH", 100), 1)
        self.batch_delay = settings.getfloat("PORTALWATCH_STORE_BATCH_DELAY", 0.05)
        self.store: Store | None = None
        self.pending: list[tuple[Row, asyncio.Future[PortalItem]]] = []
        self.timer: asyncio.TimerHandle | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.store = open_store(self.location)

    def close_spider(self) -> None:
        self.flush()  # nothing is pending once Scrapy closes the spider (it waits for every item); to be sure
        if self.store is not None:
            self.store.close()

    def process_item(self, item: PortalItem) -> PortalItem | asyncio.Future[PortalItem]:
        assert self.store is not None and self.crawler.stats is not None
        if isinstance(item, RemovalItem):
            if self.store.mark_removed(item.url, item.portal):
                self.crawler.stats.inc_value("portalwatch/items/removed")
                logger.info("portal %s: %s answers %s; marked removed", item.portal, item.url, item.status)
            return item
        if not isinstance(item, ArticleItem):  # documents are stored by pipelines.documents
            return item
        row = (item, item.dedupe_key or dedupe_key(item), alert_kinds(item))
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            try:
                [result] = self.store.save_articles([row])
            except StoreError as exc:
                self._lost(item, exc)
            else:
                self._count(result)
            return item
        done: asyncio.Future[PortalItem] = loop.create_future()
        self.pending.append((row, done))
        if len(self.pending) >= self.batch_size:
            self.flush()
        elif self.timer is None:
            self.timer = loop.call_later(self.batch_delay, self.flush)
        return done

    def flush(self) -> None:
        """Commit the pending articles in one transaction, then acknowledge each of them."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        batch, self.pending = self.pending, []
        if not batch or self.store is None:
            return
        try:
            results = self.store.save_articles([row for row, _ in batch])
        except Exception:  # noqa: BLE001 - one bad article must not fail the others: write them one by one
            for row, done in batch:
                try:
                    [result] = self.store.save_articles([row])
                except StoreError as exc:  # counted: the run is partial and says how many it could not store
                    self._lost(row[0], exc)
                    if not done.cancelled():
                        done.set_result(row[0])
                except Exception as exc:  # noqa: BLE001 - Scrapy logs and counts the item's failure
                    done.set_exception(exc)
                else:
                    self._acknowledge(row, done, result)
            return
        for (row, done), result in zip(batch, results, strict=True):
            self._acknowledge(row, done, result)

    def _acknowledge(self, row: Row, done: asyncio.Future[PortalItem], result: SaveResult) -> None:
        self._count(result)
        if not done.cancelled():
            done.set_result(row[0])

    def _count(self, result: SaveResult) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(f"portalwatch/items/{result}")

    def _lost(self, item: ArticleItem, exc: StoreError) -> None:
        """An article the store could not write: counted (the run is partial and says how many), logged once."""
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("portalwatch/errors/store")
        logger.error("portal %s: %s could not be stored: %s", item.portal, item.url, exc)
