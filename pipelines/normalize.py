"""NFC, collapsed whitespace and split bylines on every text field (``crawler.enrich.normalize``)."""

from __future__ import annotations

from crawler.enrich import normalize
from crawler.items import ArticleItem, PortalItem


class NormalizePipeline:
    def process_item(self, item: PortalItem) -> PortalItem:
        return normalize(item) if isinstance(item, ArticleItem) else item
