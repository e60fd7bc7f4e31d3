"""``portalwatch fixtures record``: save a live page and its parse for the registry-wide adapter test."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler.cli.common import UsageError, add_command, add_group, require_http_url
from crawler.registry import load_registry

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    fsub = add_group(sub, "fixtures", "saved pages for the adapter tests")
    p = add_command(
        fsub,
        "record",
        fixtures_record,
        "save a page and its parse as expected JSON for review",
        "portalwatch fixtures record sim-tanhong http://127.0.0.1:8702/web/hth/tin-tuc --type listing",
        common,
    )
    p.add_argument("slug")
    p.add_argument("url")
    p.add_argument("--type", choices=("article", "listing"), default="article")
    p.add_argument("--name", help="file name without extension (default: from the URL)")
    p.add_argument("--as-url", help="record the page under this URL (e.g. the registry base URL)")
    p.add_argument("--root", type=Path, help="fixtures folder (default: tests/fixtures of this checkout)")


def fixtures_record(args: argparse.Namespace) -> int:
    from crawler.detect import fetch
    from crawler.fixtures import FIXTURES, record

    portal = load_registry(args.registry).get(args.slug)
    if portal is None:
        raise UsageError(f"unknown portal '{args.slug}'; add it to the registry first.")
    require_http_url(args.url, "URL")
    try:
        _, html, _ = fetch(args.url)
    except OSError as exc:
        raise UsageError(f"cannot fetch {args.url} ({exc}); check the address and the network.") from None
    name = args.name or (re.sub(r"[^a-z0-9]+", "-", urlsplit(args.url).path.lower()).strip("-") or "home")[:80]
    folder = (args.root or FIXTURES) / portal.cms.value / portal.slug
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    out = record(portal, args.as_url or args.url, page, args.type, f"recorded from {args.url}")
    print(f"{page}\n{out}\nreview the expected values in the JSON before committing both files")
    return 0
