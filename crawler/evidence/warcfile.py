"""What the writer, the reader and the pruner share about a portal's WARC files: names, the lock, digests, and
gzip members (one per record, so that any record can be read, copied or cut off on its own).

warcio writes and parses every record; this module only finds where a gzip member ends (zlib), which warcio
does not expose without parsing the whole record.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import io
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from crawler.evidence.index import REVISIT_MIME, TIMESTAMP, Entry, surt_key

SUFFIX = ".warc.gz"
LOCK = ".lock"
MAX_FILE_SIZE = 1 << 30  # bytes of one rolling WARC file before the next is started
DIGEST = "sha256"
_NAME = re.compile(r"^(?P<slug>.+)-(?P<number>\d{5,})\.warc\.gz$")


class EvidenceError(Exception):
    """An evidence operation a user asked for cannot be done; the message says why and what to do."""


class EvidenceBusyError(EvidenceError):
    """Another process holds the portal's evidence files (a crawl writing, or a prune)."""


@dataclass(frozen=True)
class Capture:
    """One fetched page as the WARC writer needs it: the response as received and the request that asked for it.

    ``headers`` are the response headers as the server sent them; ``body`` is the payload after transfer and
    content decoding (what Scrapy hands to a callback)."""

    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: datetime
    method: str = "GET"
    request_headers: tuple[tuple[str, str], ...] = ()
    protocol: str = "HTTP/1.1"

    def __post_init__(self) -> None:
        if self.fetched_at.tzinfo is None:
            raise ValueError("Capture.fetched_at needs an aware datetime (store aware UTC)")


class Sha256WARCWriter(WARCWriter):  # type: ignore[misc]
    """warcio's writer with SHA-256 block and payload digests.

    warcio hard-codes SHA-1 in one static factory and offers no option; replacing that factory is the smallest
    change (its digest verifier already reads the algorithm from each header)."""

    @staticmethod
    def _create_digester() -> Digester:
        return Digester(DIGEST)


def payload_digest(body: bytes) -> str:
    """The WARC-Payload-Digest of a body, as warcio writes one (``sha256:`` and base32)."""
    return f"{DIGEST}:{base64.b32encode(hashlib.sha256(body).digest()).decode('ascii')}"


def warc_date(when: datetime) -> str:
    """A WARC-Date (UTC, whole seconds, as WARC/1.0 has it)."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def file_name(slug: str, number: int) -> str:
    return f"{slug}-{number:05d}{SUFFIX}"


def file_number(name: str) -> int | None:
    match = _NAME.match(name)
    return int(match["number"]) if match else None


def warc_files(directory: Path) -> list[Path]:
    """A portal's WARC files in write order."""
    found = [(n, p) for p in directory.glob(f"*{SUFFIX}") if (n := file_number(p.name)) is not None]
    return [p for _, p in sorted(found)]


class PortalLock:
    """An exclusive ``flock`` on a portal's evidence directory, held by one writer or pruner at a time (released
    by the kernel when its process dies, so a killed crawl never leaves it stuck)."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise EvidenceBusyError(
                f"the evidence files in {self.path.parent} are in use by another process; try again when it ends"
            ) from None
        self._fd = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def member_end(fh: IO[bytes], offset: int) -> int | None:
    """Where the gzip member starting at ``offset`` ends, or None if it is cut short or is not gzip."""
    fh.seek(offset)
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    pos = offset
    while not inflater.eof:
        chunk = fh.read(65536)
        if not chunk:
            return None
        try:
            inflater.decompress(chunk)
        except zlib.error:
            return None
        pos += len(chunk)
    return pos - len(inflater.unused_data)


def members(fh: IO[bytes], start: int = 0) -> Iterator[tuple[int, int]]:
    """The complete gzip members from ``start`` on, as ``(offset, end)``; stops before a torn or broken one."""
    end = fh.seek(0, os.SEEK_END)
    offset = start
    while offset < end:
        stop = member_end(fh, offset)
        if stop is None:
            return
        yield offset, stop
        offset = stop


@dataclass(frozen=True)
class Record:
    """One WARC record as read back: its type, WARC headers of note, HTTP status and headers, and content."""

    rec_type: str
    url: str
    date: str  # the WARC-Date as written
    record_id: str
    payload_digest: str
    block_digest: str
    status: int
    http_headers: tuple[tuple[str, str], ...]
    body: bytes
    refers_to_uri: str | None = None
    refers_to_date: str | None = None

    @property
    def content_type(self) -> str:
        return next((v for k, v in self.http_headers if k.lower() == "content-type"), "")


def parse_member(data: bytes) -> Record:
    """The record in one gzip member, parsed by warcio."""
    for record in ArchiveIterator(io.BytesIO(data)):
        headers = record.rec_headers
        http = record.http_headers
        return Record(
            rec_type=record.rec_type,
            url=headers.get_header("WARC-Target-URI") or "",
            date=headers.get_header("WARC-Date") or "",
            record_id=headers.get_header("WARC-Record-ID") or "",
            payload_digest=headers.get_header("WARC-Payload-Digest") or "",
            block_digest=headers.get_header("WARC-Block-Digest") or "",
            status=int(http.get_statuscode() or 0) if http and record.rec_type != "request" else 0,
            http_headers=tuple(http.headers) if http else (),
            body=record.content_stream().read(),
            refers_to_uri=headers.get_header("WARC-Refers-To-Target-URI"),
            refers_to_date=headers.get_header("WARC-Refers-To-Date"),
        )
    raise EvidenceError("no WARC record in this part of the file")


def read_member(path: Path, offset: int, length: int) -> Record:
    """The record in the gzip member at ``offset`` of a WARC file."""
    with path.open("rb") as fh:
        fh.seek(offset)
        data = fh.read(length)
    if len(data) != length:
        raise EvidenceError(f"{path.name} ends before the record at offset {offset}; the file was cut or pruned")
    return parse_member(data)


def parse_date(value: str) -> datetime:
    """An aware UTC datetime from a WARC-Date (seconds, or WARC/1.1 fractions)."""
    return datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)


def entry_of(record: Record, filename: str, offset: int, length: int) -> Entry | None:
    """The index entry of a ``response`` or ``revisit`` record (None for any other record type)."""
    if record.rec_type not in ("response", "revisit"):
        return None
    mime = REVISIT_MIME if record.rec_type == "revisit" else record.content_type.split(";")[0].strip().lower()
    return Entry(
        key=surt_key(record.url),
        timestamp=parse_date(record.date).strftime(TIMESTAMP),
        url=record.url,
        mime=mime or "unk",
        status=record.status,
        digest=record.payload_digest,
        length=length,
        offset=offset,
        filename=filename,
    )
