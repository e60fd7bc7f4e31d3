"""The natural key an article is stored under: portal + CMS content id, else canonical URL.

The store upserts on this key, so the same article reached by many URLs (Liferay ``plidlayout``
and portlet instances, WordPress ``?p=`` and permalink) is one row, across runs and processes,
without any in-memory set. Rules are in ``crawler.fingerprint``;
the stored ``canonical_url`` stays the page's own (a key's https may not be fetchable).
"""

from __future__ import annotations

from crawler.clusters import article_text, sketch
from crawler.fingerprint import article_key
from crawler.items import ArticleItem


def dedupe_key(item: ArticleItem) -> str:
    return article_key(item.portal, item.cms, item.url, item.canonical_url, item.content_id)


class DedupePipeline:
    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.extra["dedupe_key"] = dedupe_key(item)
        # The near-duplicate sketch is pure CPU: made here, in each crawling process, not in the store's writer.
        item.extra["sketch"] = sketch(article_text(item))
        return item
