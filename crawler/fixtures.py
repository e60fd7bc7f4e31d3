"""Saved pages and their expected parse, for the registry-wide adapter test.

A case is ``tests/fixtures/<cms>/<slug>/<name>.html`` (the page as served) beside
``<name>.json``: ``{"url", "type": "article"|"listing", "source", "expected"}``. ``expected`` is
what ``run_case`` returns: the item after the pure pipeline steps, or the listing's links.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse, Request

from crawler.adapters.base import adapter_for
from crawler.enrich import item_to_dict, process
from crawler.registry import Portal

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def response_for(url: str, body: bytes) -> HtmlResponse:
    """A response as Scrapy would build it for a saved page (UTF-8 unless the page says otherwise)."""
    return HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))


def run_case(portal: Portal, url: str, body: bytes, kind: str) -> dict[str, Any]:
    """What the portal's adapter (and, for articles, the pure pipeline) makes of a saved page."""
    adapter = adapter_for(portal)
    response = response_for(url, body)
    if kind == "listing":
        listing = adapter.parse_listing(response)
        out: dict[str, Any] = {"articles": listing.articles, "pages": listing.pages}
        if listing.requests:  # postbacks, recorded as what would be sent
            out["requests"] = [{"method": r.method, "url": r.url, "body": r.body.decode()} for r in listing.requests]
        return out
    out = item_to_dict(process(adapter.parse_article(response)))
    # Fixtures pin what the adapter and the first meeting rule decide; the detector's finer fields
    # (body, chair, evidence...) are tested against their own corpus in tests/test_meetings.py.
    meeting = out.get("meeting")
    if isinstance(meeting, dict):
        out["meeting"] = {k: meeting[k] for k in ("kind", "ordinal", "date")}
    return out


def cases(portal: Portal, root: Path = FIXTURES) -> list[Path]:
    """The expectation files of one portal's saved pages."""
    return sorted((root / portal.cms.value / portal.slug).glob("*.json"))


def record(portal: Portal, url: str, html_file: Path, kind: str, source: str) -> Path:
    """Write the expectation beside a saved page, for a human to review before committing."""
    expected = run_case(portal, url, html_file.read_bytes(), kind)
    out = html_file.with_suffix(".json")
    case = {"url": url, "type": kind, "source": source, "expected": expected}
    out.write_text(json.dumps(case, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


if __name__ == "__main__":  # python -m crawler.fixtures <slug> <url> <html-file> <article|listing> <source>
    import sys

    from crawler.registry import load_registry

    slug, url, path, kind, source = sys.argv[1:6]
    print(record(load_registry()[slug], url, Path(path), kind, source))
