"""PortalSpider: one class for every portal; the registry entry and the CMS adapter do the rest.

A page that fails to parse or to download is a counted, logged failure of that page; the crawl goes
on. Stats keys: ``portalwatch/listing_pages``, ``portalwatch/article_pages``,
``portalwatch/errors/parse``, ``portalwatch/errors/download``, ``portalwatch/items/removed``. A crawl starts
by re-checking the portal's most recent stored articles (``PORTALWATCH_RECHECK``, default 20).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.adapters.base import FALLBACK, SOURCE, Adapter, ParseError, adapter_for
from crawler.discovery import parse_source
from crawler.items import ArticleItem
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

    async def start(self) -> AsyncIterator[Any]:
        for url in self._recheck_urls():
            yield Request(url, callback=self.parse_recheck, errback=self.on_error,
                          meta={"handle_httpstatus_list": [404, 410]})
        for request in self.adapter.start_requests():
            yield request.replace(callback=self.parse_listing, errback=self.on_error)

    def _store(self) -> Store | None:
        """The crawl's store if it already exists (a first crawl has nothing to re-check)."""
        location = str(self.settings.get("PORTALWATCH_DB") or "")
        return open_store(location) if location and Path(location.removeprefix("sqlite:///")).exists() else None

    def _recheck_urls(self) -> list[str]:
        """The portal's ``PORTALWATCH_RECHECK`` (default 20) most recent stored articles, fetched again first
        so that an edit or a takedown is seen even when listings no longer link the article."""
        limit = self.settings.getint("PORTALWATCH_RECHECK", 20)
        store = self._store() if limit > 0 else None
        if store is None:
            return []
        try:
            urls = store.recent_urls(self.portal.slug, limit)
        finally:
            store.close()
        here = urlsplit(self.portal.base_url).netloc
        return [u for u in urls if urlsplit(u).netloc == here]  # not URLs stored from another host or port

    def parse_recheck(self, response: Response) -> Iterator[ArticleItem]:
        """A re-checked article: 404/410 marks it removed (once, with one alert); anything else is parsed."""
        if response.status in (404, 410):
            store = self._store()
            if store is not None:
                try:
                    if store.mark_removed(response.url, self.portal.slug):
                        self.crawler.stats.inc_value("portalwatch/items/removed")
                        self.logger.info("portal %s: %s answers %s; marked removed", self.portal.slug,
                                         response.url, response.status)
                finally:
                    store.close()
            return
        yield from self.parse_article(response)

    def _listing_request(self, url: str) -> Request:
        return Request(url, callback=self.parse_listing, errback=self.on_error)

    def _fallback(self, request: Request, why: str) -> Iterator[Request]:
        """Listing pages to crawl instead of a failed discovery source, if it named any."""
        urls = request.meta.get(FALLBACK) or []
        if urls:
            self.crawler.stats.inc_value("portalwatch/fallbacks")
            self.logger.info("portal %s: %s failed (%s); falling back to %s", self.portal.slug, request.url, why, urls)
        for url in urls:
            yield self._listing_request(url)

    def parse_listing(self, response: Response) -> Iterator[Request | ArticleItem]:
        self.crawler.stats.inc_value("portalwatch/listing_pages")
        try:
            listing = parse_source(response, self.adapter.is_article_url)
            if listing is None:
                if response.meta.get(SOURCE):  # a soft 404 or an HTML page where a sitemap should be
                    raise ParseError(f"{response.url} is not a {response.meta[SOURCE]}")
                listing = self.adapter.parse_listing(self._text(response))
        except Exception as exc:  # noqa: BLE001 - a bad page must never stop the crawl
            if FALLBACK in response.meta:
                yield from self._fallback(response.request, repr(exc))  # type: ignore[arg-type]
                return
            self._fail(response, "parse", exc)
            return
        yield from listing.items
        for url in listing.articles:
            yield Request(url, callback=self.parse_article, errback=self.on_error, priority=1)
        for url in listing.pages:
            yield self._listing_request(url)
        for request in listing.requests:
            yield request.replace(callback=self.parse_listing, errback=self.on_error)

    def parse_article(self, response: Response) -> Iterator[ArticleItem]:
        self.crawler.stats.inc_value("portalwatch/article_pages")
        try:
            yield self.adapter.parse_article(self._text(response))
        except Exception as exc:  # noqa: BLE001
            self._fail(response, "parse", exc)

    def on_error(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]
        if FALLBACK in request.meta:
            yield from self._fallback(request, failure.getErrorMessage())
            return
        self.crawler.stats.inc_value("portalwatch/errors/download")
        self.logger.warning("portal %s: download failed for %s: %s", self.portal.slug, request.url,
                            failure.getErrorMessage())

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
