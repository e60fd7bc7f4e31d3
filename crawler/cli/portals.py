"""``portalwatch portals list|check|detect``: the registry, and the live state of the portals in it."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler.cli.common import UsageError, add_command, add_group, require_http_url, table
from crawler.dates import TZ
from crawler.registry import DEFAULT_REGISTRY, load_registry, select

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    psub = add_group(sub, "portals", "the portal registry")
    p = add_command(psub, "list", portals_list, "list registry portals", "portalwatch portals list --json", common)
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p = add_command(
        psub,
        "check",
        portals_check,
        "check portals live: reachable, redirected, gone, which CMS",
        "portalwatch portals check tanhong --write",
        common,
    )
    p.add_argument("slugs", nargs="*", help="portals to check (default: every portal that is not simulated)")
    p.add_argument("--write", action="store_true", help="write status, retired_on, cms and notes back to the registry")
    p = add_command(
        psub,
        "detect",
        portals_detect,
        "fingerprint a site's CMS and print a registry entry",
        "portalwatch portals detect http://127.0.0.1:8702/web/hth/tin-tuc",
        common,
    )
    p.add_argument("url")
    p.add_argument("--slug", help="slug for the printed entry (default: from the host)")
    p = add_command(
        psub,
        "discover",
        portals_discover,
        "propose commune portal URLs of a province, from its units and naming patterns, to check online",
        "portalwatch portals discover --province 'Bình Phước'",
        common,
    )
    p.add_argument("--province", required=True, help="province: current or pre-2025 name, or its code")
    p.add_argument("--all", action="store_true", help="every naming pattern, not only the likeliest per commune")
    p.add_argument("--json", action="store_true", help="one JSON object per line")


def portals_list(args: argparse.Namespace) -> int:
    portals = load_registry(args.registry).values()
    if args.json:
        for p in portals:
            print(json.dumps(p.as_json(), ensure_ascii=False))
        return 0
    table(
        [[p.slug, p.cms, p.status, p.level, p.province, p.name, p.base_url] for p in portals],
        ["slug", "cms", "status", "level", "province", "name", "base_url"],
    )
    return 0


def portals_check(args: argparse.Namespace) -> int:
    from crawler.check import check, registry_values, verdict, write_updates

    registry = load_registry(args.registry)
    portals = select(registry, args.slugs) if args.slugs else [p for p in registry.values() if not p.simulated]
    path = Path(args.registry) if args.registry else DEFAULT_REGISTRY
    updates = {}
    rows = []
    for portal in portals:
        result = check(portal)
        status, reason = verdict(portal, result)
        rows.append([portal.slug, result.status or "-", status, result.cms or "-", reason])
        if args.write:
            updates[portal.slug] = registry_values(portal, result, status, reason, registry, datetime.now(TZ).date())
    table(rows, ["slug", "http", "verdict", "cms", "reason"])
    if args.write:
        written = write_updates(path, updates)
        load_registry(path)  # the rewritten files must still validate
        for file in written:
            print(f"wrote {file}")
    return 0


def portals_detect(args: argparse.Namespace) -> int:
    from crawler.cli.crawl import detect_site
    from crawler.detect import registry_entry

    require_http_url(args.url, "URL")
    print(registry_entry(args.url, detect_site(args.url), args.slug), end="")
    return 0


def portals_discover(args: argparse.Namespace) -> int:
    """``portalwatch portals discover --province NAME``: print candidates, the best pattern of each commune
    unless ``--all``."""
    from crawler import units
    from crawler.discover import Candidate, candidates

    province = int(args.province) if str(args.province).strip().isdigit() else args.province
    try:
        found = candidates(province, load_registry(args.registry))
    except units.UnitError as exc:
        raise UsageError(str(exc)) from None
    if not args.all:
        first: dict[int, Candidate] = {}
        for c in found:
            first.setdefault(c.commune.code, c)
        found = list(first.values())
    if args.json:
        for c in found:
            print(json.dumps(c.as_json(), ensure_ascii=False))
        return 0
    width = max((len(c.url) for c in found), default=3)
    print(f"{'url':<{width}}  {'code':>5}  commune / registry entry")
    for c in found:
        print(f"{c.url:<{width}}  {c.commune.code:>5}  {c.commune.name}" + (f"  [{c.known}]" if c.known else ""))
    host = urlsplit(found[0].url).hostname if found else ""
    print(f"{len(found)} candidates, e.g. {host}; check them with a browser or 'portalwatch portals check'.")
    return 0
