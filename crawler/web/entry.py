"""What the entry page shows of one entry: the article in full, its copies on other portals, its meeting or why it is
none, and the evidence trail of its versions when an evidence archive is configured.

Scraped text stays text (Jinja autoescapes it); links to scraped URLs exist only when they are http(s)
(``crawler.origin.web_url``), and to an article only on its portal's site (``crawler.feed.article_link``); the word
diff of the evidence trail is the one piece of HTML inserted as is, escaped by ``crawler.evidence.diff``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from crawler import feed
from crawler.origin import web_url
from crawler.registry import Portal
from crawler.store.base import FeedReader
from crawler.web import labels

log = logging.getLogger(__name__)


def entry_page(
    query: FeedReader, registry: Mapping[str, Portal], entry_id: str, evidence_dir: Path | None
) -> dict[str, Any] | None:
    """The entry page's context, or None when there is no such entry (or its article is hidden)."""
    found = query.entry(entry_id)
    if found is None:
        return None
    v = feed.view(found, registry)  # the article's link only on its portal's site (``feed.article_link``)
    portal = registry.get(found["portal"])
    context: dict[str, Any] = {"v": v, "portal": portal, "article": None, "detail": found.get("detail") or {}}
    summary = found.get("article")
    if summary is None:  # an alert about the portal itself
        context["detail_urls"] = [u for u in (web_url(u) for u in context["detail"].get("urls") or []) if u]
        return context
    article = query.article(int(summary["id"]))
    if article is None:
        return None
    context["article"] = article
    context["images"] = [
        {"src": src, "caption": i.get("caption")}
        for i in article.get("images") or []
        if (src := web_url(i.get("src"))) is not None
    ]
    context["attachments"] = [
        {"url": web_url(a.get("url")), "title": a.get("title") or a.get("url") or "", "type": labels.file_type(a)}
        for a in article.get("attachments") or []
    ]
    context["copies"] = [
        {
            **c,
            "url": feed.article_link(c["url"], registry.get(c["portal"])),
            "portal_name": registry[c["portal"]].name if c["portal"] in registry else "",
        }
        for c in query.cluster(int(article.get("cluster_id") or article["id"]))
        if c["id"] != article["id"]
    ]
    meeting = article.get("meeting") if article.get("is_meeting_report") else None
    context["meeting"] = labels.meeting_facts(meeting)
    context["meeting_evidence"] = [labels.evidence(str(e)) for e in (meeting or {}).get("evidence") or []]
    context["why_not"] = None if meeting else why_not(article)
    if evidence_dir is not None and portal is not None:
        context["trail"], context["trail_error"] = evidence_trail(evidence_dir, str(article["url"]), portal)
    return context


def why_not(article: Mapping[str, Any]) -> str | None:
    """Why the meeting detector does not take this article for a report of a held meeting, in Vietnamese.

    Recomputed from the stored title and text (the detector is pure and fast; the store keeps only its verdict)."""
    from crawler.meetings import judge  # its rule tables load on the first entry page that needs them

    published = labels.moment(article.get("published"))
    day = published.date() if isinstance(published, datetime) else published if isinstance(published, date) else None
    text = "\n\n".join(p for p in [article.get("lead") or "", *(article.get("body") or [])] if p)
    verdict = judge(str(article.get("title") or ""), text, published=day, url=article.get("url"))
    return verdict.reason.vi if verdict.reason is not None else None


def evidence_trail(root: Path, url: str, portal: Portal) -> tuple[dict[str, Any] | None, str | None]:
    """The stored versions of the article's page with the word diff of each edit and the takedown date, or why they
    could not be read (the page then says so in one sentence)."""
    from crawler.evidence.archive import Archive
    from crawler.evidence.text import trail  # imports Scrapy: only when an archive is configured
    from crawler.evidence.warcfile import EvidenceError

    try:
        found = trail(Archive(root), url, portal)
    except (OSError, ValueError, EvidenceError) as exc:
        log.warning("evidence trail of %s unreadable: %s", url, exc)
        return None, "Không đọc được kho bằng chứng của bài này trên máy chủ."
    rows = []
    for n, rev in enumerate(found.revisions):
        version = rev.version
        if version.revisit:
            state = "không đổi"
        elif version.gone:
            state = f"không còn trên cổng ({version.status})"
        elif version.status != 200:
            state = f"trả lời {version.status}"
        elif rev.diff_html is not None:
            state = "đã sửa"
        elif n == 0:
            state = "bản đầu tiên"
        else:
            state = "nội dung không đổi"
        rows.append({"time": version.timestamp, "state": state, "diff_html": rev.diff_html, "note": rev.note})
    return {"versions": rows, "removed_on": found.removed_on}, None
