"""``portalwatch documents``: the stored documents (nghị quyết, kết luận, quyết định...), newest issue date first.

A document is one row however it was reached: listed by a portal's document registry (NukeViet's ``laws``
module, a "Văn bản" section), cited in an article, or attached to one. ``--type`` takes codes or Vietnamese names
("NQ", "nghị quyết"), ``--issuer`` words of the issuer's name or code ("huyện ủy tuy phong", "HĐND").
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import TYPE_CHECKING, Any

from crawler.cli.common import UsageError, add_command, opened_store, table

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "documents",
        documents,
        "list stored documents (resolutions, conclusions, decisions...) from document registries and citations",
        "portalwatch documents --type NQ --issuer 'huyện ủy tuy phong' --since 2025-01-01",
        common,
    )
    p.add_argument(
        "--type", action="append", default=[], help="a type code or name: NQ, KL, QĐ, 'nghị quyết' (repeatable)"
    )
    p.add_argument("--issuer", help="words of the issuer's name or code, e.g. 'HĐND huyện Tuy Phong', 'HU'")
    p.add_argument("--since", help="only documents issued on or after this date (YYYY-MM-DD)")
    p.add_argument("--portal", help="only documents first stored from this portal (a registry slug)")
    p.add_argument("--listed", action="store_true", help="only documents a document registry lists (not only cited)")
    p.add_argument("-n", "--limit", type=int, default=None, help="at most this many documents")
    p.add_argument("--json", action="store_true", help="one JSON object per line, with every field")


def type_codes(names: list[str]) -> tuple[str, ...]:
    """Type codes for what the user typed: a code in any case ("nq", "QĐ") or a Vietnamese name ("Nghị quyết")."""
    from crawler.documents.model import TYPE_CODES, TYPE_NAMES, DocType
    from crawler.text import fold

    codes: list[str] = []
    for name in names:
        found = TYPE_CODES.get(name.strip().lower()) or TYPE_NAMES.get(fold(name))
        if found is None:
            known = ", ".join(f"{t.value} ({t.label})" for t in DocType)
            raise UsageError(f"unknown document type {name!r}; use one of: {known}.")
        codes.append(found.value)
    return tuple(dict.fromkeys(codes))


def documents(args: argparse.Namespace) -> int:
    from crawler import labels
    from crawler.documents.model import DocType
    from crawler.store.base import DocumentQuery

    if args.since:
        try:
            date.fromisoformat(args.since)
        except ValueError:
            raise UsageError(f"--since {args.since!r} is not a date; write it as YYYY-MM-DD.") from None
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be at least 1.")
    query = DocumentQuery(
        types=type_codes(args.type),
        issuer=args.issuer,
        since=args.since,
        portal=args.portal,
        listed_only=args.listed,
        limit=args.limit,
    )
    with opened_store(args.db) as store:
        rows = list(store.documents(query))
    if args.json:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
        return 0

    def kind(row: dict[str, Any]) -> str:
        return DocType(row["type"]).label if row["type"] in DocType._value2member_map_ else row["type"]

    table(
        [
            [
                labels.vn_date(r["issue_date"]) or "?",
                r["number"],
                kind(r),
                r["issuer"],
                (r["summary"] or r["title"])[:70],
                f"{'listed' if r['listed'] else 'cited'} ({r['articles']} article{'s' if r['articles'] != 1 else ''})",
            ]
            for r in rows
        ],
        ["issued", "number", "type", "issuer", "summary", "source"],
    )
    return 0
