"""``portalwatch analyze dates|meetings``: the text analysers over JSON Lines, for checking them on a corpus.

One output line per input line, in order, so a batch can be pasted beside its input: a line that is not a
JSON object, or that an analyser cannot read, becomes ``{"line": N, "error": "..."}`` and the batch goes on;
the command then exits 1 and says on stderr how many lines failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
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
        "parse date stamps (or event dates with --text); relative stamps ('3 giờ trước') count back from the "
        "record's 'now' (ISO datetime), else from the current time",
        'echo \'{"raw": "Sáng ngày 11/7/2022"}\' | portalwatch analyze dates',
        common,
    )
    p.add_argument("--text", action="store_true", help="records carry body text; add event_date")
    p.add_argument(
        "--now",
        type=datetime.fromisoformat,
        help="ISO datetime relative stamps count back from when a record has no 'now' (default: the current time)",
    )
    add_command(
        asub,
        "meetings",
        analyze_meetings,
        "detect meeting reports and their fields",
        'echo \'{"title": "Kỳ họp thứ 9 HĐND huyện", "text": "..."}\' | portalwatch analyze meetings',
        common,
    )


def _record(line: str) -> dict[str, Any]:
    """One input line as a JSON object, or ``ValueError`` saying what it is instead."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno}); write one JSON object per line") from None
    if not isinstance(record, dict):
        raise ValueError(f"a JSON {type(record).__name__}, not an object; write one JSON object per line")
    return record


def _jsonl(transform: Callable[[dict[str, Any]], dict[str, Any]]) -> int:
    """Each line of stdin through ``transform``; a line that fails is an error line, and the batch goes on."""
    failed = total = 0
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        total += 1
        try:
            out = transform(_record(line))
        except Exception as exc:  # noqa: BLE001 - one bad record must not end a batch of thousands
            failed += 1
            out = {"line": number, "error": str(exc) or type(exc).__name__}
        print(json.dumps(out, ensure_ascii=False))
    if failed:
        print(f"portalwatch: {failed} of {total} lines failed; see their 'error' lines.", file=sys.stderr)
    return 1 if failed else 0


def analyze_dates(args: argparse.Namespace) -> int:
    from crawler.dates import TZ, annotate_record

    now = args.now or datetime.now(TZ)
    now = now if now.tzinfo else now.replace(tzinfo=TZ)
    return _jsonl(lambda record: annotate_record(record, text_mode=args.text, now=now))


def analyze_meetings(args: argparse.Namespace) -> int:
    from crawler.meetings import annotate_record

    return _jsonl(annotate_record)
