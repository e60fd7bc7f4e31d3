"""Attachment text: exact Vietnamese from text PDF, DOCX, DOC, XLS(X); OCR of scans; TCVN3; hostile files as outcomes.

Known texts and stored files are in tests/fixtures/documents (README.md there says where each comes from).
"""

from __future__ import annotations

import io
import random
import time
import zipfile
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from crawler.documents import extract as ex
from crawler.documents.extract import Extraction, Kind, Limits, Outcome, extract, sniff

HERE = Path(__file__).resolve().parent / "fixtures" / "documents"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"  # Debian fonts-dejavu-core (scripts/system-deps)


def known(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8").strip("\n")


def collapse(text: str) -> str:
    """Layout whitespace (line wraps, tabs, page breaks) is not content: compared as single spaces."""
    return " ".join(text.split())


def accuracy(truth: str, read: str) -> float:
    """Character accuracy: 1 - Levenshtein distance / length of the truth, on whitespace-collapsed text."""
    truth, read = collapse(truth), collapse(read)
    return 1 - Levenshtein.distance(truth, read) / len(truth)


def read(name: str, **kwargs) -> Extraction:
    path = HERE / name
    return extract(path.read_bytes(), kwargs.pop("content_type", None), path.name, **kwargs)


# Text documents: the text exact -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["nghi-quyet.docx", "nghi-quyet.doc"])
def test_word_files_give_the_text_exactly_with_the_header_table_as_tab_separated_cells(name: str) -> None:
    got = read(name)
    assert (got.outcome, got.kind, got.legacy) == (Outcome.OK, Kind(name.rsplit(".", 1)[1]), None)
    assert got.text == known("nghi-quyet.txt")


def test_text_pdf_gives_the_text_exactly_up_to_line_wrapping() -> None:
    got = read("nghi-quyet.pdf")
    assert (got.outcome, got.kind, got.pages, got.ocr_pages, got.truncated) == (Outcome.OK, Kind.PDF, 1, 0, False)
    assert collapse(got.text) == collapse(known("nghi-quyet.txt"))
    assert "Tuy Phong, ngày 05 tháng 3 năm" in got.text and "hoà hợp, khoẻ mạnh, thuỷ lợi" in got.text


@pytest.mark.parametrize("name", ["bang-tong-hop.xls", "bang-tong-hop.xlsx"])
def test_spreadsheets_give_the_sheet_name_then_tab_separated_rows(name: str) -> None:
    got = read(name)
    assert (got.outcome, got.pages) == (Outcome.OK, 1)
    assert got.text == "Văn bản\n" + known("bang-tong-hop.tsv")


@pytest.mark.parametrize("name", ["tcvn3.doc", "tcvn3.pdf"])
def test_tcvn3_documents_typed_in_vntime_are_converted_to_unicode(name: str) -> None:
    got = read(name)
    assert (got.outcome, got.legacy) == (Outcome.OK, "tcvn3")
    assert collapse(got.text) == collapse(known("tcvn3.txt")), "the wrapped paragraph tail too (vµ quèc phßng)"


def test_format_is_sniffed_from_the_bytes_not_the_name_or_declared_type() -> None:
    data = (HERE / "nghi-quyet.pdf").read_bytes()
    got = extract(data, "application/octet-stream", "nghi-quyet.doc")
    assert (got.outcome, got.kind) == (Outcome.OK, Kind.PDF)
    assert sniff((HERE / "nghi-quyet.doc").read_bytes()) is Kind.DOC
    assert sniff((HERE / "bang-tong-hop.xls").read_bytes()) is Kind.XLS
    assert sniff((HERE / "bang-tong-hop.xlsx").read_bytes()) is Kind.XLSX


def test_text_is_nfc_even_when_the_file_holds_decomposed_letters() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Nghi\u0323 quye\u0302\u0301t")  # NFD, as macOS and some converters write it
    buf = io.BytesIO()
    document.save(buf)
    assert extract(buf.getvalue(), None, "nfd.docx").text == "Nghị quyết"


# Scans: OCR with the Vietnamese model ---------------------------------------------------------------------


def scanned_pdf(text: str, *, seed: int = 7) -> bytes:
    """``text`` printed on an A4 page and scanned: 200 dpi grey, a slight skew, blur, speckles, JPEG."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = random.Random(seed)
    dpi = 200
    page = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 30)  # 11 pt at 200 dpi
    y = 180
    for line in text.splitlines():
        draw.text((160, y), line, font=font, fill=rng.randint(0, 40))
        y += 52
    page = page.rotate(0.6, resample=Image.Resampling.BICUBIC, fillcolor=255).filter(ImageFilter.GaussianBlur(0.7))
    pixels = page.load()
    for _ in range(4000):  # dust
        pixels[rng.randrange(page.width), rng.randrange(page.height)] = rng.randint(60, 200)
    jpeg = io.BytesIO()
    page.save(jpeg, "JPEG", quality=55)
    out = io.BytesIO()
    Image.open(jpeg).save(out, "PDF", resolution=dpi)
    return out.getvalue()


@pytest.mark.integration  # OCR: Tesseract over whole pages
def test_scanned_page_of_known_text_is_read_by_ocr_with_at_least_95_percent_character_accuracy() -> None:
    truth = known("ket-luan-scan.txt")
    got = extract(scanned_pdf(truth), "application/pdf", "ket-luan.pdf")
    assert (got.outcome, got.pages, got.ocr_pages) == (Outcome.SCANNED, 1, 1)
    score = accuracy(truth, got.text)
    assert score >= 0.95, f"OCR character accuracy {score:.3f} below 0.95:\n{got.text}"


@pytest.mark.integration  # OCR: Tesseract over whole pages
def test_real_scanned_decree_is_ocrd_page_by_page_against_its_proofread_text() -> None:
    got = read("real/199-ndcp.signed.pdf")
    assert (got.outcome, got.pages, got.ocr_pages) == (Outcome.SCANNED, 3, 3)
    truth = known("real/199-ndcp-dieu-1.txt")
    body = collapse(got.text)
    # Align the proofread article with its place on page 1, then score the aligned span.
    start = body.index("Nghị định này quy định")
    score = accuracy(truth, body[start - 3 : start - 3 + len(collapse(truth)) + 5])
    assert score >= 0.95, f"OCR character accuracy {score:.3f} on Điều 1 of Nghị định 199/2026/NĐ-CP"
    assert "Chính phủ ban hành Nghị định quy định chính sách hỗ trợ phục vụ" in body or score >= 0.97


def test_scan_without_ocr_time_left_is_empty_with_a_reason_not_a_hang() -> None:
    started = time.monotonic()
    got = extract(scanned_pdf("Số 15-KL/HU"), None, "scan.pdf", Limits(timeout=3))
    assert time.monotonic() - started < 15
    assert got.outcome is Outcome.EMPTY and "not OCR'd within the page or time limit" in got.reason


# Hostile and broken files: outcomes within bounds ---------------------------------------------------------


def raw_pdf(pages: list[bytes], *, count: int | None = None, catalog_extra: bytes = b"") -> bytes:
    """A minimal PDF: one Helvetica text page per content stream; ``count`` may lie about the page total."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"",  # the page tree, filled in below
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for content in pages:
        stream = len(objects) + 2
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % stream
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        kids.append(b"%d 0 R" % (len(objects) - 1))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(pages) if count is None else count)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def text_page(words: str) -> bytes:
    return b"BT /F1 14 Tf 72 760 Td (" + words.encode("latin-1") + b") Tj ET"


