"""The files a simulated NukeViet portal attaches to its news: real PDFs, Word files and scans, and hostile ones.

What district portals attach (``news-download-file``, served at ``<article>.html?download=1&id=N``): the resolution
a meeting adopted, the report behind a story; now and then a Word file, a scan, and the files a crawler must
survive: one too big to read, a zip bomb, a "Word" file that is a web page, a web page served instead of the file
(a download that needs a login), a damaged PDF. Each article's file is chosen and written deterministically, so
tests know its text (``expected_text``) and its outcome (``Variant``).

Written with the project's own libraries: pypdfium2 makes the PDFs (DejaVu Serif embedded, Debian
``fonts-dejavu-core``) and renders a page to a grey image for the scan (speckled, no text layer, as a scanner
gives it); python-docx writes the DOCX. Without the font, a text PDF is served as NukeViet's empty-file answer
(the crawler counts it ``broken``) rather than failing the page.
"""

from __future__ import annotations

import ctypes
import io
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.simulator.corpus import PLACES, SimArticle
from crawler.simulator.site import SimResponse

if TYPE_CHECKING:
    from crawler.simulator.nukeviet import NukeVietSite
    from crawler.simulator.nukeviet_laws import SimLaw

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
HUGE = 21 * 1024 * 1024  # over the crawler's default 20 MiB download limit
BOMB = 250 * 1024 * 1024  # what the zip bomb's document.xml unpacks to (over the reader's 200 MiB)
PDF, DOCX, DOC = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("application/msword"),
)
STUB = b"%PDF-1.4\n%%EOF\n"  # what the portal served before files were simulated: a PDF with no page


class Variant(StrEnum):
    """What an article's attachment is, and so what a crawler reading it should get."""

    RESOLUTION = "resolution"  # the resolution the reported meeting adopted (text PDF): the laws module lists it
    EARLIER_RESOLUTION = "earlier_resolution"  # a preview's attachment: an earlier session's resolution (text PDF)
    REPORT = "report"  # a report on the story (text PDF)
    REPORT_DOCX = "report_docx"  # the same as a Word file
    SCAN = "scan"  # a party conclusion, scanned (PDF of one page image, no text layer): read by OCR
    HUGE = "huge"  # 21 MiB: over the download limit
    ZIP_BOMB = "zip_bomb"  # a DOCX whose document.xml unpacks to 250 MiB
    WEB_PAGE_DOC = "web_page_doc"  # Word's "save as web page" named .doc and served as application/msword
    LOGIN_PAGE = "login_page"  # an HTML page answered instead of the file
    DAMAGED = "damaged"  # a PDF header and then garbage


# Where the hostile and odd files go, by position among the articles with an attachment that report no meeting
# (oldest first); of the others, those whose id is a multiple of 3 are Word files, the rest PDFs.
SPECIAL = {
    1: Variant.SCAN,
    2: Variant.HUGE,
    3: Variant.ZIP_BOMB,
    4: Variant.WEB_PAGE_DOC,
    5: Variant.LOGIN_PAGE,
    6: Variant.DAMAGED,
}
EXTENSION = {Variant.REPORT_DOCX: "docx", Variant.ZIP_BOMB: "docx", Variant.WEB_PAGE_DOC: "doc"}


@dataclass(frozen=True)
class File:
    """One attachment as served: its name, bytes and declared type, and the text it holds (None: none to read)."""

    name: str
    body: bytes
    content_type: str
    text: str | None = None


def resolution_of(site: NukeVietSite, article: SimArticle) -> SimLaw | None:
    """The laws module's resolution of the meeting this article reports, if it lists one."""
    return next((law for law in site.laws.laws if law.meeting_id == article.id), None)


def variant(site: NukeVietSite, article: SimArticle) -> Variant:
    """What the article's attachment is (see ``Variant`` and ``SPECIAL``)."""
    if resolution_of(site, article) is not None:
        return Variant.RESOLUTION
    if article.title.startswith("Dự kiến nội dung Kỳ họp"):
        return Variant.EARLIER_RESOLUTION
    others = sorted(
        a.id
        for a in site.articles
        if a.attachments and a.meeting_kind is None and not a.title.startswith("Dự kiến nội dung Kỳ họp")
    )
    k = others.index(article.id) if article.id in others else 0
    return SPECIAL.get(k, Variant.REPORT_DOCX if article.id % 3 == 0 else Variant.REPORT)


def attachment_name(site: NukeVietSite, article: SimArticle, index: int) -> str:
    """The file name the page shows and the download sends: the corpus's, with the variant's extension."""
    name = article.attachments[index].path.rsplit("/", 1)[-1]
    ext = EXTENSION.get(variant(site, article))
    return f"{name.rsplit('.', 1)[0]}.{ext}" if ext else name


