"""PDF text with PDFium (pypdfium2), and OCR of the pages that are scans.

Runs inside the worker process (``crawler.documents.worker``), which holds the memory limit; this module
keeps the page, character, pixel and time bounds. A page is a scan when its text layer is (nearly) empty or
junk and images cover most of it: it is rendered grey at 300 dpi and read by Tesseract (``ocr.py``). Scripts in
a PDF are never run (no form environment is ever initialised); their presence is reported as a warning.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from crawler.documents import ocr

OCR_DPI = 300
# A scan's text layer is empty or a stamp ("Người ký: ...", the signature box of chinhphu.vn PDFs); a page of
# real text has more than this many letters.
SCAN_TEXT_MAX = 120
SCAN_IMAGE_COVER = 0.5  # images cover at least half the page
MAX_PIXELS = 40_000_000  # a render above this (A3 at 300 dpi is 17 M) is scaled down: hostile page sizes
OCR_PAGE_SECONDS = 15.0  # what one page may still need; OCR stops earlier than the deadline by this much


class PdfBrokenError(Exception):
    """PDFium could not open the file; the message is the reason a user reads."""


@dataclass
class PdfText:
    """Pages read, in order, with how they were read."""

    pages: list[str] = field(default_factory=list)
    page_count: int = 0
    ocr_pages: int = 0
    truncated: bool = False
    javascript: bool = False
    ocr_missing: bool = False  # some page needed OCR that is not installed
    ocr_skipped: int = 0  # scanned pages left unread by the OCR page limit or the deadline


def _is_junk(text: str) -> bool:
    """Text from fonts without a Unicode map: private-use glyph codes and controls instead of letters."""
    stripped = "".join(text.split())
    if not stripped:
        return True
    bad = sum(1 for c in stripped if "\ue000" <= c <= "\uf8ff" or c < " " or c == "\ufffd")
    return bad / len(stripped) > 0.3


def _image_cover(page: pdfium.PdfPage) -> float:
    width, height = page.get_size()
    area = max(width * height, 1.0)
    covered = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        covered += max(0.0, min(right, width) - max(left, 0.0)) * max(0.0, min(top, height) - max(bottom, 0.0))
    return float(min(covered / area, 1.0))


def _clean(text: str) -> str:
    """PDFium's CRLF line ends to LF, its soft-hyphen and non-character marks dropped, lines right-stripped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in text if c in "\n\t" or (c >= " " and c not in "\ufffe\uffff"))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def _render(page: pdfium.PdfPage) -> bytes:
    width, height = page.get_size()
    scale = OCR_DPI / 72
    pixels = width * height * scale * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        if bitmap.n_channels != 1:  # PDFium chose BGR(x) after all: convert through the luma of green, plenty for OCR
            raw = bytes(bitmap.buffer)
            grey = raw[1 :: bitmap.n_channels]
            return ocr.pgm(bitmap.width, bitmap.height, bitmap.stride // bitmap.n_channels, grey)
        return ocr.pgm(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
    finally:
        bitmap.close()


def _has_javascript(pdf: pdfium.PdfDocument, path: Path) -> bool:
    if pdfium_c.FPDFDoc_GetJavaScriptActionCount(pdf.raw) > 0:
        return True
    with path.open("rb") as fh:  # OpenAction / annotation scripts are not counted above
        while chunk := fh.read(1 << 20):
            if b"/JavaScript" in chunk or b"/JS " in chunk or b"/JS(" in chunk or b"/JS<" in chunk:
                return True
    return False


def read_pdf(path: Path, *, max_pages: int, ocr_pages: int, max_chars: int, deadline: float) -> PdfText:
    """The text of each page up to ``max_pages``; scanned pages OCR'd up to ``ocr_pages`` before ``deadline``.

    ``deadline`` is a ``time.monotonic()`` value. Raises ``PdfBrokenError`` when the file cannot be opened."""
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise PdfBrokenError("the PDF is password-protected") from exc
        raise PdfBrokenError(f"the PDF cannot be opened ({message})") from exc
    out = PdfText()
    try:
        out.javascript = _has_javascript(pdf, path)
        out.page_count = len(pdf)
        chars = 0
        for index in range(min(out.page_count, max_pages)):
            if time.monotonic() > deadline:
                out.truncated = True
                break
            try:
                page = pdf[index]
            except pdfium.PdfiumError as exc:  # a page tree that lies about its size, or a damaged page
                if not out.pages:
                    raise PdfBrokenError(f"page {index + 1} of the PDF cannot be loaded ({exc})") from exc
                out.truncated = True
                break
            try:
                textpage = page.get_textpage()
                try:
                    text = _clean(textpage.get_text_bounded())
                finally:
                    textpage.close()
                letters = sum(1 for c in text if c.isalpha())
                if (letters < SCAN_TEXT_MAX or _is_junk(text)) and _image_cover(page) >= SCAN_IMAGE_COVER:
                    text = _ocr(page, text, out, ocr_pages, deadline)
            finally:
                page.close()
            out.pages.append(text)
            chars += len(text)
            if chars > max_chars:
                out.truncated = True
                break
        if out.page_count > max_pages:
            out.truncated = True
    finally:
        pdf.close()
    return out


def _ocr(page: pdfium.PdfPage, layer: str, out: PdfText, ocr_pages: int, deadline: float) -> str:
    """The OCR'd text of a scanned page, or its text layer when OCR cannot or may not run."""
    if not ocr.available():
        out.ocr_missing = True
        return layer
    remaining = deadline - time.monotonic()
    if out.ocr_pages >= ocr_pages or remaining < OCR_PAGE_SECONDS:
        out.ocr_skipped += 1
        out.truncated = True
        return layer
    read = _clean(ocr.read_page(_render(page), timeout=remaining))
    out.ocr_pages += 1
    # The text layer of a scan is a stamp (signature box, page number): kept after the page's text.
    return f"{read}\n{layer}".strip("\n") if layer and not _is_junk(layer) else read
