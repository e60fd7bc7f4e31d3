"""What a run reads, given what the last complete run left: its plan, and the policy that follows it.

Three modes. ``full`` (``crawl --full``) reads everything again, known articles too. ``walk`` is the mode
after no complete run (the first run, or after a killed one): every listing page is walked, but articles
already stored are not fetched again, so a killed run continues where it stopped. ``incremental``
follows a complete run: the cheapest change detector first (the CMS's own, such as WordPress's
``modified_after``; else the portal's feed; else its sitemap or first listing pages), each with a
conditional GET so an unchanged portal answers 304, and listing pagination stops after
``PORTALWATCH_KNOWN_STOP`` consecutive known links. A ``deep`` run, at most every
``PORTALWATCH_DEEP_EVERY`` seconds, also walks the listings (with that stop) and re-checks the recent
articles for edits and takedowns. A portal with a document registry (NukeViet's ``laws``) has its registry's feed
read on incremental runs too, found from a registry page stored before.

``ReadingPolicy`` is that reading as a plain object (no engine, no callbacks): which requests start the run,
what a listing's answer leads to (articles not stored yet, the next pages, a stop after known links, a
fallback when a discovery source fails), and what a complete run leaves for the next (validators, feed,
whether the CMS's API worked). The spider only turns its answers into callbacks; the run log saves them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request

from crawler.adapters.base import API, FEED, META, SITEMAP, Adapter, Listing, Source, source_of
from crawler.dates import TZ
from crawler.discovery import feed_links
from crawler.fingerprint import article_key
from crawler.registry import Portal
from crawler.store.base import PortalState, Store

Validators = dict[str, tuple[str | None, str | None]]
logger = logging.getLogger(__name__)

FULL, WALK, INCREMENTAL = "full", "walk", "incremental"


@dataclass
class Plan:
    """One run's decisions, made once at its start from the portal's stored state."""

    mode: str
    deep: bool
    since: datetime | None = None
    feed_url: str | None = None
    api_failed: bool = False
    validators: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    @property
    def skips_known(self) -> bool:
        """Whether stored articles are left unfetched (all modes but ``full``)."""
        return self.mode != FULL

    @property
    def conditional(self) -> bool:
        return self.mode == INCREMENTAL


def make_plan(state: PortalState, now: datetime, *, enabled: bool, deep_every: float) -> Plan:
    """The mode from the stored state: ``full`` when incremental runs are off, ``walk`` without a complete run."""
    if not enabled:
        return Plan(FULL, deep=True)
    if state.complete_at is None:
        return Plan(WALK, deep=True, feed_url=state.feed_url)
    deep = state.deep_at is None or now - state.deep_at >= timedelta(seconds=deep_every)
    return Plan(INCREMENTAL, deep=deep, since=state.complete_at, feed_url=state.feed_url, api_failed=state.api_failed)


def known_run(flags: Sequence[bool], carried: int) -> tuple[int, int]:
    """The longest run of consecutive known links on a listing page (continuing ``carried`` from the previous
    page of the chain) and the run still open at its end, to carry to the next page."""
    longest = current = carried
    for known in flags:
        current = current + 1 if known else 0
        longest = max(longest, current)
    return longest, current


def pick_feed(links: Sequence[str], base_url: str) -> str | None:
    """The site's news feed among a page's ``<link rel="alternate">`` feeds: the first on the portal's host that
    is not a comments feed (WordPress lists ``/feed/`` before ``/comments/feed/``; NukeViet the module's feed
    before its categories')."""
    host = urlsplit(base_url).netloc
    for link in links:
        if urlsplit(link).netloc == host and "comment" not in link.lower():
            return link
    return None


def older_than(lastmod: str | None, since: datetime, slack: timedelta = timedelta(days=1)) -> bool:
    """Whether a sitemap's ``<lastmod>`` (W3C datetime: a date, or a time with its offset) is older than the
    watermark by more than ``slack`` (clocks and time zones disagree); an absent or unreadable one is not."""
    if not lastmod:
        return False
    try:
        when = datetime.fromisoformat(lastmod.strip())
    except ValueError:
        return False
    if when.tzinfo is None:  # a bare date (or local time): compare days, in Vietnam's calendar
        return when.date() < (since - slack).astimezone(TZ).date()
    return when < since - slack


def conditional_headers(validators: Mapping[str, tuple[str | None, str | None]], url: str) -> dict[str, str]:
    """``If-None-Match`` / ``If-Modified-Since`` for a URL whose validators are stored."""
    etag, modified = validators.get(url, (None, None))
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    return headers


def validators_of(headers: Mapping[bytes, object]) -> tuple[str | None, str | None] | None:
    """``(ETag, Last-Modified)`` of a response (Scrapy's header mapping), or None when it sent neither."""

    def one(name: bytes) -> str | None:
        value = headers.get(name)
        if isinstance(value, bytes):
            return value.decode("latin-1")
        if isinstance(value, list) and value:
            return bytes(value[0]).decode("latin-1")
        return None

    etag, modified = one(b"ETag"), one(b"Last-Modified")
    if modified:
        try:  # a malformed date would make every later conditional GET unconditional: normalise or drop it
            modified = format_datetime(parsedate_to_datetime(modified), usegmt=True)
        except (TypeError, ValueError):
            modified = None
    return (etag, modified) if etag or modified else None


@dataclass(frozen=True)
class Outcome:
    """What a complete run leaves for the next one (the run log saves it; a run that is not complete, nothing).

    ``feed_url`` None keeps the stored feed and ``""`` forgets it (it failed: gone, or disallowed by robots.txt);
    ``api_failed`` None keeps the stored flag (the run asked the CMS's API nothing)."""

    validators: Validators
    complete_at: datetime
    deep_at: datetime | None
    feed_url: str | None
    api_failed: bool | None


class ReadingPolicy:
    """What one run of one portal reads, decided from its ``Plan`` and what its answers say.

    ``store`` is only read (stored validators, known articles, recent URLs); ``count`` is Scrapy's
    ``stats.inc_value``. Requests come back without callbacks: the spider answers listing requests with its
    listing callback, article URLs with its article callback.
    """

    def __init__(
        self,
        portal: Portal,
        adapter: Adapter,
        store: Store,
        plan: Plan,
        started: datetime,
        *,
        recheck: int = 20,
        known_stop: int = 10,
        count: Callable[[str, int], object] = lambda key, n: None,
        log: logging.Logger | logging.LoggerAdapter[logging.Logger] = logger,
    ) -> None:
        self.portal, self.adapter, self.store, self.plan, self.started = portal, adapter, store, plan, started
        self.recheck, self.known_stop, self.count, self.log = recheck, known_stop, count, log
        self.seen_validators: Validators = {}
        self.feed_url: str | None = None  # the feed this run read (found on its pages if none was known)
        self.feed_looks = 0
        self.feed_read: bool | None = None  # whether this run read a feed (None: it asked for none)
        self.api_read: bool | None = None  # the same for the CMS's own API (a discovery source that is no sitemap)
        self.deferred_pages: dict[str, list[str]] = {}  # per chain of listing pages, the pages not requested yet
        self.paged: set[str] = set()

    # Start and end ------------------------------------------------------------------------------

    def recheck_urls(self) -> list[str]:
        """On a deep run, the portal's ``recheck`` most recent stored articles, fetched again so that an edit or
        a takedown is seen even when listings no longer link the article."""
        if not self.plan.deep or self.recheck <= 0:
            return []
        here = urlsplit(self.portal.base_url).netloc
        urls = self.store.recent_urls(self.portal.slug, self.recheck)
        return [u for u in urls if urlsplit(u).netloc == here]  # not URLs stored from another host or port

    def first_requests(self) -> list[Request]:
        """The cheapest source that can tell what changed since the last complete run, else the full start."""
        plan = self.plan
        if plan.mode == INCREMENTAL and plan.since is not None:
            own = None if plan.api_failed and plan.feed_url else self.adapter.incremental_requests(plan.since)
            if own is not None:
                return [self.prepare(r) for r in own] + self.document_feeds()
            if plan.feed_url:
                return [self._feed(plan.feed_url), *(self.start_requests() if plan.deep else self.document_feeds())]
        return self.start_requests()

    def document_feeds(self) -> list[Request]:
        """On an incremental run, the feed of the portal's document registry (NukeViet's ``laws`` RSS), found from a
        stored registry page: a conditional GET that lists its newest documents (a deep run reads the sitemap)."""
        page = self.store.document_page(self.portal.slug)
        urls = self.adapter.document_feeds(page) if page else []
        return [self.prepare(Request(u), validate=True) for u in urls]

    def start_requests(self) -> list[Request]:
        """The adapter's start requests, each validated."""
        return [self.prepare(r, validate=True) for r in self.adapter.start_requests()]

    def outcome(self) -> Outcome:
        """What this run leaves for the next, if it turns out complete."""
        return Outcome(
            validators=dict(self.seen_validators),
            complete_at=self.started,
            deep_at=self.started if self.plan.deep else None,
            feed_url={None: None, True: self.feed_url, False: ""}[self.feed_read],
            api_failed=None if self.api_read is None else not self.api_read,
        )

    # Requests -----------------------------------------------------------------------------------

    def prepare(self, request: Request, **changes: Any) -> Request:
        """A listing request with its ``Source``: a validated one (a start page, feed or sitemap) takes a 304 as an
        answer and, on an incremental run, sends the validators stored for its URL."""
        source = replace(source_of(request), **changes)
        if source.kind == SITEMAP:
            source = replace(source, validate=True)
        meta: dict[str, object] = {**request.meta, META: source}
        headers = dict(request.headers.to_unicode_dict())
        if source.validate:
            meta["handle_httpstatus_list"] = [*request.meta.get("handle_httpstatus_list", []), 304]
            if self.plan.conditional:
                headers.update(conditional_headers(self._validators_for(request.url), request.url))
        return request.replace(meta=meta, headers=headers)

    def _feed(self, url: str) -> Request:
        return self.prepare(Request(url), kind=FEED, validate=True)

    def _validators_for(self, url: str) -> Validators:
        if url not in self.plan.validators:
            self.plan.validators.update(self.store.validators([url]))
        return self.plan.validators

    # Answers ------------------------------------------------------------------------------------

    def fallback(self, source: Source, url: str, why: str) -> list[Request]:
        """Listing requests instead of a failed discovery source: its fallback pages; the start pages for a feed."""
        if source.kind == API:
            self.api_read = False
        urls = source.fallback or ()
        if urls:
            self.count("portalwatch/fallbacks", 1)
            self.log.info("portal %s: %s failed (%s); falling back to %s", self.portal.slug, url, why, list(urls))
        requests = [self.prepare(Request(u), validate=True) for u in urls]
        if source.kind == FEED:  # the feed is gone: read the portal as if it had none
            self.feed_read = False
            self.log.info("portal %s: feed %s failed (%s); reading the start pages", self.portal.slug, url, why)
            requests += self.start_requests()
        return requests

    def read(
        self, url: str, headers: Mapping[bytes, object], source: Source, listing: Listing
    ) -> tuple[list[str], list[Request]]:
        """What a listing's answer leads to: the article URLs to fetch (in ``full`` mode every one, else those
        not stored yet) and the listing requests to send (the next pages, unless the known-link stop ends them)."""
        self._remember_validators(url, headers, source, listing)
        if source.kind == FEED:
            self.feed_read, self.feed_url = True, url
        elif source.kind == API and self.api_read is None:
            self.api_read = True
        known = self._known(listing.articles) if self.plan.skips_known else set()
        if known:
            self.count("portalwatch/known", len(known))
        articles = [u for u in listing.articles if u not in known]
        if source.kind == FEED:
            return articles, self._after_feed(listing, known)
        flags = [u in known for u in listing.articles]
        if listing.documents and self.plan.skips_known:  # a document registry's list pages stop the same way
            known_documents = self.store.known_document_pages(self.portal.slug, listing.documents)
            flags += [u in known_documents for u in listing.documents]
        carried = self._stop_pagination(url, source, flags)
        if carried is None:
            return articles, []
        chain = source.chain or url
        pages = [
            self._page(Request(u), source, known_run=carried, chain=chain)
            for u in self._next_pages(url, source, listing)
        ]
        return articles, pages + [self._page(r, source, known_run=carried) for r in listing.requests]

    def documents(self, urls: Sequence[str]) -> list[str]:
        """The document registry pages to fetch: in ``full`` mode every one, else those whose document is not
        stored yet (a registry page does not change once published)."""
        known = self.store.known_document_pages(self.portal.slug, urls) if urls and self.plan.skips_known else set()
        if known:
            self.count("portalwatch/known_documents", len(known))
        return [u for u in urls if u not in known]

    def _after_feed(self, listing: Listing, known: set[str]) -> list[Request]:
        """A feed that lists nothing known may have missed articles (more were published than it lists): the
        start pages are read too (a deep run reads them anyway)."""
        if not listing.articles or known or self.plan.mode != INCREMENTAL:
            return []
        self.log.info("portal %s: the feed lists no known article; reading the start pages too", self.portal.slug)
        return [] if self.plan.deep else self.start_requests()

    def learn_feed(self, html: str | None, url: str) -> list[Request]:
        """The portal's feed, from the ``<link rel="alternate">`` of an HTML page (``html``), when none is known
        yet: read once now (its validators make the next run's conditional GET) and kept for incremental runs."""
        if self.plan.feed_url or self.feed_url or self.feed_looks >= 2 or html is None:
            return []
        self.feed_looks += 1  # the first listing page and the first article page say it, if any page does
        self.feed_url = pick_feed(feed_links(html, url), self.portal.base_url)
        return [self._feed(self.feed_url)] if self.feed_url else []

    def _page(self, request: Request, parent: Source, **changes: Any) -> Request:
        """A further listing page; sitemaps under a sitemap (index) stay validated sources."""
        if parent.kind == SITEMAP:
            changes["kind"] = SITEMAP
        return self.prepare(request, **changes)

    def _remember_validators(self, url: str, headers: Mapping[bytes, object], source: Source, listing: Listing) -> None:
        """Validators of a list that is itself the news (a feed, a sitemap of articles, a first listing page),
        never of a hop to one (robots.txt, a sitemap index, whose text need not change when its sitemaps do)."""
        if source.validate and urlsplit(url).path != "/robots.txt" and not (source.kind == SITEMAP and listing.pages):
            found = validators_of(headers)
            if found:
                self.seen_validators[url] = found

    def _known(self, urls: list[str]) -> set[str]:
        if not urls:
            return set()
        keys = [article_key(self.portal.slug, self.portal.cms, u) for u in urls]
        return self.store.known_urls(self.portal.slug, urls, keys)

    def _next_pages(self, url: str, source: Source, listing: Listing) -> list[str]:
        """The listing pages to request now. An incremental run pages one at a time, in the order the first page
        lists them (Liferay and NukeViet link every page number from page 1), so that the known-link stop saves
        the rest; other runs, and the sitemaps of an index, request them all at once."""
        if self.plan.mode != INCREMENTAL:
            return listing.pages
        if source.kind == SITEMAP:
            return self._changed_sitemaps(listing)
        queue = self.deferred_pages.setdefault(source.chain or url, [])
        for page in listing.pages:
            if page not in self.paged:
                self.paged.add(page)
                queue.append(page)
        return [queue.pop(0)] if queue else []

    def _changed_sitemaps(self, listing: Listing) -> list[str]:
        """The sitemaps of an index that changed since the watermark by their ``<lastmod>`` (an unchanged one holds
        no new article); a deep run reads them all, in case a CMS never updates its lastmod."""
        since = self.plan.since
        if self.plan.deep or since is None:
            return listing.pages
        fresh = [u for u in listing.pages if not older_than(listing.modified.get(u), since)]
        self.count("portalwatch/sitemaps_unchanged", len(listing.pages) - len(fresh))
        return fresh

    def _stop_pagination(self, url: str, source: Source, flags: list[bool]) -> int | None:
        """The known-link run to carry to the next pages of an incremental run, or None to stop paging this chain
        because ``known_stop`` consecutive links were known (everything older was read before)."""
        if self.plan.mode != INCREMENTAL:
            return 0
        longest, trailing = known_run(flags, source.known_run)
        if longest < self.known_stop:
            return trailing
        self.count("portalwatch/pagination_stopped", 1)
        self.deferred_pages.pop(source.chain or url, None)
        return None
