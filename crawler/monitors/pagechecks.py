"""Spider middleware: what only an article's page shows, for the health checks and the spam guard.

For each article an adapter read from its own page, it notes the page's links to other hosts
(``ArticleItem.outlinks``, read by the spam guard in ``pipelines.health``), and for the first
``PORTALWATCH_HEALTH_SAMPLE`` such pages of a run it reads the page again with the generic extractor
(``crawler.adapters.generic``) and compares the titles, folded: a CMS adapter whose title is not the generic one's
(neither contains the other) reads something else than the article, as after a theme change. Counted in Scrapy
stats (``crawler.monitors.facts``); nothing is decided here.

An article page the adapter could not read at all (none of its selectors matched) may be a page planted outside
the portal's template: when the spam guard judges it gambling spam, it becomes a quarantined item (read by the
generic extractor) that the store keeps flagged and the run's health alert names; it is then no failure of the
adapter, so its parse error is taken back from the stats.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.utils.response import get_base_url

from crawler.adapters.base import compiled, drop_ahead, is_element, page_root, parse_ahead, selector_type
from crawler.items import ArticleItem
from crawler.monitors import facts
from crawler.monitors.spam import judge
from crawler.text import fold


def titles_agree(adapter_title: str, generic_title: str | None) -> bool:
    """Whether two readings of a page's title are the same title (folded; a site-name suffix is tolerated)."""
    a, g = fold(adapter_title), fold(generic_title or "")
    return bool(a and g) and (a == g or a in g or g in a)


_HREFS = compiled("a::attr(href)")
MAX_LINKS = 2000  # links read per page: a link farm shows itself well before


def outlinks(response: TextResponse, hrefs: list[str] | None = None) -> list[str]:
    """The page's links to other hosts (absolute http(s) URLs, sorted, once each) among its first ``MAX_LINKS``.

    ``{response.urljoin(h) for h in response.css("a::attr(href)").getall()}`` kept when scheme http(s) and host
    not the page's, computed without ``response.selector`` (a second tree per page, kept until the next full
    garbage collection since it refers back to its response): the page is parsed into a tree of its own, as
    parsel would parse it, and freed at once. A relative link (neither scheme nor host) joins to the base URL's
    host, so when that is the page's own host it is skipped without joining; every other link is joined as
    ``response.urljoin`` joins it. ``hrefs``: the page's links read ahead (``PageChecks.process_spider_input``)."""
    if hrefs is None:
        hrefs = page_hrefs(page_root(response, selector_type(response)), response)
    host = urlsplit(response.url).hostname
    base = get_base_url(response)
    own_base = urlsplit(base)
    relative_is_own = own_base.scheme in ("http", "https") and own_base.hostname == host
    found: set[str] = set()
    for href in hrefs:
        if relative_is_own:
            parts = urlsplit(href)
            if not parts.scheme and not parts.netloc:
                continue
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname != host:
            found.add(url)
    return sorted(found)


def page_hrefs(root: Any, response: TextResponse) -> list[str]:
    """``response.css("a::attr(href)").getall()[:MAX_LINKS]`` from the page's tree (``page_root``)."""
    hrefs: list[str] = _HREFS(root) if is_element(root) else response.css("a::attr(href)").getall()
    return hrefs[:MAX_LINKS]


def _reads_article(response: Response) -> bool:
    callback = getattr(response.request, "callback", None) if response.request is not None else None
    return getattr(callback, "__name__", "") == "parse_article"


class PageChecks:
    """An article page's links are read before its adapter runs, from the HTML tree the adapter then takes over
    (``crawler.adapters.base.parse_ahead``): the page is parsed once, and the links are the page's as served,
    whatever furniture the adapter drops from its tree."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.sample = crawler.settings.getint("PORTALWATCH_HEALTH_SAMPLE", 5)
        self.sampled = 0
        self.hrefs: WeakKeyDictionary[Response, list[str]] = WeakKeyDictionary()

    def process_spider_input(self, response: Response) -> None:
        if isinstance(response, TextResponse) and selector_type(response) == "html" and _reads_article(response):
            self.hrefs[response] = page_hrefs(parse_ahead(response), response)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageChecks:
        return cls(crawler)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        read = False
        for out in result:
            read |= isinstance(out, ArticleItem)
            yield self._check(response, out)
        self._done(response)
        if not read:
            yield from self._planted(response)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        read = False
        async for out in result:
            read |= isinstance(out, ArticleItem)
            yield self._check(response, out)
        self._done(response)
        if not read:
            for item in self._planted(response):
                yield item

    def _done(self, response: Response) -> None:
        """The page's output is read: its links and any tree the adapter did not take are freed now."""
        self.hrefs.pop(response, None)
        if isinstance(response, TextResponse):
            drop_ahead(response)

    def _planted(self, response: Response) -> list[ArticleItem]:
        """A quarantined item for an article page the adapter could not read and the spam guard calls spam."""
        portal = getattr(self.crawler.spider, "portal", None)
        if not _reads_article(response) or portal is None:
            return []
        if not isinstance(response, TextResponse) or response.status != 200:
            return []
        from crawler.adapters.generic import GenericAdapter  # trafilatura: loaded by the first page that needs it

        try:
            item = GenericAdapter(portal).parse_article(response)
        except Exception:  # noqa: BLE001 - not even the generic extractor reads it: a plain failure of the page
            return []
        item = self._check(response, item, sample=False)
        verdict = judge(item.title, item.text, item.outlinks, urlsplit(response.url).hostname)
        if verdict is None:
            return []
        item.quarantine = f"{verdict.reason} (not in the portal's template)"
        stats = self.crawler.stats
        assert stats is not None
        for key in (facts.UNREAD, facts.PREFIX + "errors/parse"):  # the page is accounted for: quarantined
            stats.inc_value(key, -1)
        return [item]

    def _check(self, response: Response, out: Any, sample: bool = True) -> Any:
        if not isinstance(out, ArticleItem) or out.url != response.url or not isinstance(response, TextResponse):
            return out  # not an article read from its own page (REST and feed items come whole)
        out.outlinks = outlinks(response, self.hrefs.get(response))
        portal = getattr(self.crawler.spider, "portal", None)
        if sample and self.sampled < self.sample and portal is not None:
            self.sampled += 1
            self._crosscheck(response, out)
        return out

    def _crosscheck(self, response: TextResponse, item: ArticleItem) -> None:
        stats = self.crawler.stats
        assert stats is not None
        from crawler.adapters.generic import article_title  # trafilatura: loaded by the first page sampled

        try:
            title = article_title(response)  # the generic extractor's title, without the rest of its item
        except Exception:  # noqa: BLE001 - no second opinion on this page; the adapter's reading stands
            return
        stats.inc_value(facts.SAMPLED)
        if not titles_agree(item.title, title):
            stats.inc_value(facts.DISAGREED)
            stats.set_value(facts.DISAGREEMENT, f"{response.url}: adapter {item.title!r}, generic {title!r}")
