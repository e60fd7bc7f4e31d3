"""The article text of a stored version, read by the portal's own adapter (the parser the crawl used), so that a
revision diff compares what the article said and not the page's menus, counters or sidebars."""

from __future__ import annotations

from scrapy.http import HtmlResponse

from crawler.adapters.base import adapter_for
from crawler.evidence.archive import Snapshot
from crawler.registry import Portal


def article_text(snapshot: Snapshot, portal: Portal) -> str:
    """Title, lead and body paragraphs of a stored article page, one per line (NFC, as the adapter cleans them).

    Raises ``crawler.adapters.base.ParseError`` when the version is not an article page (a 404, a soft error)."""
    headers = [(k.encode("latin-1", "replace"), v.encode("latin-1", "replace")) for k, v in snapshot.headers]
    response = HtmlResponse(
        url=snapshot.version.url, status=snapshot.version.status, headers=headers, body=snapshot.body
    )
    item = adapter_for(portal).parse_article(response)
    return "\n".join(p for p in (item.title, item.lead or "", *item.body) if p)
