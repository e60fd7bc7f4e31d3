"""The CDXJ index of one portal's WARC files: ``surt timestamp {json}`` lines, the format pywb and cdxj-indexer
write (``url``, ``mime``, ``status``, ``digest``, ``length``, ``offset``, ``filename``; revisits have the mime
``warc/revisit``).

Two files sit beside the WARC files. ``index.cdxj`` is sorted by SURT key and binary-searched, so a lookup reads
a few pages of a 100,000-line index instead of all of it; it is only ever replaced whole (``os.replace``).
``journal.cdxj`` holds the lines of the records written since the last merge, appended as complete lines after
their records reached the WARC file; a reader ignores a last line without its newline (a killed writer), and the
next writer cuts it off before appending. ``merge`` folds the journal into the sorted index at the end of a run.

The binary search over a sorted text file is hand-written (a few lines) because the library that has one, pywb,
is a whole replay server.
"""

from __future__ import annotations

import json
import mmap
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import surt as _surt

INDEX = "index.cdxj"
JOURNAL = "journal.cdxj"
HOSTS = "hosts.txt"  # in the archive's root: which portals hold pages of which host (SURT host, then slug)
REVISIT_MIME = "warc/revisit"
TIMESTAMP = "%Y%m%d%H%M%S"


def surt_key(url: str) -> str:
    """The SURT of a URL (``vn,gov,dongthap,tanhong)/web/...``): the sort and lookup key, as pywb computes it, so
    that ``http``/``https`` and ``www.`` variants of one page share their versions."""
    return str(_surt.surt(url))


@dataclass(frozen=True)
class Entry:
    """One indexed record: a ``response`` (or a ``revisit``) and where its gzip member lies."""

    key: str
    timestamp: str  # 14 digits, UTC: the record's WARC-Date
    url: str
    mime: str
    status: int
    digest: str  # the WARC-Payload-Digest, ``sha256:<base32>``
    length: int  # of the record's gzip member; the request record follows it
    offset: int
    filename: str

    @property
    def is_revisit(self) -> bool:
        return self.mime == REVISIT_MIME

    @property
    def when(self) -> datetime:
        return datetime.strptime(self.timestamp, TIMESTAMP).replace(tzinfo=UTC)

    @property
    def order(self) -> tuple[str, str, int]:
        """Capture order: time, then write order (file names are numbered, offsets grow) within one second."""
        return (self.timestamp, self.filename, self.offset)

    def line(self) -> str:
        fields = {
            "url": self.url,
            "mime": self.mime,
            "status": str(self.status),
            "digest": self.digest,
            "length": str(self.length),
            "offset": str(self.offset),
            "filename": self.filename,
        }
        return f"{self.key} {self.timestamp} {json.dumps(fields, ensure_ascii=False)}\n"

    @classmethod
    def parse(cls, line: str) -> Entry | None:
        """The entry of one CDXJ line, or None for a line that is not one (a torn or foreign line is skipped)."""
        try:
            key, timestamp, blob = line.rstrip("\n").split(" ", 2)
            fields = json.loads(blob)
            return cls(
                key=key,
                timestamp=timestamp,
                url=fields["url"],
                mime=fields.get("mime", ""),
                status=int(fields.get("status") or 0),
                digest=fields.get("digest", ""),
                length=int(fields["length"]),
                offset=int(fields["offset"]),
                filename=fields["filename"],
            )
        except (ValueError, KeyError, TypeError):
            return None


def _sort_key(entry: Entry) -> tuple[bytes, str, str, int]:
    # Bytes of the key, as the binary search compares them; a space sorts before every SURT character, so this
    # order is also the order of the lines as text.
    return (entry.key.encode(), *entry.order)


def read_lines(path: Path) -> Iterator[Entry]:
    """Every complete, well-formed line of a CDXJ file (a missing file has none)."""
    try:
        with path.open("r", encoding="utf-8", errors="replace", newline="\n") as fh:
            for line in fh:
                if line.endswith("\n") and (entry := Entry.parse(line)) is not None:
                    yield entry
    except FileNotFoundError:
        return


def _first_at_or_after(mm: mmap.mmap, key: bytes) -> int:
    """Offset of the first line whose key is ``>= key`` in a file sorted by key (its length if none)."""
    lo, hi = 0, len(mm)
    while lo < hi:
        mid = (lo + hi) // 2
        start = mm.rfind(b"\n", 0, mid) + 1  # the start of the line holding mid (lo is a line start, so >= lo)
        space = mm.find(b" ", start)
        if mm[start : space if space != -1 else len(mm)] < key:
            newline = mm.find(b"\n", mid)
            lo = newline + 1 if newline != -1 else len(mm)
        else:
            hi = start
    return lo


