"""Count each article's fields for the run's health facts, and quarantine pages that look injected.

Field coverage (title, publication date, body, byline) and selector failures (an empty required field) are Scrapy
stats read at run end (``crawler.monitors.facts``). A page the spam guard judges injected (``crawler.monitors.spam``)
keeps going to the store, flagged (``ArticleItem.quarantine``): the store keeps it, never alerts it, and the feeds
never show it; the run's end raises one health alert naming such pages.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.items import ArticleItem, PortalItem
from crawler.monitors import facts
from crawler.monitors.spam import judge

logger = logging.getLogger(__name__)


def present_fields(item: ArticleItem) -> dict[str, bool]:
    """Which of the measured fields an article has."""
    return {
        "title": bool(item.title.strip()),
        "published": item.published is not None,
        "body": bool(item.text.strip()),
        "byline": bool(item.byline or item.authors),
    }


class HealthPipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HealthPipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: PortalItem) -> PortalItem:
        if not isinstance(item, ArticleItem):
            return item
        present = present_fields(item)
        self.stats.inc_value(facts.CHECKED)
        for name, ok in present.items():
            if ok:
                self.stats.inc_value(facts.FIELD + name)
        for name in facts.REQUIRED:
            if not present[name]:
                self.stats.inc_value(facts.SELECTOR + name)
        if item.quarantine is None:  # a page planted outside the template comes judged (``PageChecks``)
            verdict = judge(
                item.title, item.text, item.outlinks, urlsplit(item.url).hostname, folded=item.folded_whole()
            )
            item.quarantine = verdict.reason if verdict is not None else None
        if item.quarantine:
            self.stats.inc_value(facts.QUARANTINED)
            logger.warning("portal %s: %s quarantined (%s)", item.portal, item.url, item.quarantine)
        return item
