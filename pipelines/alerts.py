"""Which alerts an article raises if it turns out to be new.

It only decides: the store writes the alert rows in the same transaction as the new article, under a
unique story key (``crawler.store.base.alert_key``: ``meeting:cluster:<id>``), so a story alerts once
however many portals carry it, whatever crashes in between. ``article_edited`` and ``article_removed``
are raised by the store itself, which alone sees a revision or a 404 on re-check.
"""

from __future__ import annotations

from crawler.items import ArticleItem
from crawler.vocab import AlertKind


def alert_kinds(item: ArticleItem) -> list[str]:
    return [AlertKind.MEETING.value] if item.is_meeting_report else []


class AlertsPipeline:
    def process_item(self, item: ArticleItem) -> ArticleItem:
        item.extra["alert_kinds"] = alert_kinds(item)
        return item
