"""Evidence trail: proof of what a portal's article pages said, kept as WARC records with SHA-256 digests.

- ``recorder.EvidenceRecorder``: the Scrapy extension that records article pages while crawling.
- ``archive``: ``versions(url)``, ``export(urls, out_path)``, ``removed_on(url)``, and ``Archive`` to read them.
- ``diff``: ``word_diff`` and ``render_html`` for a revision's word-level changes.
- ``retention``: ``parse_keep`` and ``prune`` for bounded storage.

This package imports neither Scrapy nor the store; ``recorder`` and ``text`` (which parses a stored page with the
portal's adapter) do, and are imported by name.
"""

from __future__ import annotations

from crawler.evidence.archive import Archive, ExportReport, Location, Snapshot, Version, export, removed_on, versions
from crawler.evidence.diff import Span, render_html, word_diff
from crawler.evidence.retention import Keep, PruneReport, parse_keep, prune
from crawler.evidence.warcfile import Capture, EvidenceBusyError, EvidenceError
from crawler.evidence.writer import PortalWriter

__all__ = [
    "Archive",
    "Capture",
    "EvidenceBusyError",
    "EvidenceError",
    "ExportReport",
    "Keep",
    "Location",
    "PortalWriter",
    "PruneReport",
    "Snapshot",
    "Span",
    "Version",
    "export",
    "parse_keep",
    "prune",
    "removed_on",
    "render_html",
    "versions",
    "word_diff",
]
