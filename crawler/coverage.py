"""What a run has asked for, and what it knowingly leaves out: the bookkeeping half of the reading policy.

``crawler.incremental.ReadingPolicy`` decides what to read; ``Coverage`` keeps the counts that bound it:

- the page budget bounds the requests the policy hands out (articles and listing pages), not only the responses
  Scrapy's CloseSpider counts, so a sitemap of 2.6 million URLs queues no more than the budget; what is left out
  is counted (``portalwatch/budget_dropped``) and the run is not complete, so the next run goes on;
- each article link is handed out once per run, and a chain of listing pages that offers no article link new to
  the run for ``trap_pages`` pages in a row stops (a pagination trap: calendars, faceted search, a generated
  endless pager), counted as ``portalwatch/pagination_traps``: an event, not an error;
- sitemaps already requested are not requested again (an index that lists itself, or two that list each other);
- which articles the sitemaps listed and which the first listing pages show, so the policy can tell a sitemap
  that is older than the listings.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from scrapy.http import Request

from crawler.adapters.base import Listing

Log = logging.Logger | logging.LoggerAdapter[logging.Logger]


class Coverage:
    """The run's budget, the links it has seen, its sitemaps and its held listing pages."""

    def __init__(
        self, slug: str, *, budget: int, trap_pages: int, count: Callable[[str, int], object], log: Log
    ) -> None:
        self.slug, self.budget, self.trap_pages, self.count, self.log = slug, budget, trap_pages, count, log
        self.issued = 0
        self.dropped = 0
        self.links: set[str] = set()  # article links met this run (fetched, known or delivered whole)
        self.sitemaps: set[str] = set()  # sitemap URLs requested this run
        self.sitemap_urls: set[str] = set()  # article links the sitemaps listed
        self.probe_urls: set[str] = set()  # article links the first listing pages showed beside the sitemaps
        self.listings: tuple[str, ...] = ()  # the listing pages a sitemap stands in for
        self.requested: set[str] = set()  # of those, the ones requested (as a probe or a fallback)
        self.held: list[Request] = []  # further pages of the probed listings, until the listings are walked
        self.walking = False  # whether the listings are walked this run (a sitemap failed, was capped or stale)

    def fresh(self, urls: Iterable[str]) -> list[str]:
        """The article links not met before in this run; all of them are met from now on."""
        out = [u for u in dict.fromkeys(urls) if u not in self.links]
        self.links.update(out)
        return out

    def barren(self, previous: int, offered_new: bool, chain: str) -> int | None:
        """The chain's count of pages in a row without a new article link after this one, or None to stop it."""
        run = 0 if offered_new else previous + 1
        if run < self.trap_pages:
            return run
        self.count("portalwatch/pagination_traps", 1)
        self.log.warning(
            "portal %s: %d listing pages in a row from %s offered no new article link; stopped paging there",
            self.slug,
            run,
            chain,
        )
        return None

    def room(self) -> int | None:
        """How many more requests the budget allows (None: no budget)."""
        return max(self.budget - self.issued, 0) if self.budget else None

    def admit(self, articles: list[str], requests: list[Request]) -> tuple[list[str], list[Request]]:
        """What the page budget lets the run hand out now: articles first, then listing requests."""
        wanted = len(articles) + len(requests)
        if not self.budget or self.issued + wanted <= self.budget:
            self.issued += wanted
            return articles, requests
        room = max(self.budget - self.issued, 0)
        kept_articles = articles[:room]
        kept_requests = requests[: room - len(kept_articles)]
        kept = len(kept_articles) + len(kept_requests)
        self.issued += kept
        if not self.dropped:
            self.log.warning(
                "portal %s: the page budget (%d) is spent; the pages left are for the next run", self.slug, self.budget
            )
        self.dropped += wanted - kept
        self.count("portalwatch/budget_dropped", wanted - kept)
        return kept_articles, kept_requests

    def stale_sitemap(self, key: Callable[[str], str]) -> int:
        """How many articles the first listing pages show that no sitemap lists (0 when nothing was probed);
        links are compared as they are, then by the store's article ``key`` (a URL variant is the same article)."""
        missing = self.probe_urls - self.sitemap_urls
        if not self.sitemap_urls or not missing:
            return 0
        listed = {key(u) for u in self.sitemap_urls}
        return sum(1 for u in missing if key(u) not in listed)


def truncation(listing: Listing, cap: int | None, cms: str) -> str | None:
    """Why a sitemap cannot stand for the archive, or None: it was cut, or it lists exactly its CMS's cap or a
    round number of URLs (a multiple of 500: CMSes cap their sitemaps at such numbers)."""
    count = len(listing.articles)
    if listing.truncated:
        return "was cut (past the protocol's 50,000 URLs, or its download stopped)"
    if cap and count >= cap:
        return f"lists {count} articles, the {cms} sitemap's cap"
    if count and count % 500 == 0:
        return f"lists {count} articles, a round number (a capped sitemap?)"
    return None