class SortedIndex:
    """A sorted index kept mapped for many lookups (a writer's revisit checks during a run: the index is only
    replaced when the run's writer merges, so the mapping stays valid)."""

    def __init__(self, path: Path) -> None:
        self._mm: mmap.mmap | None = None
        try:
            with path.open("rb") as fh:
                if os.fstat(fh.fileno()).st_size:
                    self._mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except FileNotFoundError:
            pass

    def lookup(self, key: str) -> list[Entry]:
        """The entries whose SURT is ``key``, in file order."""
        mm = self._mm
        if mm is None:
            return []
        target = key.encode()
        pos, found = _first_at_or_after(mm, target), []
        prefix = target + b" "
        while pos < len(mm) and mm[pos : pos + len(prefix)] == prefix:
            end = mm.find(b"\n", pos)
            if end == -1:
                break  # a torn last line
            entry = Entry.parse(mm[pos:end].decode("utf-8", "replace"))
            if entry is not None:
                found.append(entry)
            pos = end + 1
        return found

    def close(self) -> None:
        if self._mm is not None:
            self._mm.close()
            self._mm = None


def lookup(path: Path, key: str) -> list[Entry]:
    """The entries of a sorted index whose SURT is ``key``."""
    index = SortedIndex(path)
    try:
        return index.lookup(key)
    finally:
        index.close()


def append(path: Path, entries: Iterable[Entry]) -> None:
    """Append complete lines to a journal in one ``O_APPEND`` write (records first, then their lines)."""
    data = "".join(e.line() for e in entries).encode("utf-8")
    if not data:
        return
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def cut_torn_line(path: Path) -> None:
    """Cut a journal back to its last newline: what a writer killed mid-append left is not a line."""
    try:
        fh = path.open("r+b")
    except FileNotFoundError:
        return
    with fh:
        end = pos = fh.seek(0, os.SEEK_END)
        keep = 0
        while pos > 0:
            step = min(65536, pos)
            fh.seek(pos - step)
            newline = fh.read(step).rfind(b"\n")
            if newline != -1:
                keep = pos - step + newline + 1
                break
            pos -= step
        if keep != end:
            fh.truncate(keep)


def write_sorted(path: Path, entries: Iterable[Entry]) -> None:
    """Replace a sorted index atomically (a temporary file, flushed to disk, renamed over it)."""
    unique = {(e.filename, e.offset): e for e in entries}
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(e.line() for e in sorted(unique.values(), key=_sort_key))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def merge(directory: Path) -> None:
    """Fold the journal into the sorted index, then empty the journal. A crash between the two leaves lines in
    both, which readers and the next merge count once."""
    journal = directory / JOURNAL
    fresh = list(read_lines(journal))
    if not fresh:
        return
    write_sorted(directory / INDEX, [*read_lines(directory / INDEX), *fresh])
    os.truncate(journal, 0)


def all_entries(directory: Path) -> list[Entry]:
    """Every entry of a portal (sorted index and journal), each once, in capture order."""
    unique = {(e.filename, e.offset): e for e in [*read_lines(directory / INDEX), *read_lines(directory / JOURNAL)]}
    return sorted(unique.values(), key=lambda e: e.order)


def entries_for(directory: Path, url: str) -> list[Entry]:
    """The entries of one page (by SURT) in a portal's directory, in capture order."""
    key = surt_key(url)
    found = [*lookup(directory / INDEX, key), *(e for e in read_lines(directory / JOURNAL) if e.key == key)]
    unique = {(e.filename, e.offset): e for e in found}
    return sorted(unique.values(), key=lambda e: e.order)


def host_of(key: str) -> str:
    """The host part of a SURT key (``vn,gov,dongthap,tanhong)`` of ``vn,gov,dongthap,tanhong)/tin/1``)."""
    return key.split(")", 1)[0] + ")"


def read_hosts(root: Path) -> dict[str, set[str]]:
    """SURT host -> portals whose evidence holds pages of it."""
    found: dict[str, set[str]] = {}
    try:
        text = (root / HOSTS).read_text(encoding="utf-8")
    except FileNotFoundError:
        return found
    for line in text.splitlines(keepends=True):
        parts = line.split()
        if line.endswith("\n") and len(parts) == 2:
            found.setdefault(parts[0], set()).add(parts[1])
    return found


def add_hosts(root: Path, slug: str, keys: Iterable[str]) -> None:
    """Record the hosts a portal's writer wrote pages of, so that a lookup by URL alone reads only their portals
    (one ``O_APPEND`` write of whole lines, safe beside other portals' writers)."""
    known = read_hosts(root)
    fresh = sorted({host_of(k) for k in keys} - {h for h, slugs in known.items() if slug in slugs})
    data = "".join(f"{h} {slug}\n" for h in fresh).encode("utf-8")
    if data:
        fd = os.open(root / HOSTS, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
