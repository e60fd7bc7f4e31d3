"""``portalwatch articles`` and ``export``: what the store holds, for reading and for other tools.

Both take the feed's place and kind filters (``--province``, ``--district``, ``--portal``, ``--kind`` by code or
Vietnamese name), ``--since`` (published on or after) and ``--search`` (words of the title or lead, without
diacritics: "ky hop" finds "Kỳ họp"). JSON keeps the machine keys; the table and the CSV (for Excel: a UTF-8
BOM, one column per meeting field) carry the kind in Vietnamese too.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from crawler import labels
from crawler.cli.common import UsageError, add_command, opened_store, table
from crawler.cli.feed import add_filter_arguments
from crawler.registry import Portal, load_registry
from crawler.store import ArticleQuery, Store

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands

EXPORT_FIELDS = (
    "portal",
    "province",
    "district",
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
# The CSV: the meeting record as columns (kind as code and in words), lists as lines of a cell.
MEETING_COLUMNS = {
    "meeting_kind": "kind",
    "meeting_kind_vi": "kind",
    "meeting_ordinal": "ordinal",
    "meeting_term": "term",
    "meeting_body": "body",
    "meeting_level": "level",
    "meeting_date": "date",
    "meeting_chair": "chair",
}
CSV_FIELDS = (
    *EXPORT_FIELDS[: EXPORT_FIELDS.index("meeting")],
    *MEETING_COLUMNS,
    *EXPORT_FIELDS[EXPORT_FIELDS.index("meeting") + 1 :],
)
ARTICLE_KINDS = frozenset({"new_article", "meeting"}) | frozenset(labels.MEETING_KINDS)


def add_article_filters(parser: argparse.ArgumentParser) -> None:
    """The filters of ``articles`` and ``export``: the feed's, on articles, and two of their own."""
    add_filter_arguments(
        parser,
        kind="meeting reports of a kind: a code (council_session...), 'meeting' for all, or a Vietnamese name "
        "('kỳ họp', 'hội nghị', 'đại hội', 'giao ban'...)",
        since="only articles published on or after this date (YYYY-MM-DD) or ISO datetime",
    )
    parser.add_argument("--meetings", action="store_true", help="only meeting reports (as --kind meeting)")
    parser.add_argument("--search", help="words of the title or lead, diacritics optional: 'ky hop' finds 'kỳ họp'")


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "articles",
        articles,
        "show the latest stored articles, newest publication first",
        "portalwatch articles -n 20 --province 'Đồng Tháp' --kind 'kỳ họp' --since 2025-07-01 --search 'ngân sách'",
        common,
    )
    p.add_argument("-n", "--limit", type=int, default=20)
    add_article_filters(p)
    p.add_argument("--json", action="store_true", help="one JSON object per line (machine keys)")

    p = add_command(
        sub,
        "export",
        export,
        "export stored articles as JSON Lines or CSV (UTF-8 with BOM, for Excel)",
        "portalwatch export --format csv --province 'Đồng Tháp' --kind meeting --out articles.csv",
        common,
    )
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    p.add_argument("--out", type=Path, help="file to write (default: standard output)")
    add_article_filters(p)


def article_query(args: argparse.Namespace, registry: Mapping[str, Portal], store: Store) -> ArticleQuery:
    """The filters of ``articles``/``export`` as a store query, checked as the feed checks its own."""
    from crawler.feed import FilterError, parse_request, parse_since

    params = {k: v for k in ("province", "district", "portal", "kind") if (v := getattr(args, k, None))}
    try:
        flt = parse_request(params, registry, max_limit=None, stored=store.portals).filter
        since = parse_since(args.since) if args.since else None
    except FilterError as exc:
        raise UsageError(str(exc)) from None
    other = [k for k in flt.kinds if k not in ARTICLE_KINDS]
    if other:
        raise UsageError(
            f"--kind {', '.join(other)} is an alert kind; articles take meeting, a meeting kind or its Vietnamese name."
        )
    kinds = flt.article_meeting_kinds()
    if args.meetings and kinds is None:
        kinds = frozenset()
    return ArticleQuery(
        portals=flt.portals,
        meeting_kinds=kinds,
        published_since=since,
        search=args.search,
        limit=getattr(args, "limit", None),
    )


def _rows(args: argparse.Namespace) -> Iterator[tuple[dict[str, Any], Portal | None]]:
    """The chosen articles with their registry portals (None for a site crawled with ``crawl --url``)."""
    registry = load_registry(args.registry)
    with opened_store(args.db) as store:
        for row in store.articles(article_query(args, registry, store)):
            yield row, registry.get(row["portal"])


def record(row: Mapping[str, Any], portal: Portal | None) -> dict[str, Any]:
    """An article as ``--json`` and JSON Lines print it: the stored fields and where its portal is."""
    place = {"province": portal.province if portal else None, "district": portal.district if portal else None}
    return {k: place[k] if k in place else row[k] for k in EXPORT_FIELDS}


def csv_cells(row: Mapping[str, Any], portal: Portal | None) -> dict[str, Any]:
    """An article as a CSV row: text in cells, lists as lines, the meeting as its own columns."""
    cells = record(row, portal)
    meeting = cells.pop("meeting") or {}
    cells["body"] = "\n\n".join(row["body"] or [])
    cells["images"] = "\n".join(str(i.get("src") or "") for i in row["images"] or [])
    cells["attachments"] = "\n".join(f"{a.get('title') or ''} <{a.get('url')}>" for a in row["attachments"] or [])
    for column, key in MEETING_COLUMNS.items():
        cells[column] = meeting.get(key)
    if meeting:
        cells["meeting_kind_vi"] = labels.meeting_kind(meeting.get("kind"))
        cells["meeting_level"] = labels.level(meeting.get("level")) or None
    return cells


def articles(args: argparse.Namespace) -> int:
    rows = list(_rows(args))
    if args.json:
        for row, portal in rows:
            print(json.dumps(record(row, portal), ensure_ascii=False))
        return 0
    table(
        [
            [
                labels.vn_datetime(r["published"]) or "?",
                r["portal"],
                labels.meeting_kind((r["meeting"] or {}).get("kind"), short=True) if r["is_meeting_report"] else "",
                r["title"][:90],
            ]
            for r, _ in rows
        ],
        ["published", "portal", "meeting", "title"],
    )
    return 0


def _write(out: IO[str], fmt: str, rows: Iterator[tuple[dict[str, Any], Portal | None]]) -> None:
    if fmt == "jsonl":
        for row, portal in rows:
            out.write(json.dumps(record(row, portal), ensure_ascii=False) + "\n")
        return
    out.write("\ufeff")  # the byte order mark: Excel then reads the file as UTF-8, not the local code page
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for row, portal in rows:
        writer.writerow(csv_cells(row, portal))


def export(args: argparse.Namespace) -> int:
    if not args.out:
        _write(sys.stdout, args.format, _rows(args))
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    partial = args.out.with_name(f".{args.out.name}.partial")  # a reader never sees half an export
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            _write(out, args.format, _rows(args))
        partial.replace(args.out)
    finally:
        partial.unlink(missing_ok=True)
    return 0
