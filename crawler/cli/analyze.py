"""``portalwatch analyze dates|meetings``: the text analysers over JSON Lines, for checking them on a corpus."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from crawler.cli.common import add_command, add_group

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    asub = add_group(sub, "analyze", "run the text analysers on JSON Lines from stdin")
    p = add_command(
        asub,
        "dates",
        analyze_dates,
        "parse date stamps (or event dates with --text)",
        'echo \'{"raw": "Sáng ngày 11/7/2022"}\' | portalwatch analyze dates',
        common,
    )
    p.add_argument("--text", action="store_true", help="records carry body text; add event_date")
    add_command(
        asub,
        "meetings",
        analyze_meetings,
        "detect meeting reports and their fields",
        'echo \'{"title": "Kỳ họp thứ 9 HĐND huyện", "text": "..."}\' | portalwatch analyze meetings',
        common,
    )


def _jsonl(transform: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
    """Each line of stdin through ``transform``; a line that is not JSON ends the command (one sentence)."""
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(transform(json.loads(line)), ensure_ascii=False), flush=False)
    return 0


def analyze_dates(args: argparse.Namespace) -> int:
    from crawler.dates import annotate_record

    return _jsonl(lambda record: annotate_record(record, text_mode=args.text))


def analyze_meetings(args: argparse.Namespace) -> int:
    from crawler.meetings import annotate_record

    return _jsonl(annotate_record)