def test_ten_thousand_page_pdf_is_read_to_the_page_limit_in_bounded_time() -> None:
    data = raw_pdf([text_page(f"Trang {n}") for n in range(1, 10_001)])
    started = time.monotonic()
    got = extract(data, None, "10000.pdf", Limits(max_pages=300))
    assert time.monotonic() - started < 30
    assert (got.outcome, got.pages, got.truncated) == (Outcome.OK, 300, True)
    assert got.text.split("\f")[-1] == "Trang 300"


def test_pdf_whose_page_tree_claims_ten_thousand_pages_is_an_outcome() -> None:
    got = extract(raw_pdf([text_page("Trang 1"), text_page("Trang 2")], count=10_000), None, "lying.pdf")
    assert got.outcome in (Outcome.OK, Outcome.BROKEN), got
    if got.outcome is Outcome.OK:
        assert got.truncated and got.text.startswith("Trang 1")
    else:
        assert got.reason.startswith("page 1 of the PDF cannot be loaded")


def test_truncated_pdf_is_broken_or_gives_only_what_is_there() -> None:
    data = (HERE / "nghi-quyet.pdf").read_bytes()
    for cut in (len(data) // 10, len(data) // 2, len(data) - 200):
        got = extract(data[:cut], None, "cut.pdf")
        assert got.outcome in (Outcome.BROKEN, Outcome.OK, Outcome.EMPTY), got
        if got.outcome is Outcome.BROKEN:
            assert got.reason.startswith("the PDF cannot be opened")
        elif got.outcome is Outcome.OK:
            assert collapse(got.text) in collapse(known("nghi-quyet.txt"))


def test_pdf_with_a_javascript_open_action_is_read_and_flagged_never_run() -> None:
    action = b"/OpenAction << /S /JavaScript /JS (app.launchURL\\('http://127.0.0.1:9/x'\\);) >> "
    got = extract(raw_pdf([text_page("Thong bao so 45-TB/TU")], catalog_extra=action), None, "js.pdf")
    assert (got.outcome, got.text, got.warnings) == (Outcome.OK, "Thong bao so 45-TB/TU", ("javascript",))


def test_password_protected_pdf_is_broken_with_the_reason() -> None:
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO((HERE / "nghi-quyet.pdf").read_bytes()))
    writer.encrypt(user_password="mat-khau", owner_password="chu")
    buf = io.BytesIO()
    writer.write(buf)
    got = extract(buf.getvalue(), None, "locked.pdf")
    assert (got.outcome, got.reason) == (Outcome.BROKEN, "the PDF is password-protected")


