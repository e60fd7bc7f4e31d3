"""Write each item to the store (``PORTALWATCH_DB``) with the alerts it raises, and count what happened.

An article is upserted on its key with its alerts in one transaction (``Store.save_article``), whatever
crashes in between. The pipeline decides the alerts of a new article (``alert_kinds``): ``new_article`` for
every one (what a subscriber asking for new articles receives), ``meeting`` for a meeting report and
``upcoming_meeting`` for an announcement; the store joins the article to its meeting record and raises those two
once per meeting, however many articles on however many portals report it. The store raises ``article_edited``
itself, as it alone sees a revision. A re-checked article that answered 404/410 (``RemovalItem``) is marked
removed, with one ``article_removed`` alert.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from crawler.fingerprint import dedupe_key
from crawler.items import ArticleItem, PortalItem, RemovalItem
from crawler.store import Store, StoreError, open_store
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


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.location = crawler.settings.get("PORTALWATCH_DB")
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.store = open_store(self.location)

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.close()

    def process_item(self, item: PortalItem) -> PortalItem:
        assert self.store is not None and self.crawler.stats is not None
        if isinstance(item, RemovalItem):
            if self.store.mark_removed(item.url, item.portal):
                self.crawler.stats.inc_value("portalwatch/items/removed")
                logger.info("portal %s: %s answers %s; marked removed", item.portal, item.url, item.status)
        elif isinstance(item, ArticleItem):  # documents are stored by pipelines.documents
            try:
                result = self.store.save_article(item, item.dedupe_key or dedupe_key(item), alert_kinds(item))
            except StoreError as exc:  # counted: the run is partial and says how many articles it could not store
                self.crawler.stats.inc_value("portalwatch/errors/store")
                logger.error("portal %s: %s could not be stored: %s", item.portal, item.url, exc)
                return item
            self.crawler.stats.inc_value(f"portalwatch/items/{result}")
        return item
