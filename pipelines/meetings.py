"""Meeting reports and announcements with their fields (``crawler.enrich.detect_meeting``, ``crawler.meetings``).

The portal being crawled lends its place (province, district, commune) to bodies a text names without theirs
("HĐND tỉnh", "Huyện ủy"), so that the store can tell whose meeting it is (``crawler.meetings.identity``).
"""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.enrich import detect_meeting
from crawler.items import ArticleItem, PortalItem
from crawler.meetings.identity import Place
from crawler.registry import Portal


def portal_place(portal: Portal | None) -> Place | None:
    """The names a portal's texts leave out when they write of their own province, district or commune."""
    if portal is None:
        return None
    return Place(province=portal.province, district=portal.district, commune=portal.commune, level=str(portal.level))


class MeetingsPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.place: Place | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MeetingsPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        portal = getattr(self.crawler.spider, "portal", None)
        self.place = portal_place(portal if isinstance(portal, Portal) else None)

    def process_item(self, item: PortalItem) -> PortalItem:
        if not isinstance(item, ArticleItem):
            return item
        item = detect_meeting(item, self.place)
        if self.stats is not None:
            if item.is_meeting_report:
                self.stats.inc_value("portalwatch/meeting_reports")
            elif item.meeting is not None:
                self.stats.inc_value(f"portalwatch/meeting_{item.meeting.status}")
        return item