# Texts ---------------------------------------------------------------------------------------------------


def _resolution_text(site: NukeVietSite, law: SimLaw) -> list[str]:
    place = PLACES[site.spec.place]
    day = law.publtime
    dated = f"{place.district}, ngày {day.day:02d} tháng {day.month} năm {day.year}"
    if law.issuer == "HĐND":
        session = law.introtext.rsplit("tại ", 1)[-1]  # "Kỳ họp thứ 31 HĐND huyện khóa XX"
        ordinal = session.split(" HĐND")[0].upper()
        return [
            "HỘI ĐỒNG NHÂN DÂN    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            f"HUYỆN {place.district.upper()}    Độc lập - Tự do - Hạnh phúc",
            f"Số: {law.code}    {dated}",
            "NGHỊ QUYẾT",
            law.introtext,
            f"HỘI ĐỒNG NHÂN DÂN HUYỆN {place.district.upper()}",
            f"KHÓA XX, {ordinal}",
            "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
            "Xét báo cáo của Ủy ban nhân dân huyện và ý kiến thảo luận của đại biểu tại kỳ họp,",
            "QUYẾT NGHỊ:",
            "Điều 1. Thông qua các chỉ tiêu phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh.",
            "Điều 2. Giao Ủy ban nhân dân huyện tổ chức thực hiện Nghị quyết này.",
            f"Nghị quyết này đã được Hội đồng nhân dân huyện {place.district} khóa XX, {session.split(' HĐND')[0]}"
            f" thông qua ngày {day.day:02d} tháng {day.month} năm {day.year}.",
            "CHỦ TỊCH",
            law.signer,
        ]
    return [
        f"ĐẢNG BỘ TỈNH {place.province.upper()}    ĐẢNG CỘNG SẢN VIỆT NAM",
        f"HUYỆN ỦY {place.district.upper()}",
        f"Số {law.code}    {dated}",
        "NGHỊ QUYẾT",
        law.title.removeprefix("Nghị quyết "),
        "Hội nghị đã thảo luận, thống nhất đánh giá kết quả thực hiện nhiệm vụ và đề ra giải pháp thời gian tới.",
        "Các cấp ủy, tổ chức đảng tổ chức quán triệt, triển khai thực hiện Nghị quyết này.",
        "T/M BAN CHẤP HÀNH",
        "BÍ THƯ",
        law.signer,
    ]


def _report_text(site: NukeVietSite, article: SimArticle) -> list[str]:
    place = PLACES[site.spec.place]
    return [
        f"HUYỆN ỦY {place.district.upper()}",
        "BÁO CÁO",
        f"Kết quả: {article.title}",
        *article.paragraphs[:3],
        "Nơi nhận: Ban Thường vụ Huyện ủy; Lưu Văn phòng.",
    ]


def _scan_text(site: NukeVietSite, article: SimArticle) -> list[str]:
    place = PLACES[site.spec.place]
    secretary = next((n for n, r in place.officials if r.startswith("Bí thư")), "Trần Văn Minh")
    return [
        f"HUYỆN ỦY {place.district.upper()}",
        f"Số {article.id % 90 + 10}-KL/HU",
        "KẾT LUẬN",
        "của Ban Thường vụ Huyện ủy về công tác kiểm tra, giám sát",
        f"Ban Thường vụ Huyện ủy {place.district} kết luận như sau:",
        "Các chi bộ, đảng bộ cơ sở tiếp tục thực hiện tốt công tác kiểm tra, giám sát.",
        "T/M BAN THƯỜNG VỤ",
        secretary,
    ]


def expected_text(site: NukeVietSite, article: SimArticle) -> str | None:
    """The text a reader should get from the article's attachment (lines joined by newlines), or None when the
    file holds none to read (too big, hostile, not a document)."""
    return file_of(site, article).text


# Files ---------------------------------------------------------------------------------------------------


