"""Flag meeting reports with their fields (``crawler.enrich.detect_meeting`` over ``crawler.meetings``)."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.enrich import detect_meeting
from crawler.items import ArticleItem, PortalItem


class MeetingsPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MeetingsPipeline:
        return cls(crawler)

    def process_item(self, item: PortalItem) -> PortalItem:
        if not isinstance(item, ArticleItem):
            return item
        item = detect_meeting(item)
        if item.is_meeting_report and self.stats is not None:
            self.stats.inc_value("portalwatch/meeting_reports")
        return item
