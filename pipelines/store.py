"""Write each item to the store (``PORTALWATCH_DB``) and count new, updated and unchanged rows."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.items import ArticleItem
from crawler.store import Store, open_store
from pipelines.dedupe import dedupe_key


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

    def process_item(self, item: ArticleItem) -> ArticleItem:
        assert self.store is not None
        key = item.extra.get("dedupe_key") or dedupe_key(item)
        result = self.store.save_article(item, key, item.extra.get("alert_kinds", []))
        self.crawler.stats.inc_value(f"portalwatch/items/{result}")
        return item
