"""Reading the evidence back: the stored versions of a page, their content, a page's takedown date, and the export
of every version of some pages as one WARC file that stands alone.

The archive is a directory with one sub-directory per portal (``PORTALWATCH_EVIDENCE_DIR``, default
``data/evidence``). Readers take no lock: they read the sorted index and the journal, both of which only ever
hold lines for records already in place.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crawler.evidence import index as idx
from crawler.evidence.index import Entry
from crawler.evidence.warcfile import (
    EvidenceError,
    Record,
    Sha256WARCWriter,
    member_end,
    parse_member,
    read_member,
)

DEFAULT_DIR = Path("data/evidence")
GONE = (404, 410)


@dataclass(frozen=True)
class Location:
    """Where a record lies: a WARC file, and the offset and length of its gzip member."""

    path: Path
    offset: int
    length: int


@dataclass(frozen=True)
class Version:
    """One stored fetch of a page."""

    url: str
    timestamp: datetime  # aware UTC, whole seconds: when the page was fetched
    digest: str  # SHA-256 of the payload (``sha256:<base32>``)
    status: int
    revisit: bool  # the payload was identical to an earlier version's; the record holds headers only
    mime: str
    portal: str
    location: Location

    @property
    def gone(self) -> bool:
        return self.status in GONE


@dataclass(frozen=True)
class Snapshot:
    """A version with its content: this fetch's status and headers, and the payload (from the original response
    when the version is a revisit)."""

    version: Version
    headers: tuple[tuple[str, str], ...]
    body: bytes
    record: Record  # the version's own record (a revisit's has no payload)


@dataclass(frozen=True)
class ExportReport:
    path: Path
    versions: int  # versions of the pages asked for
    records: int  # response and revisit records written (originals of revisits included)
    unresolved: tuple[str, ...] = ()  # revisits whose original response is no longer stored


class Archive:
    """The evidence of every portal under one directory."""

    def __init__(self, root: Path | str = DEFAULT_DIR) -> None:
        self.root = Path(root)

    def portals(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / idx.INDEX).exists() or (p / idx.JOURNAL).exists())

    def _portals_for(self, url: str) -> list[str]:
        """The portals that hold pages of the URL's host (every portal when the hosts file does not say)."""
        holders = idx.read_hosts(self.root).get(idx.host_of(idx.surt_key(url)))
        return sorted(holders) if holders else self.portals()

    def _entries(self, url: str, portal: str | None) -> list[tuple[str, Entry]]:
        portals = [portal] if portal else self._portals_for(url)
        found = [(p, e) for p in portals for e in idx.entries_for(self.root / p, url)]
        return sorted(found, key=lambda pe: pe[1].order)

    def _version(self, portal: str, entry: Entry) -> Version:
        return Version(
            url=entry.url,
            timestamp=entry.when,
            digest=entry.digest,
            status=entry.status,
            revisit=entry.is_revisit,
            mime=entry.mime,
            portal=portal,
            location=Location(self.root / portal / entry.filename, entry.offset, entry.length),
        )

    def versions(self, url: str, portal: str | None = None) -> list[Version]:
        """Every stored fetch of a page (its SURT: ``http``/``https`` and ``www.`` variants included), oldest first."""
        return [self._version(p, e) for p, e in self._entries(url, portal)]

    def original(self, version: Version) -> Version | None:
        """The response record a revisit refers to (the newest earlier full response with the same payload
        digest), or the version itself when it is a response."""
        if not version.revisit:
            return version
        earlier = [
            v
            for v in self.versions(version.url, version.portal)
            if not v.revisit and v.digest == version.digest and v.timestamp <= version.timestamp
        ]
        return earlier[-1] if earlier else None

    def read(self, version: Version) -> Snapshot:
        """A version's status, headers and payload (a revisit's payload read from its original response)."""
        loc = version.location
        record = read_member(loc.path, loc.offset, loc.length)
        body = record.body
        if version.revisit:
            original = self.original(version)
            if original is None:
                raise EvidenceError(
                    f"the response that the {version.timestamp:%Y-%m-%d %H:%M:%S} version of {version.url} repeats "
                    "is no longer stored"
                )
            body = read_member(original.location.path, original.location.offset, original.location.length).body
        return Snapshot(version, record.http_headers, body, record)

    def removed_on(self, url: str, portal: str | None = None) -> datetime | None:
        """When the page was taken down: the first 404/410 of the run of them it ends with (None if its last
        fetch found it)."""
        versions = self.versions(url, portal)
        first = None
        for version in reversed(versions):
            if not version.gone:
                break
            first = version
        return first.timestamp if first else None

    def export(self, urls: str | Iterable[str], out_path: Path | str, portal: str | None = None) -> ExportReport:
        """Write every stored version of the pages to one WARC file: each response or revisit record byte for byte
        with its request record, and the original response of every revisit, so that the file stands alone
        (its digests verify, and a replay tool resolves each revisit within it)."""
        wanted = [urls] if isinstance(urls, str) else list(urls)
        picked: dict[tuple[Path, int], Version] = {}
        unresolved, count = [], 0
        for url in wanted:
            versions = self.versions(url, portal)
            if not versions:
                raise EvidenceError(
                    f"no stored version of {url} in {self.root}; evidence is kept only for pages crawled with "
                    "PORTALWATCH_EVIDENCE on"
                )
            count += len(versions)
            for version in versions:
                picked[(version.location.path, version.location.offset)] = version
                original = self.original(version)
                if original is None:
                    unresolved.append(f"{version.url} {version.timestamp:%Y%m%d%H%M%S}")
                else:
                    picked[(original.location.path, original.location.offset)] = original
        out = Path(out_path)
        tmp = out.with_name(out.name + ".tmp")
        with tmp.open("wb") as fh:
            writer = Sha256WARCWriter(fh, gzip=True)
            info = {
                "software": "portalwatch",
                "format": "WARC File Format 1.0",
                "description": "Every stored version of: " + " ".join(wanted),
                "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
            writer.write_record(writer.create_warcinfo_record(out.name, info))
            for version in sorted(
                picked.values(), key=lambda v: (v.timestamp, str(v.location.path), v.location.offset)
            ):
                fh.write(_record_with_request(version.location))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        return ExportReport(out, count, len(picked), tuple(unresolved))


def _record_with_request(loc: Location) -> bytes:
    """The bytes of a record's gzip member and of the request record written right after it (if it is one)."""
    with loc.path.open("rb") as fh:
        fh.seek(loc.offset)
        data = fh.read(loc.length)
        after = loc.offset + loc.length
        end = member_end(fh, after)
        if end is not None:
            fh.seek(after)
            following = fh.read(end - after)
            if parse_member(following).rec_type == "request":
                data += following
    return data


def versions(url: str, root: Path | str = DEFAULT_DIR, portal: str | None = None) -> list[Version]:
    """Every stored fetch of a page, oldest first (see ``Archive.versions``)."""
    return Archive(root).versions(url, portal)


def export(urls: str | Iterable[str], out_path: Path | str, root: Path | str = DEFAULT_DIR) -> ExportReport:
    """One WARC file with every stored version of the pages (see ``Archive.export``)."""
    return Archive(root).export(urls, out_path)


def removed_on(url: str, root: Path | str = DEFAULT_DIR, portal: str | None = None) -> datetime | None:
    """When the page was taken down, or None (see ``Archive.removed_on``)."""
    return Archive(root).removed_on(url, portal)
