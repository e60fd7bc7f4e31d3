"""PortalSpider: one class for every portal; the registry entry, the CMS adapter and the run's policy do the rest.

Responses in, requests and items out. What a run reads is decided by its ``crawler.incremental.ReadingPolicy``
(made at the start from the portal's stored state, read through one store connection); whether the run was
complete, and what it leaves for the next, by the run log (``crawler.runlog``); removals are items the store
pipeline writes. A page that fails to parse or to download is a counted, logged failure of that page; the crawl
goes on. Stats keys: ``portalwatch/listing_pages``, ``portalwatch/article_pages``, ``portalwatch/known`` (links
not fetched because the article is stored), ``portalwatch/not_modified`` (304s), ``portalwatch/errors/parse``,
``portalwatch/errors/download``, ``portalwatch/items/removed``, ``portalwatch/document_pages`` (pages of a
document registry, such as NukeViet's ``laws`` module), and for the health checks (``crawler.monitors.facts``)
``portalwatch/links`` (article links and whole items listings offered) and ``portalwatch/selector_failures/page``
(article pages the adapter could not read).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar

from scrapy import Request, Spider
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.adapters.base import FEED, SITEMAP, Adapter, ParseError, adapter_for, source_of
from crawler.discovery import parse_source
from crawler.incremental import ReadingPolicy, make_plan
from crawler.items import ArticleItem, DocumentItem, PortalItem, RemovalItem
from crawler.registry import Portal
from crawler.store import Store, open_store


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
        settings, now = self.settings, datetime.now(UTC)
        self.store = open_store(settings.get("PORTALWATCH_DB"))
        plan = make_plan(
            self.store.portal_state(self.portal.slug),
            now,
            enabled=settings.getbool("PORTALWATCH_INCREMENTAL", True),
            deep_every=settings.getfloat("PORTALWATCH_DEEP_EVERY", 86400),
        )
        self.policy = ReadingPolicy(
            self.portal,
            self.adapter,
            self.store,
            plan,
            now,
            recheck=settings.getint("PORTALWATCH_RECHECK", 20),
            known_stop=settings.getint("PORTALWATCH_KNOWN_STOP", 10),
            count=self.crawler.stats.inc_value,
            log=self.logger,
        )
        self.logger.info("portal %s: %s run%s", self.portal.slug, plan.mode, " (deep)" if plan.deep else "")
        for url in self.policy.recheck_urls():
            yield Request(url, self.parse_recheck, errback=self.on_error, meta={"handle_httpstatus_list": [404, 410]})
        for request in self._listings(self.policy.first_requests()):
            yield request

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
        learned: list[Request] = []
        try:
            listing = parse_source(response, self.adapter.is_article_url, self.adapter.is_document_url)
            if listing is None:
                if source.kind in (SITEMAP, FEED):  # a soft 404, or HTML for a sitemap
                    raise ParseError(f"{response.url} is not a {source.kind}")
                listing = self.adapter.parse_listing(self._text(response))
                learned = self._learn_feed(response)
        except Exception as exc:  # noqa: BLE001 - a bad page must never stop the crawl
            if source.discovery:
                yield from self._listings(self.policy.fallback(source, response.url, repr(exc)))
            else:
                self._fail(response, "parse", exc)
            return
        yield from self._listings(learned)
        self.crawler.stats.inc_value("portalwatch/links", len(listing.articles) + len(listing.items))
        articles, requests = self.policy.read(response.url, response.headers, source, listing)
        yield from listing.items
        for url in articles:
            yield Request(url, callback=self.parse_article, errback=self.on_error, priority=1)
        for url in self.policy.documents(listing.documents):
            yield Request(url, callback=self.parse_document, errback=self.on_error, priority=1)
        yield from self._listings(requests)

    def parse_article(self, response: Response) -> Iterator[ArticleItem | Request]:
        self.crawler.stats.inc_value("portalwatch/article_pages")
        try:
            yield self.adapter.parse_article(self._text(response))
        except Exception as exc:  # noqa: BLE001
            self.crawler.stats.inc_value("portalwatch/selector_failures/page")
            self._fail(response, "parse", exc)
            return
        yield from self._listings(self._learn_feed(response))

    def parse_document(self, response: Response) -> Iterator[DocumentItem]:
        """A document registry's page (NukeViet ``laws``): one document, stored by ``pipelines.documents``."""
        self.crawler.stats.inc_value("portalwatch/document_pages")
        try:
            yield self.adapter.parse_document(self._text(response))
        except Exception as exc:  # noqa: BLE001
            self._fail(response, "parse", exc)

    def _learn_feed(self, response: Response) -> list[Request]:
        html = response.text if isinstance(response, HtmlResponse) else None
        return self.policy.learn_feed(html, response.url) if self.policy is not None else []

    def on_error(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]
        source = source_of(request)
        if source.discovery and self.policy is not None:
            yield from self._listings(self.policy.fallback(source, request.url, failure.getErrorMessage()))
            return
        self.crawler.stats.inc_value("portalwatch/errors/download")
        # The one log line of a failed page (Scrapy's own are lowered: crawler.progress.DownloadFailureLog).
        response = getattr(failure.value, "response", None)
        reason = f"HTTP {response.status}" if isinstance(failure.value, HttpError) and response is not None else None
        self.logger.warning(
            "portal %s: download failed for %s: %s", self.portal.slug, request.url, reason or failure.getErrorMessage()
        )

    def _fail(self, response: Response, stage: str, exc: Exception) -> None:
        self.crawler.stats.inc_value(f"portalwatch/errors/{stage}")
        if isinstance(exc, ParseError):
            self.logger.warning("portal %s: %s", self.portal.slug, exc)
        else:
            self.logger.error("portal %s: cannot parse %s: %r", self.portal.slug, response.url, exc, exc_info=exc)

    @staticmethod
    def _text(response: Response) -> TextResponse:
        if not isinstance(response, TextResponse):
            raise ParseError(f"{response.url} is not an HTML page ({response.headers.get('Content-Type')!r})")
        return response
