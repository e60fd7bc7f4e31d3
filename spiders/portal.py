"""One spider for every portal: responses in, requests and items out. What a run reads is its reading policy
(``crawler.incremental``), whether it was complete the run log's; a failed page is counted, and the crawl goes on.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any, ClassVar

from scrapy import Request, Spider, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import HtmlResponse, Response
from twisted.python.failure import Failure

from crawler.adapters.base import Adapter, ParseError, adapter_for, source_of, text_response
from crawler.discovery import read_listing
from crawler.incremental import ReadingPolicy, policy_for_run
from crawler.items import ArticleItem, DocumentItem, PortalItem, RemovalItem
from crawler.progress import failure_reason
from crawler.registry import Portal
from crawler.store import DEFAULT_DB, Store, StoreError, open_store
from crawler.store.errors import any_store_error, store_error


class PortalSpider(Spider):
    """Crawl one portal: listing pages (with pagination) to article pages to items."""

    portal: ClassVar[Portal]

    def __init__(self, *args: Any, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if base_url:
            self.portal = self.portal.with_base_url(base_url)  # type: ignore[misc]
        self.adapter: Adapter = adapter_for(self.portal)
        self.allowed_domains = [self.portal.domain]
        self.store: Store | None = None  # read only: the run's plan, stored validators, known articles
        self.policy: ReadingPolicy | None = None

    async def start(self) -> AsyncIterator[Any]:
        self.crawler.signals.connect(self.idle, signal=signals.spider_idle)
        location = self.settings.get("PORTALWATCH_DB")
        try:
            self.store = open_store(location)
            self.policy = policy_for_run(self.portal, self.adapter, self.store, self.crawler, self.logger)
            rechecks = self.policy.recheck_urls()
        except any_store_error() as exc:  # the run log records the run as failed
            self.logger.error("portal %s: %s", self.portal.slug, store_error(exc, location or DEFAULT_DB))
            return
        mode, deep = self.policy.plan.mode, self.policy.plan.deep
        self.logger.info("portal %s: %s run%s", self.portal.slug, mode, " (deep)" if deep else "")
        for url in rechecks:
            yield Request(url, self.parse_recheck, errback=self.on_error, meta={"handle_httpstatus_list": [404, 410]})
        for request in self._listings(self.policy.first_requests()):
            yield request

    def idle(self) -> None:
        """Signal handler: the listings the policy still wants walked keep the spider open."""
        requests = list(self._listings(self.policy.at_idle())) if self.policy is not None else []
        if not requests or self.crawler.engine is None:
            return
        for request in requests:
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def closed(self, reason: str) -> None:
        if self.store is not None:
            self.store.close()

    def _listings(self, requests: Iterable[Request]) -> Iterator[Request]:
        for request in requests:
            yield request.replace(callback=self.parse_listing, errback=self.on_error)

    def parse_recheck(self, response: Response) -> Iterator[PortalItem | Request]:
        """A re-checked article: 404/410 is a removal (the store marks it once, with one alert); else it is parsed."""
        if response.status in (404, 410):
            yield RemovalItem(self.portal.slug, response.url, response.status)
            return
        yield from self.parse_article(response)

    def parse_listing(self, response: Response) -> Iterator[Request | ArticleItem]:
        assert self.policy is not None
        source = source_of(response)
        if response.status == 304:
            self.crawler.stats.inc_value("portalwatch/not_modified")
            return
        self.crawler.stats.inc_value("portalwatch/listing_pages")
        try:
            listing, page = read_listing(response, self.adapter)
        except Exception as exc:  # noqa: BLE001 - a bad page must never stop the crawl
            if source.discovery:
                yield from self._listings(self.policy.fallback(source, response.url, repr(exc)))
            else:
                self._fail(response, "parse", exc)
            return
        yield from self._listings(self._learn_feed(response) if page else [])
        self.crawler.stats.inc_value("portalwatch/links", len(listing.articles) + len(listing.items))
        try:
            articles, requests = self.policy.read(response.url, response.headers, source, listing)
        except any_store_error() as exc:  # the policy reads the store (known articles, validators)
            self._fail(response, "store", exc)
            return
        yield from self.policy.own_items(listing)
        for url in articles:
            yield Request(url, callback=self.parse_article, errback=self.on_error, priority=1)
        for url in self.policy.documents(listing.documents):
            yield Request(url, callback=self.parse_document, errback=self.on_error, priority=1)
        yield from self._listings(requests)

    def parse_article(self, response: Response) -> Iterator[ArticleItem | Request]:
        self.crawler.stats.inc_value("portalwatch/article_pages")
        try:
            yield self.adapter.parse_article(text_response(response))
        except Exception as exc:  # noqa: BLE001
            self.crawler.stats.inc_value("portalwatch/selector_failures/page")
            self._fail(response, "parse", exc)
            return
        yield from self._listings(self._learn_feed(response))

    def parse_document(self, response: Response) -> Iterator[DocumentItem]:
        """A document registry's page (NukeViet ``laws``): one document, stored by ``pipelines.documents``."""
        self.crawler.stats.inc_value("portalwatch/document_pages")
        try:
            yield self.adapter.parse_document(text_response(response))
        except Exception as exc:  # noqa: BLE001
            self._fail(response, "parse", exc)

    def _learn_feed(self, response: Response) -> list[Request]:
        html = response.text if isinstance(response, HtmlResponse) else None
        return self.policy.learn_feed(html, response.url) if self.policy is not None else []

    def on_error(self, failure: Failure) -> Iterator[Request]:
        """A failed download: a discovery source falls back to the listings, else one counted, logged failure
        (Scrapy's own lines are lowered: crawler.progress.DownloadFailureLog)."""
        request = failure.request  # type: ignore[attr-defined]
        source, reason = source_of(request), failure_reason(failure)
        if source.discovery and self.policy is not None:
            yield from self._listings(self.policy.fallback(source, request.url, reason))
            return
        self.crawler.stats.inc_value("portalwatch/errors/download")
        self.logger.warning("portal %s: download failed for %s: %s", self.portal.slug, request.url, reason)

    def _fail(self, response: Response, stage: str, exc: Exception) -> None:
        self.crawler.stats.inc_value(f"portalwatch/errors/{stage}")
        if isinstance(exc, any_store_error()):
            exc = StoreError(store_error(exc, self.settings.get("PORTALWATCH_DB") or DEFAULT_DB))
        if isinstance(exc, ParseError | StoreError):
            self.logger.warning("portal %s: %s", self.portal.slug, exc)
        else:
            self.logger.error("portal %s: cannot parse %s: %r", self.portal.slug, response.url, exc, exc_info=exc)
