"""The article's identity: the key the store upserts it on and its near-duplicate sketch.

The key is portal + CMS content id, else canonical URL (``crawler.fingerprint.dedupe_key``), so the same
article reached by many URLs (Liferay ``plidlayout`` and portlet instances, WordPress ``?p=`` and
permalink) is one row across runs and processes, without any in-memory set. The sketch
(``crawler.clusters.article_sketch``, from the item's folded text) is pure CPU: made here, in each crawling
process, not in the store's writer.
"""

from __future__ import annotations

from crawler.clusters import article_sketch
from crawler.fingerprint import dedupe_key
from crawler.items import ArticleItem, PortalItem


class FingerprintPipeline:
    def process_item(self, item: PortalItem) -> PortalItem:
        if isinstance(item, ArticleItem):
            item.dedupe_key = dedupe_key(item)
            item.sketch = article_sketch(item)
        return item
