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
    # An announcement's meeting also pins its status (a report's is "held", the flag says so).
    meeting = out.get("meeting")
    if isinstance(meeting, dict):
        kept = ("kind", "ordinal", "date") if meeting.get("status") == "held" else ("kind", "ordinal", "date", "status")
        out["meeting"] = {k: meeting[k] for k in kept}
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


def main(argv: list[str] | None = None) -> int:
    """``python -m crawler.fixtures``: the expectation of a page already saved (``portalwatch fixtures record``
    fetches and saves the page first)."""
    import argparse

    from crawler.registry import load_registry

    parser = argparse.ArgumentParser(
        prog="python -m crawler.fixtures",
        description="Write <name>.json beside a saved page: what the portal's adapter makes of it, for review.",
        epilog="example:\n  python -m crawler.fixtures sim-tanhong http://127.0.0.1:8702/web/hth/tin-tuc "
        "tests/fixtures/liferay/sim-tanhong/listing.html listing 'saved from the simulator'",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("slug", help="the portal's registry slug")
    parser.add_argument("url", help="the URL the page was served at")
    parser.add_argument("html_file", type=Path, help="the saved page")
    parser.add_argument("kind", choices=("article", "listing"), help="what the page is")
    parser.add_argument("source", help="where the page came from, kept in the JSON")
    args = parser.parse_args(argv)
    portal = load_registry().get(args.slug)
    if portal is None:
        parser.error(f"unknown portal '{args.slug}'; 'portalwatch portals list' shows the known slugs.")
    if not args.html_file.is_file():
        parser.error(f"{args.html_file} is not a file; give the saved page's path.")
    print(record(portal, args.url, args.html_file, args.kind, args.source))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