def zip_bomb_docx(unpacked: int) -> bytes:
    """The Nghị quyết DOCX with a document.xml padded by ``unpacked`` bytes of spaces (about a thousandth packed)."""
    source = zipfile.ZipFile(HERE / "nghi-quyet.docx")
    xml = source.read("word/document.xml")
    cut = xml.index(b"<w:body>") + len(b"<w:body>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                zf.writestr(info, source.read(info))
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(xml[:cut])
            chunk = b" " * (1 << 20)
            for _ in range(unpacked >> 20):
                part.write(chunk)
            part.write(xml[cut:])
    return buf.getvalue()


def test_zip_bomb_docx_is_refused_from_its_directory_before_inflating() -> None:
    data = zip_bomb_docx(300 << 20)
    assert len(data) < 1 << 20
    started = time.monotonic()
    got = extract(data, None, "bomb.docx")
    assert time.monotonic() - started < 10
    assert got.outcome is Outcome.TOO_LARGE and "zip bomb" in got.reason


def test_memory_limit_holds_when_the_zip_checks_are_loosened() -> None:
    limits = Limits(max_ratio=10**9, max_unpacked=10**12, memory=400 << 20)
    got = extract(zip_bomb_docx(600 << 20), None, "bomb.docx", limits)
    assert (got.outcome, got.reason) == (Outcome.TOO_LARGE, "reading the DOCX needs more than 400 MiB of memory")


def test_worker_overrunning_its_deadline_is_killed_and_reported() -> None:
    path = HERE / "real" / "199-ndcp.signed.pdf"
    started = time.monotonic()
    got = ex._run_worker(path, Kind.PDF, Limits(timeout=0.001), grace=0.0)  # less than an interpreter start
    assert time.monotonic() - started < 5
    assert (got.outcome, got.reason) == (Outcome.TOO_LARGE, "reading the PDF took longer than 0.001 s")


def test_size_limit_is_checked_before_any_parser_runs(monkeypatch) -> None:
    monkeypatch.setattr(ex, "_run_worker", lambda *a, **k: pytest.fail("parsed a file over the limit"))
    got = extract(b"%PDF-1.4\n" + b"0" * (2 << 20), "application/pdf", "big.pdf", Limits(max_bytes=1 << 20))
    assert (got.outcome, got.kind, got.reason) == (
        Outcome.TOO_LARGE,
        Kind.PDF,
        "big.pdf has 2.0 MiB, over the 1 MiB limit",
    )


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (
            b"<html><head><meta charset=utf-8></head><body>Ngh\xe1\xbb\x8b quy\xe1\xba\xbft</body></html>",
            "nq.doc",
            "web page",
        ),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "scan.png", "is an image"),
        (b"{\\rtf1\\ansi Nghi quyet}", "nq.rtf", "RTF"),
        (b"Rar!\x1a\x07\x00" + b"\0" * 32, "vanban.rar", "archive"),
    ],
)
def test_other_formats_are_unsupported_with_a_sentence_saying_what_they_are(
    data: bytes, name: str, reason: str
) -> None:
    got = extract(data, "application/octet-stream", name)
    assert got.outcome is Outcome.UNSUPPORTED and reason in got.reason and got.reason.startswith(name)


def test_corrupt_office_files_are_broken_not_exceptions() -> None:
    doc = (HERE / "nghi-quyet.doc").read_bytes()
    got = extract(doc[:4096], None, "cut.doc")
    assert got.outcome in (Outcome.BROKEN, Outcome.UNSUPPORTED), got
    docx_bytes = (HERE / "nghi-quyet.docx").read_bytes()
    got = extract(docx_bytes[: len(docx_bytes) // 2], None, "cut.docx")
    assert got.outcome is Outcome.BROKEN and got.kind is Kind.DOCX


def test_pdf_without_text_or_images_is_empty() -> None:
    got = extract(raw_pdf([b""]), None, "blank.pdf")
    assert (got.outcome, got.pages, got.reason) == (Outcome.EMPTY, 1, "the PDF holds no text")


@pytest.mark.parametrize("name", ["nghi-quyet.pdf", "nghi-quyet.docx", "nghi-quyet.doc", "bang-tong-hop.xls"])
def test_damaged_copies_of_every_format_end_as_outcomes_never_exceptions(name: str) -> None:
    data = (HERE / name).read_bytes()
    rng = random.Random(name)
    for _ in range(5):
        damaged = bytearray(data)
        for _ in range(40):  # bytes overwritten at random past the signature
            damaged[rng.randrange(8, len(damaged))] = rng.randrange(256)
        got = extract(bytes(damaged), None, name, Limits(timeout=20))
        assert isinstance(got.outcome, Outcome)
        assert got.outcome is not Outcome.TOO_LARGE or "took longer" not in got.reason, "a damaged small file hung"
        assert got.reason or got.text, got
