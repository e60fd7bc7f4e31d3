"""Which alerts an article raises if it turns out to be new.

It only decides: the store writes the alert rows in the same transaction as the new article, and
its unique (kind, article) key means an article never alerts twice, whatever crashes in between.
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
