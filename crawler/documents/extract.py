"""Attachment bytes to Vietnamese text, with one clear outcome and bounded memory and time.

``extract(data, content_type, filename)`` sniffs the format from the bytes (portals serve Word files as
``application/octet-stream`` and name PDFs ``.doc``), refuses anything over the size limit before any parser
sees it, and parses in a child process (``crawler.documents.worker``) under an address-space limit and a
deadline, killed with its helpers when the deadline passes. A hostile or broken file therefore ends as an
``Extraction`` with an outcome and a one-sentence reason, never as an exception or a hung crawl.

Libraries, chosen by ``bench/attachments.py`` (same files, same run; figures in that script's docstring):

- PDF: **pypdfium2** (PDFium, Chrome's engine; Apache-2.0/BSD). All four candidates gave the exact Vietnamese
  text; pypdfium2 was 10-40x faster than pypdf, pdfminer.six and pdfplumber (29 ms against 430-1180 ms for 40
  pages) with the lowest peak memory (25 MiB against 37-133), and it renders pages for OCR, so no second PDF
  library is needed. PDFium is fuzzed continuously as part of Chrome, which matters for files from unknown
  portals. PyMuPDF is AGPL: not considered.
- Scans: a page whose text layer is (nearly) empty and that is covered by an image is rendered at 300 dpi and
  read by the **Tesseract** CLI with its Vietnamese model (Debian ``tesseract-ocr-vie``), one page at a time.
- DOCX: **python-docx**, maintained, and walks tables as tables (the header block "ĐẢNG BỘ ... / Số ..." is a
  table: cells come out tab-separated on one line). docx2txt is exact too and faster (0.4 ms against 8-16 ms, both
  nothing next to the worker's start) but is a regex over the XML, long unmaintained, and puts each cell on
  its own lines.
- DOC: **antiword** (Debian): 1-2 ms a file, UTF-8 out, exact; catdoc is as fast and exact but mostly
  unmaintained upstream; LibreOffice headless is exact too but takes 1-2 s and 210 MiB a file.
- XLS / XLSX: xlrd (only for .xls, its one remaining job) and openpyxl in read-only mode.

The worker process costs ~90 ms a file (an interpreter start), which bounds throughput near 10 small files a
second per core; OCR costs ~2 s a page.

Text typed with TCVN3/VNI fonts (``.VnTime``) comes out of every reader as Latin-1 look-alikes; it is
converted by ``crawler.legacy`` (``fix_legacy_encoding``), run by run, so a Unicode header over a legacy body
is fixed too. The result is NFC.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from io import BytesIO
from pathlib import Path

MiB = 1024 * 1024


class Outcome(StrEnum):
    """What became of one attachment; every file gets exactly one."""

    OK = "ok"  # text read from the file's own text
    SCANNED = "scanned"  # some or all of the text came from OCR of page images
    EMPTY = "empty"  # a valid file with no text (and no page OCR could read)
    TOO_LARGE = "too_large"  # over a bound: bytes before parsing, memory or time while parsing
    UNSUPPORTED = "unsupported"  # not a format read here (images, archives, HTML saved as .doc...)
    BROKEN = "broken"  # the parser rejected the file (truncated, corrupt, encrypted)


class Kind(StrEnum):
    """Formats read here, named by their usual extension."""

    PDF = "pdf"
    DOCX = "docx"
    DOC = "doc"
    XLSX = "xlsx"
    XLS = "xls"


@dataclass(frozen=True)
class Limits:
    """Bounds for one file. ``timeout`` covers everything, OCR included; ``memory`` is the worker's address space."""

    max_bytes: int = 25 * MiB
    max_pages: int = 300
    ocr_pages: int = 30
    timeout: float = 120.0
    memory: int = 1536 * MiB
    max_chars: int = 5_000_000
    # A zip member (DOCX/XLSX part) may not unpack to more than this, nor to more than ``max_ratio`` times its
    # packed size: zip bombs are refused from the central directory, before anything is inflated.
    max_unpacked: int = 200 * MiB
    max_ratio: int = 200


@dataclass(frozen=True)
class Extraction:
    """The text of one attachment and how it was obtained.

    ``pages`` counts the pages read (None when the format has no pages, as DOC and DOCX), ``ocr_pages`` those
    read by OCR; ``truncated`` says a page or character limit cut the text short; ``legacy`` names the font
    encoding converted (``"tcvn3"``/``"vni"``); ``warnings`` note what a reader may want to know
    (``"javascript"``: the PDF carries scripts, which are never run here)."""

    outcome: Outcome
    text: str = ""
    kind: Kind | None = None
    reason: str = ""
    pages: int | None = None
    ocr_pages: int = 0
    truncated: bool = False
    legacy: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BY_EXTENSION = {k.value: k for k in Kind}
_BY_TYPE = {
    "application/pdf": Kind.PDF,
    "application/msword": Kind.DOC,
    "application/vnd.ms-excel": Kind.XLS,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": Kind.DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": Kind.XLSX,
}


def _hint(content_type: str | None, filename: str | None) -> Kind | None:
    ctype = (content_type or "").split(";")[0].strip().lower()
    if ctype in _BY_TYPE:
        return _BY_TYPE[ctype]
    ext = Path(filename or "").suffix.lower().lstrip(".")
    return _BY_EXTENSION.get(ext)


