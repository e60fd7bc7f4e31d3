"""NFC, collapsed whitespace and split bylines on every text field (``crawler.enrich.normalize``)."""

from __future__ import annotations

from crawler.enrich import normalize
from crawler.items import ArticleItem


class NormalizePipeline:
    def process_item(self, item: ArticleItem) -> ArticleItem:
        return normalize(item)
