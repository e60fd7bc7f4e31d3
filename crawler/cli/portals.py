"""``portalwatch portals list|check|detect``: the registry, and the live state of the portals in it."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crawler.cli.common import add_command, add_group, require_http_url, table
from crawler.dates import TZ
from crawler.registry import DEFAULT_REGISTRY, load_registry, select
from crawler.vocab import Cms, PortalStatus

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


def portals_list(args: argparse.Namespace) -> int:
    portals = load_registry(args.registry).values()
    if args.json:
        for p in portals:
            print(
                json.dumps(
                    {
                        "slug": p.slug,
                        "name": p.name,
                        "province": p.province,
                        "district": p.district,
                        "level": p.level,
                        "cms": p.cms,
                        "base_url": p.base_url,
                        "status": p.status,
                    },
                    ensure_ascii=False,
                )
            )
        return 0
    table(
        [[p.slug, p.cms, p.status, p.level, p.province, p.name, p.base_url] for p in portals],
        ["slug", "cms", "status", "level", "province", "name", "base_url"],
    )
    return 0


def portals_check(args: argparse.Namespace) -> int:
    from crawler.check import check, update_registry, verdict

    registry = load_registry(args.registry)
    portals = select(registry, args.slugs) if args.slugs else [p for p in registry.values() if not p.simulated]
    path = Path(args.registry) if args.registry else DEFAULT_REGISTRY
    text = path.read_text(encoding="utf-8")
    rows = []
    for portal in portals:
        result = check(portal)
        status, reason = verdict(portal, result)
        rows.append([portal.slug, result.status or "-", status, result.cms or "-", reason])
        if args.write:
            values: dict[str, Any] = {"status": status.value, "notes": f"checked {datetime.now(TZ).date()}: {reason}"}
            if status in (PortalStatus.RETIRED, PortalStatus.REDIRECTED) and portal.retired_on is None:
                values["retired_on"] = datetime.now(TZ).date()
            if result.cms and portal.cms is Cms.GENERIC:
                values["cms"] = result.cms.value
            text = update_registry(text, portal.slug, values)
    table(rows, ["slug", "http", "verdict", "cms", "reason"])
    if args.write:
        path.write_text(text, encoding="utf-8")
        load_registry(path)  # the rewritten file must still validate
        print(f"wrote {path}")
    return 0


def portals_detect(args: argparse.Namespace) -> int:
    from crawler.cli.crawl import detect_site
    from crawler.detect import registry_entry

    require_http_url(args.url, "URL")
    print(registry_entry(args.url, detect_site(args.url), args.slug), end="")
    return 0