def file_of(site: NukeVietSite, article: SimArticle, index: int = 0) -> File:
    """The article's attachment as the portal serves it."""
    kind = variant(site, article)
    name = attachment_name(site, article, index)
    if kind is Variant.RESOLUTION:
        law = resolution_of(site, article)
        assert law is not None
        return _text_file(name, _resolution_text(site, law))
    if kind is Variant.EARLIER_RESOLUTION:
        earlier = [
            law
            for law in site.laws.laws
            if law.issuer == "HĐND" and law.meeting_id and law.publtime < article.published.date()
        ]
        law = earlier[0] if earlier else None  # the newest before the preview
        return _text_file(name, _resolution_text(site, law) if law else _report_text(site, article))
    if kind is Variant.SCAN:
        lines = _scan_text(site, article)
        return File(name, scanned_pdf(tuple(lines)), PDF, "\n".join(lines))
    if kind is Variant.HUGE:
        return File(name, b"%PDF-1.4\n%" + b"0" * HUGE + b"\n%%EOF\n", PDF)
    if kind is Variant.ZIP_BOMB:
        return File(name, zip_bomb(), DOCX)
    if kind is Variant.WEB_PAGE_DOC:
        page = "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head><meta charset='utf-8'></head><body>"
        page += "".join(f"<p>{line}</p>" for line in _report_text(site, article)) + "</body></html>"
        return File(name, page.encode(), DOC)
    if kind is Variant.LOGIN_PAGE:
        page = f"<!DOCTYPE html><html><body><div class='alert alert-danger'>Bạn cần đăng nhập để tải {name}</div>"
        return File(name, (page + "</body></html>").encode(), "text/html; charset=utf-8")
    if kind is Variant.DAMAGED:
        return File(name, b"%PDF-1.7\n" + bytes((i * 7919) % 251 for i in range(4096)), PDF)
    lines = _report_text(site, article)
    if kind is Variant.REPORT_DOCX:
        return File(name, docx_file(tuple(lines)), DOCX, "\n".join(lines))
    return _text_file(name, lines)


def _text_file(name: str, lines: list[str]) -> File:
    try:
        body = text_pdf(tuple(lines))
    except FileNotFoundError:
        return File(name, STUB, PDF)
    return File(name, body, PDF, "\n".join(lines))


def download(site: NukeVietSite, article: SimArticle, index: int) -> SimResponse:
    """``?download=1&id=N``: the file with its name in ``Content-Disposition``, as ``funcs/detail.php`` sends it."""
    got = file_of(site, article, index)
    headers = (
        {}
        if got.content_type.startswith("text/html")
        else {"Content-Disposition": f'attachment; filename="{got.name}"'}
    )
    return SimResponse(200, got.body, got.content_type, headers)


# Writers ---------------------------------------------------------------------------------------------------


@cache
def text_pdf(lines: tuple[str, ...], size: float = 11.0) -> bytes:
    """An A4 PDF of these lines in DejaVu Serif (embedded), wrapped at the margin, as many pages as they take."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    data = FONT.read_bytes()
    pdf = pdfium.PdfDocument.new()
    buf = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(pdf, buf, len(data), raw.FPDF_FONT_TRUETYPE, True)
    page, y = None, 0.0
    for line in (w for text in lines for w in _wrap(text, 88)):
        if page is None or y < 60:
            if page is not None:
                raw.FPDFPage_GenerateContent(page)
            page, y = pdf.new_page(595, 842), 780.0
        obj = raw.FPDFPageObj_CreateTextObj(pdf, font, size)
        wide = ctypes.create_string_buffer((line + "\0").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(wide, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 60, y)
        raw.FPDFPage_InsertObject(page, obj)
        y -= size * 1.6
    if page is not None:
        raw.FPDFPage_GenerateContent(page)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    words, lines, line = text.split(" "), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


@cache
def scanned_pdf(lines: tuple[str, ...], dpi: int = 200) -> bytes:
    """The lines printed and scanned: one grey page image at ``dpi``, speckled, in a PDF with no text layer."""
    import numpy as np
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    printed = pdfium.PdfDocument(text_pdf(lines, 12.0))
    image = printed[0].render(scale=dpi / 72, grayscale=True).to_numpy().copy()
    grey = np.ascontiguousarray(image[..., 0] if image.ndim == 3 else image)
    rng = np.random.default_rng(7)
    flat = grey.reshape(-1)
    flat[rng.integers(0, flat.size, 4000)] = rng.integers(60, 200, 4000)  # dust
    height, width = grey.shape
    out = pdfium.PdfDocument.new()
    page = out.new_page(595, 842)
    pixels = (ctypes.c_ubyte * grey.size).from_buffer_copy(grey.tobytes())
    bitmap = pdfium.PdfBitmap.new_native(width, height, raw.FPDFBitmap_Gray, buffer=pixels, stride=width)
    scan = pdfium.PdfImage.new(out)
    scan.set_bitmap(bitmap)
    scan.set_matrix(pdfium.PdfMatrix().scale(595, 842))
    page.insert_obj(scan)
    page.gen_content()
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


@cache
def docx_file(lines: tuple[str, ...]) -> bytes:
    """A Word document with one paragraph per line."""
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


@cache
def zip_bomb() -> bytes:
    """A valid DOCX whose ``word/document.xml`` is padded with ``BOMB`` bytes of spaces (about 250 KiB packed)."""
    source = zipfile.ZipFile(io.BytesIO(docx_file(("Thông báo",))))
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
            for _ in range(BOMB >> 20):
                part.write(chunk)
            part.write(xml[cut:])
    return buf.getvalue()
