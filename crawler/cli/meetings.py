"""``portalwatch meetings``: the meeting records, one per real meeting, whatever number of articles report it."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING

from crawler.cli.common import UsageError, add_command, opened_store, table
from crawler.registry import load_registry
from crawler.store.base import MeetingQuery
from crawler.vocab import MeetingKind, MeetingStatus

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands

JSON_FIELDS = (
    "id",
    "status",
    "kind",
    "ordinal",
    "term",
    "body",
    "level",
    "meeting_date",
    "location",
    "chair",
    "period",
    "portal",
    "province",
    "title",
    "url",
    "articles",
    "sequence",
    "first_seen",
    "updated_at",
)


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "meetings",
        meetings,
        "list meeting records: one per meeting, announced, held, postponed or cancelled",
        "portalwatch meetings --status announced --since 2025-07-01",
        common,
    )
    p.add_argument("--status", choices=[s.value for s in MeetingStatus], help="only meetings with this status")
    p.add_argument("--since", help="only meetings on or after this date (YYYY-MM-DD; the first-seen day if undated)")
    p.add_argument("--kind", choices=[k.value for k in MeetingKind], action="append", help="only this meeting kind")
    p.add_argument("--portal", action="append", help="only meetings a portal (registry slug) reported or announced")
    p.add_argument("-n", "--limit", type=int, default=50, help="at most this many (default %(default)s; 0: all)")
    p.add_argument("--id", type=int, help="one meeting with every article about it")
    p.add_argument("--json", action="store_true", help="one JSON object a line")


def meetings(args: argparse.Namespace) -> int:
    try:
        since = date.fromisoformat(args.since) if args.since else None
    except ValueError:
        raise UsageError(f"--since {args.since!r} is not a date; write it as YYYY-MM-DD.") from None
    if args.limit < 0:
        raise UsageError("-n/--limit must be 0 (all) or more.")
    with opened_store(args.db) as store:
        if args.id is not None:
            record = store.meeting(args.id)
            if record is None:
                raise UsageError(f"no meeting {args.id}; 'portalwatch meetings' lists their ids.")
            rows = [record]
        else:
            query = MeetingQuery(
                status=args.status,
                kinds=tuple(args.kind or ()),
                portals=tuple(args.portal) if args.portal else None,
                since=since,
                limit=args.limit or None,
            )
            rows = store.meetings(query)
    registry = load_registry(args.registry)
    for row in rows:  # the province of the portal that first told of it, as the registry names it now
        portal = registry.get(row["portal"])
        row["province"] = portal.province if portal else None
    if args.json:
        for row in rows:
            extra = {"reports": row["reports"]} if "reports" in row else {}
            print(json.dumps({**{k: row[k] for k in JSON_FIELDS}, **extra}, ensure_ascii=False))
        return 0
    table(
        [
            [
                r["id"],
                r["meeting_date"] or "?",
                r["status"],
                r["kind"],
                r["ordinal"] or "",
                (r["body"] or "")[:40],
                r["articles"],
                (r["title"] or "")[:70],
            ]
            for r in rows
        ],
        ["id", "date", "status", "kind", "no.", "body", "articles", "title"],
    )
    for report in rows[0].get("reports", []) if args.id is not None else []:
        print(f"  {report['role']:<12} {report['published'] or '?':<25} {report['portal']}  {report['url']}")
    return 0
