"""The natural key an article is stored under: portal + CMS content id, else canonical URL.

The store upserts on this key, so the same article reached by many URLs (Liferay ``plidlayout``
and portlet instances, WordPress ``?p=`` and permalink) is one row, across runs and processes,
without any in-memory set.
"""

from __future__ import annotations

from crawler.items import ArticleItem


def dedupe_key(item: ArticleItem) -> str:
    if item.content_id:
        return f"{item.portal}:id:{item.content_id}"
    return f"{item.portal}:url:{item.canonical_url or item.url}"


class DedupePipeline:
    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.extra["dedupe_key"] = dedupe_key(item)
        return item
