"""``portalwatch evidence``: every stored version of an article as one WARC file, and pruning of the archive."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.cli.common import UsageError, add_command, opened_store

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands


def evidence_dir() -> Path:
    """Where crawls record evidence (``PORTALWATCH_EVIDENCE_DIR``, as ``crawler.settings`` reads it)."""
    return Path(os.environ.get("PORTALWATCH_EVIDENCE_DIR") or "data/evidence")


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "evidence",
        evidence,
        "write every stored version of an article (WARC, SHA-256 digests) to one file, or prune the archive",
        "portalwatch evidence 1234 --out bai-1234.warc.gz",
        common,
    )
    p.add_argument("article", nargs="?", help="an article id (as `portalwatch articles --json` shows) or its URL")
    p.add_argument("--out", type=Path, help="the WARC file to write (default: article-<id>.warc.gz)")
    p.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="the evidence archive (env PORTALWATCH_EVIDENCE_DIR; default: data/evidence)",
    )
    p.add_argument(
        "--prune",
        action="store_true",
        help="drop versions beyond PORTALWATCH_EVIDENCE_KEEP (e.g. '20' versions, '365d', '20,365d') instead",
    )


def evidence(args: argparse.Namespace) -> int:
    from crawler.evidence import Archive, EvidenceError, parse_keep, prune

    root = args.dir or evidence_dir()
    if args.prune:
        try:
            keep = parse_keep(os.environ.get("PORTALWATCH_EVIDENCE_KEEP", ""))
            reports = prune(root, keep)
        except (EvidenceError, ValueError) as exc:
            raise UsageError(str(exc)) from None
        for r in reports:
            print(f"{r.portal}: {r.dropped} records dropped, {r.bytes_before:,} -> {r.bytes_after:,} bytes")
        return 0
    if not args.article:
        raise UsageError("name an article id or URL, or give --prune.")
    url, portal = _article(args.db, args.article)
    out = args.out or Path(f"article-{args.article if args.article.isdigit() else 'url'}.warc.gz")
    try:
        report = Archive(root).export(url, out, portal=portal)
    except EvidenceError as exc:
        raise UsageError(str(exc)) from None
    if not report.versions:
        raise UsageError(f"no stored version of {url} in {root}; crawls record evidence with PORTALWATCH_EVIDENCE=1.")
    print(f"{report.versions} versions ({report.records} records) written to {report.path}")
    return 0


def _article(db: str, article: str) -> tuple[str, str | None]:
    """The URL and portal of an article id in the store; a URL is taken as it is."""
    if not article.isdigit():
        if not article.startswith(("http://", "https://")):
            raise UsageError(f"{article!r} is neither an article id nor an http(s) URL.")
        return article, None
    with opened_store(db) as store:
        entry = store.feed.entry(f"article:{article}")
    if entry is None or entry.get("article") is None:
        raise UsageError(f"no article {article} in the store; `portalwatch articles --json` shows the ids.")
    return str(entry["article"]["url"]), str(entry["portal"])
