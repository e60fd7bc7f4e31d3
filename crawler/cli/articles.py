"""``portalwatch articles`` and ``export``: what the store holds, for reading and for other tools."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.cli.common import add_command, opened_store, table
from crawler.store import ArticleQuery

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands

EXPORT_FIELDS = (
    "portal",
    "url",
    "canonical_url",
    "content_id",
    "title",
    "published",
    "modified",
    "byline",
    "category",
    "lead",
    "body",
    "images",
    "attachments",
    "is_meeting_report",
    "meeting",
    "cluster_id",
    "revisions",
)


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "articles",
        articles,
        "show the latest stored articles",
        "portalwatch articles -n 20 --meetings",
        common,
    )
    p.add_argument("-n", "--limit", type=int, default=20)
    p.add_argument("--portal")
    p.add_argument("--meetings", action="store_true", help="only meeting reports")
    p.add_argument("--json", action="store_true")

    p = add_command(
        sub,
        "export",
        export,
        "export stored articles as JSON Lines or CSV",
        "portalwatch export --format csv --out articles.csv",
        common,
    )
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.add_argument("--out", type=Path, help="file to write (default: standard output)")
    p.add_argument("--portal")
    p.add_argument("--meetings", action="store_true")


def articles(args: argparse.Namespace) -> int:
    with opened_store(args.db) as store:
        rows = list(store.articles(ArticleQuery(portal=args.portal, meetings_only=args.meetings, limit=args.limit)))
    if args.json:
        for row in rows:
            print(json.dumps({k: row[k] for k in EXPORT_FIELDS}, ensure_ascii=False))
        return 0
    table(
        [[r["published"] or "?", r["portal"], "họp" if r["is_meeting_report"] else "", r["title"][:90]] for r in rows],
        ["published", "portal", "meeting", "title"],
    )
    return 0


def export(args: argparse.Namespace) -> int:
    out = args.out.open("w", encoding="utf-8", newline="") if args.out else sys.stdout
    try:
        with opened_store(args.db) as store:
            rows = store.articles(ArticleQuery(portal=args.portal, meetings_only=args.meetings))
            if args.format == "jsonl":
                for row in rows:
                    out.write(json.dumps({k: row[k] for k in EXPORT_FIELDS}, ensure_ascii=False) + "\n")
            else:
                writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS)
                writer.writeheader()
                for row in rows:
                    cells = {k: row[k] for k in EXPORT_FIELDS}
                    cells["body"] = "\n\n".join(row["body"] or [])
                    for k in ("images", "attachments", "meeting"):
                        cells[k] = json.dumps(row[k], ensure_ascii=False) if row[k] else ""
                    writer.writerow(cells)
    finally:
        if args.out:
            out.close()
    return 0
