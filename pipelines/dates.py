"""Published and modified stamps into aware Asia/Ho_Chi_Minh datetimes (``crawler.enrich.resolve_dates``)."""

from __future__ import annotations

from crawler.enrich import resolve_dates
from crawler.items import ArticleItem, PortalItem


class DatesPipeline:
    def process_item(self, item: PortalItem) -> PortalItem:
        return resolve_dates(item) if isinstance(item, ArticleItem) else item