def sniff(data: bytes, content_type: str | None = None, filename: str | None = None) -> Kind | None:
    """The format of ``data`` from its bytes; the declared type and the file name only break ties.

    PDF may have junk before ``%PDF-`` (the spec allows 1 KB); OOXML is a zip holding ``word/`` or ``xl/``
    parts; DOC and XLS share the OLE2 container and are told apart by their main stream."""
    if b"%PDF-" in data[:1024]:
        return Kind.PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as zf:
                names = set(zf.namelist())
        except Exception:  # noqa: BLE001  (a hostile central directory may raise anything; the hint decides)
            hint = _hint(content_type, filename)
            return hint if hint in (Kind.DOCX, Kind.XLSX) else None
        if "word/document.xml" in names:
            return Kind.DOCX
        if "xl/workbook.xml" in names:
            return Kind.XLSX
        return None
    if data.startswith(_OLE2):
        import olefile  # only for OLE2 files

        try:
            ole = olefile.OleFileIO(data)
        except Exception:  # noqa: BLE001  (olefile raises OSError, struct and index errors on broken headers)
            hint = _hint(content_type, filename)
            return hint if hint in (Kind.DOC, Kind.XLS) else None
        try:
            streams = {"/".join(entry).lower() for entry in ole.listdir()}
        except Exception:  # noqa: BLE001  (a corrupt directory: let the declared type decide)
            streams = set()
        finally:
            ole.close()
        if "worddocument" in streams:
            return Kind.DOC
        if streams & {"workbook", "book"}:
            return Kind.XLS
        hint = _hint(content_type, filename)
        return hint if not streams and hint in (Kind.DOC, Kind.XLS) else None
    return None


def _unsupported_reason(data: bytes, content_type: str | None, filename: str | None) -> str:
    head = data[:512].lstrip().lower()
    name = filename or "the file"
    if head.startswith((b"<html", b"<!doctype html", b"<?xml", b"mime-version")) or b"<html" in head:
        return f"{name} is a web page (Word's 'save as web page'), not a PDF or Office file"
    if head.startswith(b"{\\rtf"):
        return f"{name} is RTF, which is not read here"
    if data.startswith((b"\xff\xd8", b"\x89PNG", b"GIF8")):
        return f"{name} is an image, not a document; only scanned PDFs are read by OCR"
    if data.startswith((b"Rar!", b"7z\xbc\xaf")) or data.startswith(b"PK\x03\x04"):
        return f"{name} is an archive, not a PDF or Office file"
    declared = (content_type or "").split(";")[0].strip() or "no content type"
    return f"{name} ({declared}) is not a PDF, DOC, DOCX, XLS or XLSX file"


def _deadline_reached(limits: Limits, kind: Kind) -> Extraction:
    return Extraction(
        Outcome.TOO_LARGE, kind=kind, reason=f"reading the {kind.value.upper()} took longer than {limits.timeout:g} s"
    )


def _run_worker(path: Path, kind: Kind, limits: Limits, grace: float = 5.0) -> Extraction:
    """Parse in a child process under ``limits``; kill its whole process group when the deadline passes.

    The worker stops OCR by itself before ``limits.timeout``; ``grace`` is how long after it is killed."""
    cmd = [sys.executable, "-m", "crawler.documents.worker", str(path), kind.value, json.dumps(asdict(limits))]
    env = {**os.environ, "OMP_THREAD_LIMIT": "1", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen(
        cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True
    )
    try:
        out, err = proc.communicate(timeout=limits.timeout + grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return _deadline_reached(limits, kind)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    if proc.returncode != 0 or not out:
        if proc.returncode in (-signal.SIGKILL, -signal.SIGXCPU):
            return _deadline_reached(limits, kind)
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        return Extraction(
            Outcome.BROKEN, kind=kind, reason=f"the {kind.value.upper()} reader stopped unexpectedly ({tail[0][:200]})"
        )
    try:
        raw = json.loads(out)
    except ValueError:
        return Extraction(Outcome.BROKEN, kind=kind, reason=f"the {kind.value.upper()} reader gave no readable answer")
    return Extraction(
        Outcome(raw["outcome"]),
        text=raw["text"],
        kind=kind,
        reason=raw["reason"],
        pages=raw["pages"],
        ocr_pages=raw["ocr_pages"],
        truncated=raw["truncated"],
        legacy=raw["legacy"],
        warnings=tuple(raw["warnings"]),
    )


def extract(
    data: bytes, content_type: str | None = None, filename: str | None = None, limits: Limits | None = None
) -> Extraction:
    """The text of one attachment (NFC), or the outcome that says why there is none.

    Never raises for what is in ``data``: size is checked first, the format is sniffed from the bytes, and
    the parser runs in a bounded child process (see the module docstring)."""
    limits = limits or Limits()
    name = filename or "the file"
    if len(data) > limits.max_bytes:
        return Extraction(
            Outcome.TOO_LARGE,
            kind=_hint(content_type, filename),
            reason=f"{name} has {len(data) / MiB:.1f} MiB, over the {limits.max_bytes / MiB:g} MiB limit",
        )
    if not data:
        return Extraction(Outcome.EMPTY, kind=_hint(content_type, filename), reason=f"{name} has no bytes")
    kind = sniff(data, content_type, filename)
    if kind is None:
        return Extraction(Outcome.UNSUPPORTED, reason=_unsupported_reason(data, content_type, filename))
    with tempfile.TemporaryDirectory(prefix="portalwatch-doc-") as tmp:
        path = Path(tmp) / f"attachment.{kind.value}"
        path.write_bytes(data)
        result = _run_worker(path, kind, limits)
    text = unicodedata.normalize("NFC", result.text)
    return result if text == result.text else Extraction(**{**asdict(result), "text": text})
