"""The WARC writer of one portal: every capture a ``response`` record (or a ``revisit`` when the page's payload
is unchanged since its last record) followed by its ``request`` record, gzip per record, in one rolling file per
portal (``<slug>-00001.warc.gz``, the next when one reaches ``max_file_size``), indexed in CDXJ.

Crash safety: a record reaches the WARC file before its index line reaches the journal, so the index never
points past what was written. A killed writer leaves at most a torn last record (and a torn journal line); the
next writer cuts both off, indexes any whole record the index missed, and goes on appending.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from datetime import UTC
from http import HTTPStatus
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders

from crawler.evidence import index as idx
from crawler.evidence.index import Entry, surt_key
from crawler.evidence.retention import Keep, PruneReport, prune_locked, recover
from crawler.evidence.warcfile import (
    MAX_FILE_SIZE,
    Capture,
    PortalLock,
    Sha256WARCWriter,
    entry_of,
    file_name,
    file_number,
    members,
    parse_member,
    payload_digest,
    warc_date,
    warc_files,
)

# Headers that describe the bytes on the wire, not the payload the record holds (Scrapy decoded the transfer
# and content encodings): kept under pywb's ``X-Archive-Orig-`` prefix so that the record stays consistent.
_WIRE_HEADERS = ("content-encoding", "transfer-encoding", "content-length")


@dataclass
class Tally:
    """What a writer did: records by type and bytes of WARC written."""

    responses: int = 0
    revisits: int = 0
    bytes: int = 0
    reindexed: int = 0  # whole records a killed writer left unindexed, indexed on open
    cut: int = 0  # bytes of torn records cut off on open
    pruned: list[PruneReport] = field(default_factory=list)


class PortalWriter:
    """Appends captures of one portal to its WARC files and CDXJ journal; one per portal at a time (a lock).

    Use as a context manager, or call ``open`` and ``close``; ``flush`` after a batch of ``write`` calls makes
    the batch durable against a killed process and visible to readers."""

    def __init__(self, root: Path, slug: str, max_file_size: int = MAX_FILE_SIZE, keep: Keep | None = None) -> None:
        self.directory = Path(root) / slug
        self.slug = slug
        self.max_file_size = max_file_size
        self.keep = keep
        self.tally = Tally()
        self._lock = PortalLock(self.directory)
        self._written: dict[str, list[Entry]] = {}  # this run's entries by SURT key
        self._pending: list[Entry] = []
        self._fh: IO[bytes] | None = None
        self._path = self.directory / file_name(slug, 1)
        self._warc: Sha256WARCWriter | None = None
        self._index: idx.SortedIndex | None = None

    def __enter__(self) -> PortalWriter:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Opening: lock, recovery, repair ----------------------------------------------------------

    def open(self) -> PortalWriter:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._lock.acquire()
        try:
            recover(self.directory)
            idx.cut_torn_line(self.directory / idx.JOURNAL)
            files = warc_files(self.directory)
            if files:
                self._path = files[-1]
                self._repair(self._path)
            # Lines a killed run appended but never closed: their hosts were not recorded either.
            journal = idx.read_lines(self.directory / idx.JOURNAL)
            idx.add_hosts(self.directory.parent, self.slug, (e.key for e in journal))
            idx.merge(self.directory)
            self._index = idx.SortedIndex(self.directory / idx.INDEX)
            self._start(self._path)
        except BaseException:
            self._lock.release()
            raise
        return self

    def _repair(self, path: Path) -> None:
        """Cut a torn last record off the current file and index whole records the index does not hold."""
        known = {e.offset for e in idx.all_entries(self.directory) if e.filename == path.name}
        found: list[Entry] = []
        with path.open("r+b") as fh:
            size = fh.seek(0, os.SEEK_END)
            good = start = max(known, default=0)
            for offset, end in members(fh, start):
                good = end
                if offset not in known:
                    fh.seek(offset)
                    entry = entry_of(parse_member(fh.read(end - offset)), path.name, offset, end - offset)
                    if entry is not None:
                        found.append(entry)
            if size > good:
                fh.truncate(good)
                self.tally.cut += size - good
        idx.append(self.directory / idx.JOURNAL, found)
        self.tally.reindexed += len(found)

    def _open_file(self, path: Path) -> IO[bytes]:
        """The file records are appended to (a seam: the crash test stalls it mid-record)."""
        return path.open("ab")

    def _start(self, path: Path) -> None:
        self._path = path
        self._fh = self._open_file(path)
        self._warc = Sha256WARCWriter(self._fh, gzip=True)
        if self._fh.tell() == 0:
            info = {
                "software": "portalwatch",
                "format": "WARC File Format 1.0",
                "isPartOf": self.slug,
                "description": "Article pages of one portal as fetched, for proof of what each page said.",
            }
            self._warc.write_record(self._warc.create_warcinfo_record(path.name, info))

    # Writing ------------------------------------------------------------------------------------

    def write(self, capture: Capture) -> Entry:
        """Append one capture (a revisit when its payload digest and status equal the page's last record)."""
        assert self._fh is not None and self._warc is not None, "PortalWriter.write before open"
        if self._fh.tell() >= self.max_file_size:
            self._rotate()
        key, digest = surt_key(capture.url), payload_digest(capture.body)
        original = self._original(key, digest, capture.status)
        date = warc_date(capture.fetched_at)
        http = StatusAndHeaders(_status_line(capture.status), _payload_headers(capture), protocol=capture.protocol)
        warc = self._warc
        if original is not None:
            record = warc.create_revisit_record(
                capture.url,
                digest,
                original.url,
                warc_date(original.when),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )
        else:
            record = warc.create_warc_record(
                capture.url,
                "response",
                payload=io.BytesIO(capture.body),
                length=len(capture.body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": date, "WARC-Payload-Digest": digest},
            )
        concurrent = {"WARC-Date": date, "WARC-Concurrent-To": record.rec_headers.get_header("WARC-Record-ID")}
        request = warc.create_warc_record(
            capture.url, "request", http_headers=_request_headers(capture), warc_headers_dict=concurrent
        )
        offset = self._fh.tell()
        warc.write_record(record)
        length = self._fh.tell() - offset
        warc.write_record(request)
        self.tally.bytes += self._fh.tell() - offset
        entry = entry_of_capture(capture, key, digest, original is not None, self._path.name, offset, length)
        self._written.setdefault(key, []).append(entry)
        self._pending.append(entry)
        if original is not None:
            self.tally.revisits += 1
        else:
            self.tally.responses += 1
        return entry

    def _original(self, key: str, digest: str, status: int) -> Entry | None:
        """The response record a new capture revisits: the page's last record has the same payload digest and
        status, and the newest full response with that digest is still stored."""
        assert self._index is not None
        history = sorted([*self._index.lookup(key), *self._written.get(key, [])], key=_order)
        if not history or history[-1].digest != digest or history[-1].status != status:
            return None
        return next((e for e in reversed(history) if not e.is_revisit and e.digest == digest), None)

    def flush(self) -> None:
        """Make the records written so far durable against a killed process, then index them."""
        if self._fh is not None:
            self._fh.flush()
        idx.append(self.directory / idx.JOURNAL, self._pending)
        self._pending.clear()

    def _rotate(self) -> None:
        self._close_file()
        number = (file_number(self._path.name) or 0) + 1
        self._start(self.directory / file_name(self.slug, number))

    def _close_file(self) -> None:
        self.flush()
        if self._fh is not None:
            os.fsync(self._fh.fileno())
            self._fh.close()
            self._fh = None

    def close(self) -> None:
        """Flush, merge the journal into the sorted index, apply the retention setting, and unlock."""
        if not self._lock.held:
            return
        try:
            self._close_file()
            if self._index is not None:
                self._index.close()
            idx.merge(self.directory)
            idx.add_hosts(self.directory.parent, self.slug, self._written)
            if self.keep is not None and self.keep:
                report = prune_locked(self.directory, self.slug, self.keep, min_share=0.25)
                if report.dropped:
                    self.tally.pruned.append(report)
        finally:
            self._lock.release()


def _order(entry: Entry) -> tuple[str, str, int]:
    return entry.order


def entry_of_capture(
    capture: Capture, key: str, digest: str, revisit: bool, filename: str, offset: int, length: int
) -> Entry:
    mime = idx.REVISIT_MIME
    if not revisit:
        mime = next((v for k, v in capture.headers if k.lower() == "content-type"), "").split(";")[0].strip().lower()
    return Entry(
        key=key,
        timestamp=capture.fetched_at.astimezone(UTC).strftime(idx.TIMESTAMP),
        url=capture.url,
        mime=mime or "unk",
        status=capture.status,
        digest=digest,
        length=length,
        offset=offset,
        filename=filename,
    )


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def _payload_headers(capture: Capture) -> list[tuple[str, str]]:
    """The response headers, those of the wire renamed, and a Content-Length of the payload stored."""
    headers = []
    for name, value in capture.headers:
        if name.lower() in _WIRE_HEADERS:
            if name.lower() != "content-length" or value.strip() != str(len(capture.body)):
                headers.append((f"X-Archive-Orig-{name}", value))
        else:
            headers.append((name, value))
    headers.append(("Content-Length", str(len(capture.body))))
    return headers


def _request_headers(capture: Capture) -> StatusAndHeaders:
    parts = urlsplit(capture.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(capture.request_headers)
    if not any(k.lower() == "host" for k, _ in headers):
        headers.insert(0, ("Host", parts.netloc))
    return StatusAndHeaders(f"{capture.method} {target} {capture.protocol}", headers, is_http_request=True)
