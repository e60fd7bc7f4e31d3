"""The child process that parses one attachment: ``python -m crawler.documents.worker <path> <kind> <limits>``.

It first caps its own address space and CPU time (inherited by antiword and tesseract), then reads the file
and prints one JSON object: the fields of ``Extraction``. Every failure a file can cause becomes an outcome
here; the parent (``extract.py``) only handles the worker itself dying or overrunning the deadline.
"""

from __future__ import annotations

import json
import resource
import sys
import time
import unicodedata
from pathlib import Path
from typing import Any

from crawler.documents import office, pdf
from crawler.documents.extract import Kind, Limits, Outcome
from crawler.legacy import fix_legacy_encoding, legacy_kind


def _limit_self(limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory, limits.memory))
    cpu = int(limits.timeout) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 2))


def _result(outcome: Outcome, reason: str = "", text: str = "", **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "outcome": outcome.value,
        "reason": reason,
        "text": text,
        "pages": None,
        "ocr_pages": 0,
        "truncated": False,
        "legacy": None,
        "warnings": [],
    }
    return {**base, **extra}


def unlegacy(text: str) -> tuple[str, str | None]:
    """NFC text with TCVN3/VNI runs converted, and which encoding was found (the first converted line's).

    The decoder judges each line on its own, and a short line needs more evidence than it has: the tail of a
    paragraph the PDF wrapped ("vµ quèc phßng, an ninh.") stays as it is. Such a line that follows a converted
    one is judged again together with it, as the paragraph it continues."""
    fixed = fix_legacy_encoding(text)
    if fixed == text:
        return unicodedata.normalize("NFC", text), None
    src, out = text.split("\n"), fixed.split("\n")
    if len(src) == len(out):
        for i in range(1, len(src)):
            if out[i] != src[i] or out[i - 1] == src[i - 1]:
                continue
            joined = fix_legacy_encoding(f"{src[i - 1]} {src[i]}")
            head = unicodedata.normalize("NFC", out[i - 1]) + " "
            if joined.startswith(head) and joined[len(head) :] != src[i]:
                out[i] = joined[len(head) :]
        fixed = "\n".join(out)
    kind = next((legacy_kind(a) for a, b in zip(text.split("\n"), fixed.split("\n"), strict=False) if a != b), None)
    return unicodedata.normalize("NFC", fixed), kind or legacy_kind(text) or "tcvn3"


def _finish(text: str, kind: Kind, **extra: Any) -> dict[str, Any]:
    text, legacy = unlegacy(text)
    if not text.strip():
        return _result(Outcome.EMPTY, f"the {kind.value.upper()} holds no text", legacy=legacy, **extra)
    return _result(Outcome.OK, text=text, legacy=legacy, **extra)


def _read_pdf(path: Path, limits: Limits, deadline: float) -> dict[str, Any]:
    got = pdf.read_pdf(
        path, max_pages=limits.max_pages, ocr_pages=limits.ocr_pages, max_chars=limits.max_chars, deadline=deadline
    )
    text, legacy = unlegacy("\f".join(got.pages))
    extra: dict[str, Any] = {
        "pages": len(got.pages),
        "ocr_pages": got.ocr_pages,
        "truncated": got.truncated,
        "legacy": legacy,
        "warnings": ["javascript"] if got.javascript else [],
    }
    if not text.strip():
        if got.ocr_missing:
            reason = "the PDF is a scan and OCR is not installed (Debian tesseract-ocr and tesseract-ocr-vie)"
        elif got.ocr_skipped:
            reason = "the PDF is a scan whose pages were not OCR'd within the page or time limit"
        else:
            reason = "the PDF holds no text"
        return _result(Outcome.EMPTY, reason, **extra)
    if got.ocr_pages:
        return _result(Outcome.SCANNED, text=text, **extra)
    return _result(Outcome.OK, text=text, **extra)


def _read(path: Path, kind: Kind, limits: Limits, deadline: float) -> dict[str, Any]:
    if kind is Kind.PDF:
        return _read_pdf(path, limits, deadline)
    if kind in (Kind.DOCX, Kind.XLSX):
        office.check_zip(path, max_unpacked=limits.max_unpacked, max_ratio=limits.max_ratio)
    if kind is Kind.DOCX:
        return _finish(office.read_docx(path)[: limits.max_chars], kind)
    if kind is Kind.DOC:
        return _finish(office.read_doc(path, timeout=deadline - time.monotonic())[: limits.max_chars], kind)
    reader = office.read_xlsx if kind is Kind.XLSX else office.read_xls
    text, sheets, truncated = reader(path, limits.max_chars)
    return _finish(text, kind, pages=sheets, truncated=truncated)


def run(path: Path, kind: Kind, limits: Limits) -> dict[str, Any]:
    """Read one file into the JSON-ready fields of an ``Extraction``; never raises for the file's content."""
    deadline = time.monotonic() + limits.timeout
    name = kind.value.upper()
    try:
        return _read(path, kind, limits, deadline)
    except (pdf.PdfBrokenError, office.OfficeBrokenError) as exc:
        return _result(Outcome.BROKEN, str(exc))
    except office.ZipBombError as exc:
        return _result(Outcome.TOO_LARGE, str(exc))
    except MemoryError:
        return _result(Outcome.TOO_LARGE, f"reading the {name} needs more than {limits.memory >> 20} MiB of memory")
    except TimeoutError:
        return _result(Outcome.TOO_LARGE, f"reading the {name} took longer than {limits.timeout:g} s")
    except Exception as exc:  # noqa: BLE001  (hostile input: any parser failure is this file's outcome)
        return _result(Outcome.BROKEN, f"the {name} cannot be read ({type(exc).__name__}: {str(exc)[:200]})")


def main(argv: list[str]) -> int:
    path, kind, raw_limits = Path(argv[0]), Kind(argv[1]), json.loads(argv[2])
    limits = Limits(**raw_limits)
    _limit_self(limits)
    result = run(path, kind, limits)
    sys.stdout.write(json.dumps(result, ensure_ascii=False))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
