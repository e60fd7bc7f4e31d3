"""Benchmark: portalwatch dates against dateparser on the issue-3 corpus, in one run.

Stamps: accuracy and time per string for ``crawler.dates.parse_date`` and for
``dateparser.parse(raw, languages=['vi'], settings={'DATE_ORDER': 'DMY'})`` (given
``RELATIVE_BASE`` so relative stamps are fair). A dateparser answer counts as right when it equals
the expected date (and the expected time, when one is expected); dateparser has no way to say
"no year", so a None expectation is right only when it returns nothing.

Body texts: time per article and false dates for ``crawler.dates.event_date`` and for
``dateparser.search.search_dates(text, languages=['vi'], settings={'DATE_ORDER': 'DMY'})``. A false
date is a date read from one of the row's listed traps (ratios, counts, document numbers, periods,
phone numbers, amounts) or, for the event date, any answer that is not the expected one.

Both sides run the same number of times on every string (``--repeat``, the mean is kept), so a cache warmed by
the first call helps each side alike. ``--quick`` reads the first rows of each file once (a smoke test).

Run: ``.venv/bin/python bench/dates.py [--repeat 5] [--quick]``
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import dateparser
from dateparser.search import search_dates

from crawler.dates import TZ, event_date, parse_date

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "dates"
SETTINGS = {"DATE_ORDER": "DMY"}


def _rows(name: str, limit: int | None) -> list[dict[str, Any]]:
    with open(DATA / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()][:limit]


def _timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    start = time.perf_counter()
    for _ in range(repeat):
        out = fn()
    return out, (time.perf_counter() - start) / repeat


def _dateparser_iso(value: datetime | None, expected: str | None) -> str | None:
    """dateparser's answer in the corpus's terms: a date when no time is expected, else local ISO."""
    if value is None:
        return None
    if expected is not None and "T" in expected:
        aware = value if value.tzinfo else value.replace(tzinfo=TZ)
        return aware.astimezone(TZ).isoformat(timespec="seconds")
    return value.date().isoformat()


def bench_stamps(repeat: int, limit: int | None) -> tuple[list[str], int]:
    rows = _rows("stamps.jsonl", limit)
    ours_ok = theirs_ok = 0
    ours_t = theirs_t = 0.0
    for row in rows:
        ref = date.fromisoformat(row["reference"]) if row["reference"] else None
        now = datetime.fromisoformat(row["now"]) if row["now"] else None
        ours = partial(parse_date, row["raw"], reference=ref, context_year=row["context_year"], now=now)
        got, t = _timed(ours, repeat)
        ours_t += t
        ours_ok += got.iso() == row["expected"]
        settings = dict(SETTINGS, RELATIVE_BASE=now.replace(tzinfo=None)) if now else SETTINGS
        theirs, t = _timed(partial(dateparser.parse, row["raw"], languages=["vi"], settings=settings), repeat)
        theirs_t += t
        theirs_ok += _dateparser_iso(theirs, row["expected"]) == row["expected"]
    n = len(rows)
    lines = [
        f"stamps ({n} strings)            accuracy    time/string",
        f"  portalwatch parse_date       {100 * ours_ok / n:6.1f}%   {1e6 * ours_t / n:9.1f} µs",
        f"  dateparser.parse (vi, DMY)   {100 * theirs_ok / n:6.1f}%   {1e6 * theirs_t / n:9.1f} µs",
        f"  speed-up                                 {theirs_t / ours_t:9.0f}×",
    ]
    return lines, ours_ok


def _overlaps(text: str, found: str, traps: list[str]) -> bool:
    start = text.find(found)
    if start < 0:
        return any(found in trap or trap in found for trap in traps)
    end = start + len(found)
    for trap in traps:
        at = text.find(trap)
        while at >= 0:
            if at < end and start < at + len(trap):
                return True
            at = text.find(trap, at + 1)
    return False


def bench_bodies(repeat: int, limit: int | None) -> tuple[list[str], int]:
    rows = _rows("bodies.jsonl", limit)
    ours_false = theirs_false = ours_ok = 0
    ours_t = theirs_t = 0.0
    for row in rows:
        ref = date.fromisoformat(row["reference"]) if row["reference"] else None
        got, t = _timed(partial(event_date, row["text"], reference=ref, context_year=row["context_year"]), repeat)
        ours_t += t
        ours_ok += got.iso() == row["expected"]
        ours_false += got.value is not None and got.iso() != row["expected"]
        found, t = _timed(partial(search_dates, row["text"], languages=["vi"], settings=SETTINGS), repeat)
        theirs_t += t
        theirs_false += sum(_overlaps(row["text"], s, row["traps"]) for s, _ in (found or []))
    n = len(rows)
    traps = sum(len(r["traps"]) for r in rows)
    lines = [
        f"body texts ({n} articles, {traps} traps)  event date right   false dates   time/article",
        f"  portalwatch event_date       {ours_ok:4d}/{n}          {ours_false:5d}      {1e3 * ours_t / n:9.3f} ms",
        f"  dateparser search_dates      {'n/a':>7}          {theirs_false:5d}      {1e3 * theirs_t / n:9.3f} ms",
        f"  speed-up                                                {theirs_t / ours_t:9.0f}×",
    ]
    return lines, ours_false


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="calls per string, the same for both sides")
    parser.add_argument("--quick", action="store_true", help="the first 20 stamps and 5 bodies, once")
    args = parser.parse_args()
    repeat, stamps, bodies = (1, 20, 5) if args.quick else (args.repeat, None, None)
    # Load dateparser's language data before timing anything (its first call costs ~1 s).
    dateparser.parse("11/07/2022", languages=["vi"], settings=SETTINGS)
    search_dates("Ngày 11/7/2022, hội nghị", languages=["vi"], settings=SETTINGS)
    print(f"{repeat} call(s) per string on each side")
    stamp_lines, _ = bench_stamps(repeat, stamps)
    body_lines, _ = bench_bodies(repeat, bodies)
    print("\n".join([*stamp_lines, "", *body_lines]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
