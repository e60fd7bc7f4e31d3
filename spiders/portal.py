"""PortalSpider: one class for every portal; the registry entry and the CMS adapter do the rest.

A page that fails to parse or to download is a counted, logged failure of that page; the crawl goes
on. Stats keys: ``portalwatch/listing_pages``, ``portalwatch/article_pages``, ``portalwatch/known``
(links not fetched because the article is stored), ``portalwatch/not_modified`` (304s),
``portalwatch/errors/parse``, ``portalwatch/errors/download``, ``portalwatch/items/removed``.

What a run reads is its ``crawler.incremental.Plan``: a run after a complete one is incremental (feed or
first pages with conditional GETs, pagination stopped by known links), a deep run also re-checks the
portal's ``PORTALWATCH_RECHECK`` (default 20) most recent articles for edits and takedowns. The store is
read for that through one connection (indexed lookups, well under a millisecond a listing page); the
incremental state is written back only when the run ends complete, so a killed run changes nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.http import HtmlResponse, Response, TextResponse
from twisted.python.failure import Failure

from crawler import incremental as inc
from crawler.adapters.base import FALLBACK, SOURCE, Adapter, Listing, ParseError, adapter_for
from crawler.discovery import feed_links, parse_source
from crawler.fingerprint import article_key
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
        self.plan = inc.Plan(inc.FULL, deep=True)
        self.started = datetime.now(UTC)
        self.store: Store | None = None
        self.feed_url: str | None = None  # the feed found on this run's pages, if none was known
        self.seen_validators: dict[str, tuple[str | None, str | None]] = {}
        self.feed_looks = 0
        self.deferred_pages: dict[str, list[str]] = {}  # per chain of listing pages, the pages not requested yet
        self.paged: set[str] = set()
        self.feed_read: bool | None = None  # whether this run read a feed (None: it asked for none)
        self.api_read: bool | None = None  # the same for the CMS's own API (a discovery source that is no sitemap)

    # Start and end ------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        self.store = open_store(self.settings.get("PORTALWATCH_DB"))
        self.plan = inc.make_plan(
            self.store.portal_state(self.portal.slug),
            self.started,
            enabled=self.settings.getbool("PORTALWATCH_INCREMENTAL", True),
            deep_every=self.settings.getfloat("PORTALWATCH_DEEP_EVERY", 86400),
        )
        self.logger.info("portal %s: %s run%s", self.portal.slug, self.plan.mode, " (deep)" if self.plan.deep else "")
        if self.plan.deep:
            for url in self._recheck_urls():
                yield Request(
                    url, callback=self.parse_recheck, errback=self.on_error, meta={"handle_httpstatus_list": [404, 410]}
                )
        for request in self._first_requests():
            yield request

    def _first_requests(self) -> list[Request]:
        """The cheapest source that can tell what changed since the last complete run, else the full start."""
        plan = self.plan
        if plan.mode == inc.INCREMENTAL and plan.since is not None:
            own = None if plan.api_failed and plan.feed_url else self.adapter.incremental_requests(plan.since)
            if own is not None:
                return [self._source(r) for r in own]
            if plan.feed_url:
                feed = self._source(Request(plan.feed_url, meta={inc.FEED: True, inc.VALIDATE: True}))
                return [feed, *(self._start_requests() if plan.deep else [])]
        return self._start_requests()

    def _start_requests(self) -> list[Request]:
        return [self._source(r.replace(meta={**r.meta, inc.VALIDATE: True})) for r in self.adapter.start_requests()]

    def _source(self, request: Request) -> Request:
        """A request answered by ``parse_listing``; a start page, feed or sitemap is conditional when incremental."""
        meta = dict(request.meta)
        headers = dict(request.headers.to_unicode_dict())
        if meta.get(inc.VALIDATE) or meta.get(SOURCE) == "sitemap":
            meta[inc.VALIDATE] = True
            meta["handle_httpstatus_list"] = [*meta.get("handle_httpstatus_list", []), 304]
            if self.plan.conditional:
                headers.update(inc.conditional_headers(self._validators_for(request.url), request.url))
        return request.replace(callback=self.parse_listing, errback=self.on_error, meta=meta, headers=headers)

    def _validators_for(self, url: str) -> dict[str, tuple[str | None, str | None]]:
        if url not in self.plan.validators and self.store is not None:
            self.plan.validators.update(self.store.validators([url]))
        return self.plan.validators

    def closed(self, reason: str) -> None:
        """A complete run (finished, no page failed) leaves its watermark, feed and validators for the next."""
        if self.store is None:
            return
        try:
            stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
            errors = sum(int(stats.get(f"portalwatch/errors/{k}", 0) or 0) for k in ("parse", "download"))
            if reason == "finished" and not errors:
                self.store.save_validators(self.seen_validators)
                # A feed that failed (gone, or disallowed by robots.txt) is forgotten: "" clears the stored one.
                feed = {None: None, True: self.feed_url, False: ""}[self.feed_read]
                self.store.save_portal_state(
                    self.portal.slug,
                    complete_at=self.started,
                    deep_at=self.started if self.plan.deep else None,
                    feed_url=feed,
                    api_failed=None if self.api_read is None else not self.api_read,
                )
        finally:
            self.store.close()

    # Re-checks ----------------------------------------------------------------------------------

    def _recheck_urls(self) -> list[str]:
        """The portal's ``PORTALWATCH_RECHECK`` most recent stored articles, fetched again so that an edit or a
        takedown is seen even when listings no longer link the article."""
        limit = self.settings.getint("PORTALWATCH_RECHECK", 20)
        if limit <= 0 or self.store is None:
            return []
        here = urlsplit(self.portal.base_url).netloc
        urls = self.store.recent_urls(self.portal.slug, limit)
        return [u for u in urls if urlsplit(u).netloc == here]  # not URLs stored from another host or port

    def parse_recheck(self, response: Response) -> Iterator[ArticleItem | Request]:
        """A re-checked article: 404/410 marks it removed (once, with one alert); anything else is parsed."""
        if response.status in (404, 410):
            if self.store is not None and self.store.mark_removed(response.url, self.portal.slug):
                self.crawler.stats.inc_value("portalwatch/items/removed")
                self.logger.info(
                    "portal %s: %s answers %s; marked removed", self.portal.slug, response.url, response.status
                )
            return
        yield from self.parse_article(response)

    # Listings -----------------------------------------------------------------------------------

    def _fallback(self, request: Request, why: str) -> Iterator[Request]:
        """Listing pages to crawl instead of a failed discovery source, if it named any."""
        urls = request.meta.get(FALLBACK) or []
        if FALLBACK in request.meta and not request.meta.get(SOURCE):
            self.api_read = False
        if urls:
            self.crawler.stats.inc_value("portalwatch/fallbacks")
            self.logger.info("portal %s: %s failed (%s); falling back to %s", self.portal.slug, request.url, why, urls)
        for url in urls:
            yield self._source(Request(url, meta={inc.VALIDATE: True}))
        if request.meta.get(inc.FEED):  # the feed is gone: read the portal as if it had none
            self.feed_read = False
            self.logger.info(
                "portal %s: feed %s failed (%s); reading the start pages", self.portal.slug, request.url, why
            )
            yield from self._start_requests()

    def parse_listing(self, response: Response) -> Iterator[Request | ArticleItem]:
        if response.status == 304:
            self.crawler.stats.inc_value("portalwatch/not_modified")
            return
        self.crawler.stats.inc_value("portalwatch/listing_pages")
        try:
            listing = parse_source(response, self.adapter.is_article_url)
            if listing is None:
                if response.meta.get(SOURCE) or response.meta.get(inc.FEED):  # a soft 404, or HTML for a sitemap
                    raise ParseError(f"{response.url} is not a {response.meta.get(SOURCE) or 'feed'}")
                listing = self.adapter.parse_listing(self._text(response))
                yield from self._learn_feed(response)
        except Exception as exc:  # noqa: BLE001 - a bad page must never stop the crawl
            if FALLBACK in response.meta or response.meta.get(inc.FEED):
                yield from self._fallback(response.request, repr(exc))  # type: ignore[arg-type]
                return
            self._fail(response, "parse", exc)
            return
        self._remember_validators(response, listing)
        if response.meta.get(inc.FEED):
            self.feed_read, self.feed_url = True, response.url
        elif FALLBACK in response.meta and not response.meta.get(SOURCE) and self.api_read is None:
            self.api_read = True
        yield from listing.items
        known = self._known(listing.articles) if self.plan.skips_known else set()
        yield from self._articles(response, listing, known)
        if response.meta.get(inc.FEED):
            return
        carried = self._stop_pagination(response, listing, [u in known for u in listing.articles])
        if carried is None:
            return
        chain = response.meta.get(inc.CHAIN, response.url)
        for url in self._next_pages(response, listing):
            yield self._page(Request(url, meta={inc.KNOWN_RUN: carried, inc.CHAIN: chain}), response)
        for request in listing.requests:
            yield self._page(request.replace(meta={**request.meta, inc.KNOWN_RUN: carried}), response)

    def _next_pages(self, response: Response, listing: Listing) -> list[str]:
        """The listing pages to request now. An incremental run pages one at a time, in the order the first page
        lists them (Liferay and NukeViet link every page number from page 1), so that the known-link stop saves
        the rest; other runs, and the sitemaps of an index, request them all at once."""
        if self.plan.mode != inc.INCREMENTAL:
            return listing.pages
        if response.meta.get(SOURCE) == "sitemap":
            return self._changed_sitemaps(listing)
        queue = self.deferred_pages.setdefault(response.meta.get(inc.CHAIN, response.url), [])
        for url in listing.pages:
            if url not in self.paged:
                self.paged.add(url)
                queue.append(url)
        return [queue.pop(0)] if queue else []

    def _page(self, request: Request, parent: Response) -> Request:
        """A further listing page; sitemaps under a sitemap (index) stay validated sources."""
        if parent.meta.get(SOURCE) == "sitemap" or request.meta.get(SOURCE) == "sitemap":
            request = request.replace(meta={**request.meta, SOURCE: "sitemap"})
        return self._source(request)

    def _remember_validators(self, response: Response, listing: Listing) -> None:
        """Validators of a list that is itself the news (a feed, a sitemap of articles, a first listing page),
        never of a hop to one (robots.txt, a sitemap index, whose text need not change when its sitemaps do)."""
        if (
            response.meta.get(inc.VALIDATE)
            and urlsplit(response.url).path != "/robots.txt"
            and not (response.meta.get(SOURCE) == "sitemap" and listing.pages)
        ):
            found = inc.validators_of(response.headers)
            if found:
                self.seen_validators[response.url] = found

    def _articles(self, response: Response, listing: Listing, known: set[str]) -> Iterator[Request]:
        """Requests for the listed articles that are not stored yet (every one in ``full`` mode). A feed that
        lists nothing known may have missed articles (more were published than it lists): the start pages
        are read too."""
        urls = listing.articles
        if known:
            self.crawler.stats.inc_value("portalwatch/known", len(known))
        for url in urls:
            if url not in known:
                yield Request(url, callback=self.parse_article, errback=self.on_error, priority=1)
        if response.meta.get(inc.FEED) and urls and not known and self.plan.mode == inc.INCREMENTAL:
            self.logger.info(
                "portal %s: the feed lists no known article; reading the start pages too", self.portal.slug
            )
            if not self.plan.deep:
                yield from self._start_requests()

    def _known(self, urls: list[str]) -> set[str]:
        if not urls or self.store is None:
            return set()
        keys = [article_key(self.portal.slug, self.portal.cms, u) for u in urls]
        return self.store.known_urls(self.portal.slug, urls, keys)

    def _changed_sitemaps(self, listing: Listing) -> list[str]:
        """The sitemaps of an index that changed since the watermark by their ``<lastmod>`` (an unchanged one holds
        no new article); a deep run reads them all, in case a CMS never updates its lastmod."""
        since = self.plan.since
        if self.plan.deep or since is None:
            return listing.pages
        fresh = [u for u in listing.pages if not inc.older_than(listing.modified.get(u), since)]
        self.crawler.stats.inc_value("portalwatch/sitemaps_unchanged", len(listing.pages) - len(fresh))
        return fresh

    def _stop_pagination(self, response: Response, listing: Listing, flags: list[bool]) -> int | None:
        """The known-link run to carry to the next pages of an incremental run, or None to stop paging this chain
        because ``PORTALWATCH_KNOWN_STOP`` consecutive links were known (everything older was read before)."""
        if self.plan.mode != inc.INCREMENTAL:
            return 0
        longest, trailing = inc.known_run(flags, response.meta.get(inc.KNOWN_RUN) or 0)
        if longest < self.settings.getint("PORTALWATCH_KNOWN_STOP", 10):
            return trailing
        self.crawler.stats.inc_value("portalwatch/pagination_stopped")
        self.deferred_pages.pop(response.meta.get(inc.CHAIN, response.url), None)
        return None

    def _learn_feed(self, response: Response) -> Iterable[Request]:
        """The portal's feed, from the ``<link rel="alternate">`` of its pages, when none is known yet: read once
        now (its validators make the next run's conditional GET) and kept for incremental runs."""
        if self.plan.feed_url or self.feed_url or self.feed_looks >= 2 or not isinstance(response, HtmlResponse):
            return []
        self.feed_looks += 1  # the first listing page and the first article page say it, if any page does
        self.feed_url = inc.pick_feed(feed_links(response.text, response.url), self.portal.base_url)
        if not self.feed_url:
            return []
        return [self._source(Request(self.feed_url, meta={inc.FEED: True, inc.VALIDATE: True}))]

    # Articles -----------------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[ArticleItem | Request]:
        self.crawler.stats.inc_value("portalwatch/article_pages")
        try:
            yield self.adapter.parse_article(self._text(response))
        except Exception as exc:  # noqa: BLE001
            self._fail(response, "parse", exc)
            return
        yield from self._learn_feed(response)

    def on_error(self, failure: Failure) -> Iterator[Request]:
        request = failure.request  # type: ignore[attr-defined]
        if FALLBACK in request.meta or request.meta.get(inc.FEED):
            yield from self._fallback(request, failure.getErrorMessage())
            return
        self.crawler.stats.inc_value("portalwatch/errors/download")
        self.logger.warning(
            "portal %s: download failed for %s: %s", self.portal.slug, request.url, failure.getErrorMessage()
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
