"""What the entry page shows of a page's evidence: the article text of each stored version, read by the portal's own
adapter (the parser the crawl used, so that a diff compares what the article said and not the page's menus,
counters or sidebars), the word-level diff of each edit, and the takedown date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scrapy.http import HtmlResponse

from crawler.adapters.base import ParseError, adapter_for
from crawler.evidence.archive import Archive, Snapshot, Version
from crawler.evidence.diff import render_html
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


@dataclass(frozen=True)
class Revision:
    """One stored version as the entry page lists it.

    ``diff_html`` is the escaped text with ``<del>``/``<ins>`` marks against the previous article text when this
    version changed it (None for the first version, a revisit, an unchanged text or a takedown); ``note`` says
    why a version's text could not be read (a page the adapter cannot parse)."""

    version: Version
    diff_html: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Trail:
    revisions: list[Revision]
    removed_on: datetime | None  # the first 404/410 of the takedown the page is in now


def trail(archive: Archive, url: str, portal: Portal) -> Trail:
    """Every stored version of an article with the word diff of each edit, and its takedown date."""
    revisions: list[Revision] = []
    previous: str | None = None
    versions = archive.versions(url, portal.slug)
    for version in versions:
        if version.revisit or version.status != 200:
            revisions.append(Revision(version))
            continue
        try:
            text = article_text(archive.read(version), portal)
        except ParseError as exc:
            revisions.append(Revision(version, note=str(exc)))
            continue
        diff: str | None = render_html(previous, text) if previous is not None and text != previous else None
        revisions.append(Revision(version, diff_html=diff))
        previous = text
    return Trail(revisions, archive.removed_on(url, portal.slug))
