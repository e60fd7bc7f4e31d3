"""Bounded storage: which records a retention setting drops, and ``prune``, which rewrites the WARC files that
hold them and rebuilds the index.

A retention (``PORTALWATCH_EVIDENCE_KEEP``) keeps the newest N versions of each page and/or the versions of the
last D days. Whatever it says, the newest version of every page stays (what the page says now stays proven),
so does the first record of a takedown (the "removed on" date) and the response every kept revisit refers to.

Pruning moves the kept records of the affected files into one new file, then commits by replacing the index.
A plan file written before the commit lets the next writer or pruner finish or undo a prune that was killed,
so that a record is never both lost from the old files and missing from the new one.
"""

from __future__ import annotations

import json
import os
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crawler.evidence import index as idx
from crawler.evidence.index import Entry
from crawler.evidence.warcfile import (
    PortalLock,
    Sha256WARCWriter,
    file_name,
    file_number,
    members,
    warc_files,
)

PLAN = "prune.json"
_TOKEN = re.compile(r"^(\d+)([vd]?)$")
_GONE = (404, 410)


@dataclass(frozen=True)
class Keep:
    """A retention: versions per page and/or days (None: no limit of that kind; neither: keep everything)."""

    versions: int | None = None
    days: int | None = None

    def __bool__(self) -> bool:
        return bool(self.versions or self.days)


def parse_keep(text: str) -> Keep:
    """``""`` keeps everything, ``"20"`` (or ``"20v"``) the newest 20 versions of each page, ``"365d"`` a year,
    ``"20,365d"`` both limits."""
    versions = days = None
    for token in filter(None, (t.strip().lower() for t in text.split(","))):
        match = _TOKEN.match(token)
        if not match or int(match[1]) <= 0:
            raise ValueError(
                f"PORTALWATCH_EVIDENCE_KEEP={text!r} is not a retention: give versions per page and/or days, "
                "e.g. '20', '365d' or '20,365d'"
            )
        if match[2] == "d":
            days = int(match[1])
        else:
            versions = int(match[1])
    return Keep(versions, days)


@dataclass(frozen=True)
class PruneReport:
    portal: str
    dropped: int  # records removed from the files
    deferred: int  # records the setting drops, left in files where they are too few to rewrite yet
    files_rewritten: int
    bytes_before: int
    bytes_after: int


def dropped(entries: list[Entry], keep: Keep, now: datetime) -> set[tuple[str, int]]:
    """The (filename, offset) of the records a retention drops from a portal's entries."""
    if not keep:
        return set()
    cutoff = (now - timedelta(days=keep.days)).astimezone(UTC).strftime(idx.TIMESTAMP) if keep.days else None
    pages: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        pages[entry.key].append(entry)
    drop: set[tuple[str, int]] = set()
    for versions in pages.values():
        versions.sort(key=lambda e: e.order)
        kept = []
        for i, entry in enumerate(versions):
            old = bool(keep.versions and i < len(versions) - keep.versions) or bool(cutoff and entry.timestamp < cutoff)
            if old and i < len(versions) - 1:
                drop.add((entry.filename, entry.offset))
            else:
                kept.append(entry)
        # The first record of the takedown the page is in now, and the originals of kept revisits, stay.
        gone = len(versions)
        while gone > 0 and versions[gone - 1].status in _GONE:
            gone -= 1
        needed = [versions[gone]] if gone < len(versions) else []
        for entry in kept:
            if entry.is_revisit:
                earlier = [
                    e for e in versions if e.order < entry.order and not e.is_revisit and e.digest == entry.digest
                ]
                needed.extend(earlier[-1:])
        for entry in needed:
            drop.discard((entry.filename, entry.offset))
    return drop


