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

Whatever a page offers, only links on the portal's origin are followed (``crawler.origin``); the page budget
bounds what is handed out, and pagination traps stop (``crawler.coverage``). A sitemap stands in for the
listings only while it can be trusted: one that fails, lists nothing of the portal, loops, is cut (past the
protocol's 50,000 URLs), reaches its CMS's cap (NukeViet lists the newest 1,000) or a round number of URLs, has
the listings walked instead or as well. On a run that walks (first, full or deep), the first page of each
listing is read beside the sitemap as a probe; when the run is otherwise done, articles it shows that no
sitemap lists mean the sitemap is older than the listings, and they are walked then.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request

from crawler.adapters.base import API, FEED, LISTING, META, SITEMAP, Adapter, Listing, Source, source_of
from crawler.coverage import Coverage, truncation
from crawler.discovery import feed_links
from crawler.fingerprint import article_key
from crawler.items import ArticleItem
from crawler.origin import same_origin
from crawler.plan import (
    FULL,
    INCREMENTAL,
    WALK,
    Outcome,
    Plan,
    Validators,
    conditional_headers,
    known_run,
    make_plan,
    older_than,
    pick_feed,
    validators_of,
)
from crawler.registry import Portal
from crawler.store.base import Store

__all__ = [
    "FULL",
    "INCREMENTAL",
    "WALK",
    "Outcome",
    "Plan",
    "ReadingPolicy",
    "conditional_headers",
    "known_run",
    "make_plan",
    "older_than",
    "pick_feed",
    "validators_of",
]

logger = logging.getLogger(__name__)


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
        budget: int = 0,
        trap_pages: int = 15,
        count: Callable[[str, int], object] = lambda key, n: None,
        log: logging.Logger | logging.LoggerAdapter[logging.Logger] = logger,
    ) -> None:
        """``budget``: requests the run may hand out (0: no limit); ``trap_pages``: listing pages in a row without
        a new article link that end a chain of pages."""
        self.portal, self.adapter, self.store, self.plan, self.started = portal, adapter, store, plan, started
        self.recheck, self.known_stop, self.count, self.log = recheck, known_stop, count, log
        self.coverage = Coverage(portal.slug, budget=budget, trap_pages=trap_pages, count=count, log=log)
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
        urls = self.store.recent_urls(self.portal.slug, self.recheck)
        own = [u for u in urls if self.own(u)]  # not URLs stored from another host or port
        return self.coverage.admit(self.coverage.fresh(own), [])[0]

    def first_requests(self) -> list[Request]:
        """The cheapest source that can tell what changed since the last complete run, else the full start."""
        plan = self.plan
        if plan.mode == INCREMENTAL and plan.since is not None:
            own = None if plan.api_failed and plan.feed_url else self.adapter.incremental_requests(plan.since)
            if own is not None:
                requests = [self.prepare(r) for r in own] + self.document_feeds()
            elif plan.feed_url:
                requests = [self._feed(plan.feed_url), *(self.start_requests() if plan.deep else self.document_feeds())]
            else:
                requests = self.start_requests()
        else:
            requests = self.start_requests()
        return self.coverage.admit([], requests)[1]

    def document_feeds(self) -> list[Request]:
        """On an incremental run, the feed of the portal's document registry (NukeViet's ``laws`` RSS), found from a
        stored registry page: a conditional GET that lists its newest documents (a deep run reads the sitemap)."""
        page = self.store.document_page(self.portal.slug)
        urls = self.adapter.document_feeds(page) if page else []
        return [self.prepare(Request(u), validate=True) for u in urls]

    def start_requests(self) -> list[Request]:
        """The adapter's start requests, each validated; on a run that walks, the first page of each listing a
        sitemap stands in for is read beside it, as a probe."""
        requests = [self.prepare(r, validate=True) for r in self.adapter.start_requests()]
        listings = [u for r in requests if source_of(r).kind == SITEMAP for u in source_of(r).fallback or ()]
        self.coverage.listings = tuple(dict.fromkeys(listings))
        if not self.plan.deep:
            return requests
        probes = [u for u in self.coverage.listings if u not in self.coverage.requested]
        self.coverage.requested.update(probes)
        return requests + [self.prepare(Request(u), validate=True, probe=True) for u in probes]

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
            self.coverage.sitemaps.add(request.url)
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
        requests = self._walk(urls) if urls else []
        if not urls and source.kind != FEED:
            self._uncovered(url, why)
        if source.kind == FEED:  # the feed is gone: read the portal as if it had none
            self.feed_read = False
            self.log.info("portal %s: feed %s failed (%s); reading the start pages", self.portal.slug, url, why)
            requests += self.start_requests()
        return self.coverage.admit([], requests)[1]

    def _walk(self, urls: Sequence[str]) -> list[Request]:
        """The listing pages ``urls`` not requested yet, and the pages held after the probes: the listings are
        walked from now on."""
        cover = self.coverage
        cover.walking = True
        fresh = [u for u in dict.fromkeys(urls) if u not in cover.requested]
        cover.requested.update(fresh)
        held, cover.held = cover.held, []
        return [self.prepare(Request(u), validate=True) for u in fresh] + held

    def _uncovered(self, url: str, why: str) -> None:
        """A source that failed or is known to be truncated, with no listing to read instead: the run cannot be
        complete (``portalwatch/uncovered``), so the next run reads the portal again."""
        self.count("portalwatch/uncovered", 1)
        self.log.warning(
            "portal %s: %s %s, and the portal has no listing page to read instead; this run is not complete",
            self.portal.slug,
            url,
            why,
        )

    def at_idle(self) -> list[Request]:
        """When the run has nothing left to do: the listings to walk after all, if the probed first pages show
        articles that no sitemap lists (the sitemap is older than the listings)."""
        cover = self.coverage
        missing = cover.stale_sitemap(self._key)
        if cover.walking or not missing:
            return []
        self.count("portalwatch/sitemaps_stale", 1)
        self.log.warning(
            "portal %s: the first listing pages show %d articles no sitemap lists (the sitemap is older than the"
            " listings); walking the listings",
            self.portal.slug,
            missing,
        )
        return self.coverage.admit([], self._walk(cover.listings))[1]

    def own(self, url: str) -> bool:
        """Whether a link is on the portal's origin (``crawler.origin``)."""
        return same_origin(url, self.portal.base_url)

    def own_items(self, listing: Listing) -> list[ArticleItem]:
        """The whole items of an answer (REST posts, full-content feeds) whose URL is the portal's; the others are
        counted and logged, never stored as the portal's article."""
        items = [i for i in listing.items if self.own(i.url)]
        self._offsite([i.url for i in listing.items if not self.own(i.url)])
        return items

    def _offsite(self, urls: Sequence[str]) -> None:
        if urls:
            self.count("portalwatch/offsite_links", len(urls))
            shown = ", ".join(repr(u[:100]) for u in urls[:3]) + (" ..." if len(urls) > 3 else "")
            self.log.warning(
                "portal %s: %d links not on the portal's site skipped: %s", self.portal.slug, len(urls), shown
            )

    def read(
        self, url: str, headers: Mapping[bytes, object], source: Source, listing: Listing
    ) -> tuple[list[str], list[Request]]:
        """What a listing's answer leads to: the article URLs to fetch (in ``full`` mode every one, else those
        not stored yet) and the listing requests to send (the next pages, unless the known-link stop, a
        pagination trap or the page budget ends them). Only links on the portal's origin count; whole items are
        the spider's to yield through ``own_items``."""
        self._remember_validators(url, headers, source, listing)
        if source.kind == FEED:
            self.feed_read, self.feed_url = True, url
        elif source.kind == API and self.api_read is None:
            self.api_read = True
        listing = self._own_links(listing)
        offered = [*listing.articles, *(i.url for i in listing.items if self.own(i.url))]
        fresh = set(self.coverage.fresh(offered))
        extra: list[Request] = []
        if source.kind == SITEMAP:
            sitemap = self._sitemap(url, source, listing)
            if sitemap is None:  # entities that resolve to nothing (XXE), an index of itself, another site's links
                why = "it lists no article, no document and no new sitemap of this portal"
                self.log.warning("portal %s: sitemap %s is of no use: %s", self.portal.slug, url, why)
                return [], self.fallback(source, url, why)
            listing, extra = sitemap
        elif source.probe:
            self.coverage.probe_urls.update(listing.articles)
        unknown, known = self._unknown(listing.articles)
        articles = [u for u in unknown if u in fresh]  # each link once a run
        if source.kind == FEED:
            return self.coverage.admit(articles, self._after_feed(listing, known))
        flags = [u in known for u in listing.articles]
        if listing.documents and self.plan.skips_known:  # a document registry's list pages stop the same way
            known_documents = self.store.known_document_pages(self.portal.slug, listing.documents)
            flags += [u in known_documents for u in listing.documents]
        carried = self._stop_pagination(url, source, flags)
        chain = source.chain or url
        barren = 0
        if source.kind in (LISTING, API):
            found = self.coverage.barren(source.barren, bool(fresh), chain)
            barren, carried = (0, None) if found is None else (found, carried)
            if found is None:
                self.deferred_pages.pop(chain, None)
        if carried is None:
            return self.coverage.admit(articles, extra)
        pages = [
            self._page(Request(u), source, known_run=carried, chain=chain, barren=barren)
            for u in self._next_pages(url, source, listing)
        ]
        pages += [self._page(r, source, known_run=carried, barren=barren) for r in listing.requests]
        if source.probe and not self.coverage.walking:  # the sitemap may be enough: these wait
            self.coverage.held.extend(pages)
            pages = []
        return self.coverage.admit(articles, pages + extra)

    def _own_links(self, listing: Listing) -> Listing:
        """The answer with only the links on the portal's origin; the others counted and logged."""
        articles = [u for u in listing.articles if self.own(u)]
        pages = [u for u in listing.pages if self.own(u)]
        requests = [r for r in listing.requests if self.own(r.url)]
        documents = [u for u in listing.documents if self.own(u)]
        offered = (*listing.articles, *listing.pages, *(r.url for r in listing.requests), *listing.documents)
        dropped = [u for u in offered if not self.own(u)]
        self._offsite(dropped)
        if not dropped:
            return listing
        return replace(listing, articles=articles, pages=pages, requests=requests, documents=documents)

    def _sitemap(self, url: str, source: Source, listing: Listing) -> tuple[Listing, list[Request]] | None:
        """A sitemap's answer without the sitemaps already requested (an index that lists itself, two that list
        each other), and the listing requests to walk as well when it is truncated; None when it offers nothing."""
        cover = self.coverage
        pages = [u for u in listing.pages if u not in cover.sitemaps]
        requests = [r for r in listing.requests if r.url not in cover.sitemaps]
        looped = len(listing.pages) + len(listing.requests) - len(pages) - len(requests)
        if looped:
            self.count("portalwatch/sitemap_loops", looped)
        if not (listing.articles or listing.documents or pages or requests):  # a laws sitemap lists documents
            return None
        listing = replace(listing, pages=pages, requests=requests)
        cover.sitemap_urls.update(listing.articles)
        why = truncation(listing, self.adapter.sitemap_cap, str(self.adapter.cms))
        if why is None:
            return listing, []
        self.count("portalwatch/sitemaps_truncated", 1)
        if not cover.listings and not source.fallback:
            self._uncovered(url, why)
            return listing, []
        if cover.walking:
            return listing, []
        self.log.info("portal %s: sitemap %s %s; walking the listings as well", self.portal.slug, url, why)
        return listing, self._walk(source.fallback or cover.listings)

    def _key(self, url: str) -> str:
        return article_key(self.portal.slug, self.portal.cms, url)

    def _unknown(self, candidates: list[str]) -> tuple[list[str], set[str]]:
        """The candidates to fetch (in ``full`` mode all, else those not stored) and the known ones found. Checked
        against the store a chunk at a time only until the page budget is filled: the rest cannot be fetched
        this run anyway (the budget counts them), so a 50,000-URL sitemap costs what the budget lets through."""
        if not self.plan.skips_known:
            return candidates, set()
        room = self.coverage.room()
        known: set[str] = set()
        unknown: list[str] = []
        checked = 0
        while checked < len(candidates) and (room is None or len(unknown) < room):
            chunk = candidates[checked : checked + 500]
            checked += len(chunk)
            found = self._known(chunk)
            known |= found
            unknown += [u for u in chunk if u not in found]
        if known:
            self.count("portalwatch/known", len(known))
        return unknown + candidates[checked:], known

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
        if parent.kind == SITEMAP:  # a sitemap of an index fails over to the index's listings
            changes.update(kind=SITEMAP, fallback=parent.fallback, barren=0)
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
        return self.store.known_urls(self.portal.slug, urls, [self._key(u) for u in urls])

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


def policy_for_run(
    portal: Portal,
    adapter: Adapter,
    store: Store,
    crawler: Any,
    log: logging.Logger | logging.LoggerAdapter[logging.Logger] = logger,
) -> ReadingPolicy:
    """The reading policy of a run starting now: its plan from the portal's stored state, its limits from the
    crawl's settings (``PORTALWATCH_*``, ``CLOSESPIDER_PAGECOUNT``), counting into the crawl's stats."""
    settings, now = crawler.settings, datetime.now(UTC)
    plan = make_plan(
        store.portal_state(portal.slug),
        now,
        enabled=settings.getbool("PORTALWATCH_INCREMENTAL", True),
        deep_every=settings.getfloat("PORTALWATCH_DEEP_EVERY", 86400),
    )
    return ReadingPolicy(
        portal,
        adapter,
        store,
        plan,
        now,
        recheck=settings.getint("PORTALWATCH_RECHECK", 20),
        known_stop=settings.getint("PORTALWATCH_KNOWN_STOP", 10),
        budget=settings.getint("CLOSESPIDER_PAGECOUNT", 0),
        trap_pages=settings.getint("PORTALWATCH_TRAP_PAGES", 15),
        count=crawler.stats.inc_value,
        log=log,
    )
