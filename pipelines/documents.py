"""Store documents: those a registry page gives (``DocumentItem``), and those an article cites or adopted.

A ``DocumentItem`` from a document registry (NukeViet's ``laws`` module, a "Văn bản" section) is stored by its
identity with its page (``Store.save_document``); the first time a registry lists a document, the store raises its
one ``document`` alert in the same transaction. A citation never raises one: documents named in every other report
would drown the news that a new resolution was published.

For an article (not quarantined): the documents its text and its attachments' text cite (``crawler.documents.cited``)
are stored and linked to it, with its attachments (``Store.save_article_documents``, before the store pipeline writes
the article, keyed by its natural key). For a meeting report, the documents its meeting adopted are marked
``adopted`` and confirm its fields (``crawler.documents.meetings.confirm``: evidence lines, and the ordinal, term or
body the article left out); an article that reports no meeting stays one, whatever it attaches. Counted:
``portalwatch/documents/<new|updated|unchanged>``, ``portalwatch/documents/alerts``, ``portalwatch/documents/cited``.
"""

from __future__ import annotations

from dataclasses import replace

from scrapy.crawler import Crawler

from crawler.documents.cited import cited
from crawler.documents.issuers import places_of
from crawler.documents.meetings import adopted, confirm
from crawler.fingerprint import dedupe_key
from crawler.items import ArticleItem, DocumentItem, PortalItem
from crawler.store import Store, open_store


class DocumentsPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.location = crawler.settings.get("PORTALWATCH_DB")
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DocumentsPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.store = open_store(self.location)

    def close_spider(self) -> None:
        if self.store is not None:
            self.store.close()

    def count(self, key: str, n: int = 1) -> None:
        if self.crawler.stats is not None and n:
            self.crawler.stats.inc_value(f"portalwatch/documents/{key}", n)

    def places(self) -> dict[str, str] | None:
        """The crawled portal's localities, which place the committees its pages name without one."""
        portal = getattr(self.crawler.spider, "portal", None)
        return places_of(portal) if portal is not None else None

    def process_item(self, item: PortalItem) -> PortalItem:
        assert self.store is not None
        if isinstance(item, DocumentItem):
            result, alert = self.store.save_document(item)
            self.count(result)
            self.count("alerts", 1 if alert else 0)
        elif isinstance(item, ArticleItem) and not item.quarantine:
            found = cited(item, self.places())
            item.meeting = confirm(item.meeting, [f for _, f in found])
            item.documents = [replace(doc, adopted=adopted(item.meeting, f)) for doc, f in found]
            self.store.save_article_documents(
                item.dedupe_key or dedupe_key(item),
                item.portal,
                [a.url for a in item.attachment_texts],
                item.documents,
            )
            self.count("cited", len(item.documents))
        return item