def recover(directory: Path) -> None:
    """Finish a prune that committed (its new index is in place) or undo one that did not. Call under the lock."""
    plan_path = directory / PLAN
    try:
        plan = json.loads(plan_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except ValueError:
        plan = {"output": None, "remove": []}  # torn before it was complete: nothing was committed or moved
    remove = set(plan.get("remove") or [])
    committed = bool(remove) and not any(e.filename in remove for e in idx.all_entries(directory))
    output = plan.get("output")
    if output:
        (directory / (output + ".tmp")).unlink(missing_ok=True)
        if not committed:
            (directory / output).unlink(missing_ok=True)
    if committed:
        for name in remove:
            (directory / name).unlink(missing_ok=True)
    plan_path.unlink()


def prune_locked(
    directory: Path, slug: str, keep: Keep, now: datetime | None = None, min_share: float = 0.0
) -> PruneReport:
    """Drop what ``keep`` drops from the files where dropped records make at least ``min_share`` of the bytes
    (0: every file with one). The caller holds the portal's lock and merged the journal."""
    now = now or datetime.now(UTC)
    entries = idx.all_entries(directory)
    drop = dropped(entries, keep, now)
    files = {p.name: p for p in warc_files(directory)}
    before = sum(p.stat().st_size for p in files.values())
    share: dict[str, int] = defaultdict(int)
    for entry in entries:
        if (entry.filename, entry.offset) in drop:
            share[entry.filename] += entry.length
    rewrite = [n for n in files if share.get(n) and share[n] >= min_share * max(1, files[n].stat().st_size)]
    deferred = sum(1 for f, _ in drop if f not in rewrite)
    if not rewrite:
        return PruneReport(slug, 0, deferred, 0, before, before)
    output = file_name(slug, max(file_number(n) or 0 for n in files) + 1)
    moved = _copy_kept(directory, output, slug, [files[n] for n in rewrite], entries, drop)
    plan = {"output": output if moved is not None else None, "remove": rewrite}
    _write_durably(directory / PLAN, json.dumps(plan).encode())
    tmp = directory / (output + ".tmp")
    if moved is not None:
        os.replace(tmp, directory / output)
    else:
        tmp.unlink()
    gone = set(rewrite)
    kept = [e for e in entries if e.filename not in gone] + (moved or [])
    idx.write_sorted(directory / idx.INDEX, kept)  # the commit
    if (directory / idx.JOURNAL).exists():
        os.truncate(directory / idx.JOURNAL, 0)
    recover(directory)
    after = sum(p.stat().st_size for p in warc_files(directory))
    return PruneReport(slug, len(drop) - deferred, deferred, len(rewrite), before, after)


def _copy_kept(
    directory: Path, output: str, slug: str, sources: list[Path], entries: list[Entry], drop: set[tuple[str, int]]
) -> list[Entry] | None:
    """Copy the kept records of ``sources`` (each with the request record written after it) into ``output.tmp``,
    byte for byte; their new entries, or None when nothing is kept."""
    by_place = {(e.filename, e.offset): e for e in entries}
    moved: list[Entry] = []
    tmp = directory / (output + ".tmp")
    with tmp.open("wb") as out:
        writer = Sha256WARCWriter(out, gzip=True)
        info = {"software": "portalwatch", "format": "WARC File Format 1.0", "isPartOf": slug}
        writer.write_record(writer.create_warcinfo_record(output, info))
        for source in sources:
            with source.open("rb") as fh:
                follows_kept = False
                for offset, end in members(fh):
                    entry = by_place.get((source.name, offset))
                    copy = (entry is not None and (source.name, offset) not in drop) or (entry is None and follows_kept)
                    follows_kept = entry is not None and copy
                    if not copy:
                        continue
                    fh.seek(offset)
                    data = fh.read(end - offset)
                    if entry is not None:
                        moved.append(replace(entry, filename=output, offset=out.tell()))
                    out.write(data)
        out.flush()
        os.fsync(out.fileno())
    return moved or None


def _write_durably(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def prune(root: Path, keep: Keep, portal: str | None = None, now: datetime | None = None) -> list[PruneReport]:
    """Apply a retention to every portal under ``root`` (or one): rewrite every file that holds a dropped record.

    Raises ``EvidenceBusyError`` when a crawl of the portal is writing its evidence."""
    root = Path(root)
    dirs = [root / portal] if portal else sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    reports = []
    for directory in dirs:
        if not directory.is_dir():
            continue
        lock = PortalLock(directory)
        lock.acquire()
        try:
            recover(directory)
            idx.cut_torn_line(directory / idx.JOURNAL)
            idx.merge(directory)
            reports.append(prune_locked(directory, directory.name, keep, now))
        finally:
            lock.release()
    return reports
