"""Vietnamese text: NFC, match keys, windows-1258 and TCVN3/VNI legacy encodings."""

from __future__ import annotations

import unicodedata

import pytest
from scrapy.http import HtmlResponse

from crawler.enrich import normalize
from crawler.items import ArticleItem
from crawler.legacy import TCVN3, VNI, legacy_kind
from crawler.text import clean_text, fix_legacy_encoding, fold, nfc

SAMPLE = "Sáng ngày 11/7/2022, BCH Đảng bộ huyện Tân Hồng tổ chức kỳ họp lần thứ 9 để đánh giá kết quả thực hiện"
CAPS = "Ủy ban nhân dân huyện Tuyên Hóa; Quyết định của Huyện ủy"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Huyện uỷ", "Huyện ủy"),
        ("hoà", "hòa"),
        ("khoá", "khóa"),
        ("thuỷ", "thủy"),
        ("quý", "qúy"),
        ("Hoà Bình", "hòa bình"),
        ("KHOÁ XI", "khóa xi"),
        ("tuỳ", "tùy"),
        ("khoẻ", "khỏe"),
        ("gìa", "già"),
        ("Uỷ ban  nhân\u00a0dân", "ủy ban nhân dân"),
        (unicodedata.normalize("NFD", "Huyện uỷ"), "huyện ủy"),
    ],
)
def test_fold_meets_both_spellings(a: str, b: str) -> None:
    assert fold(a) == fold(b), f"fold({a!r})={fold(a)!r} but fold({b!r})={fold(b)!r}"


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Hoàng", "hoàng"),
        ("huỳnh", "huỳnh"),
        ("Trường", "trường"),
        ("ngoài", "ngoài"),
        ("quyết", "quyết"),
        ("giường", "giường"),
        ("thuở", "thuở"),
        ("Đảng", "đảng"),
        ("café", "café"),
    ],
)
def test_fold_keeps_diacritics_and_fixed_placements(word: str, key: str) -> None:
    assert fold(word) == key


def test_clean_text_and_nfc() -> None:
    assert clean_text("  Huyện\u00a0ủy\u200b  Tân\tHồng \n") == "Huyện ủy Tân Hồng"
    assert clean_text(None) == ""
    assert nfc(unicodedata.normalize("NFD", "Đảng")) == "Đảng"
    assert clean_text("Huyện uỷ") == "Huyện uỷ", "stored text keeps its spelling"


def _as_windows_1258(text: str) -> bytes:
    """How Windows-1258 writes Vietnamese: letters with their hat/horn/breve, the tone as a combining byte."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tone))
        out.append(base + tone)
    return "".join(out).encode("cp1258")


def _as_tcvn3(text: str) -> str:
    back = {v: chr(k) for k, v in TCVN3.items() if v.islower()}
    return "".join(back.get(ch.lower(), ch) if ch.lower() in back else ch for ch in text)


def _as_vni(text: str) -> str:
    back = {v: k for k, v in VNI.items()}
    return "".join(back.get(ch, ch) for ch in text)


def stored_text(data: bytes, declared: str | None) -> str:
    """What a crawl stores of a page's bytes: Scrapy decodes them (the Content-Type charset, else the page's
    meta tag, a BOM or a sniff), then the normalize pipeline converts legacy encodings and composes NFC."""
    ctype = f"text/html; charset={declared}" if declared else "text/html"
    text = HtmlResponse("https://a.gov.vn/", body=data, headers={"Content-Type": ctype}).text
    return normalize(ArticleItem("p", "https://a.gov.vn/", "generic", text)).title


@pytest.mark.parametrize("declared", ["windows-1258", "cp1258", None])
def test_windows_1258_pages(declared: str | None) -> None:
    data = _as_windows_1258(SAMPLE)
    assert data != SAMPLE.encode("utf-8")
    assert stored_text(data, declared) == SAMPLE


def test_meta_charset_and_utf8() -> None:
    page = b'<html><head><meta charset="windows-1258"></head><body>' + _as_windows_1258(SAMPLE) + b"</body>"
    assert SAMPLE in stored_text(page, None)
    assert stored_text(SAMPLE.encode("utf-8"), "utf-8") == SAMPLE
    assert stored_text(b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), None) == SAMPLE
    nfd = unicodedata.normalize("NFD", SAMPLE).encode("utf-8")
    assert stored_text(nfd, "utf-8") == SAMPLE


def test_tcvn3_text_is_converted() -> None:
    legacy = _as_tcvn3(SAMPLE)
    assert legacy != SAMPLE and legacy_kind(legacy) == "tcvn3"
    # TCVN3 draws toned capitals with a separate font from the same bytes: the text keeps only lower case.
    assert fold(fix_legacy_encoding(legacy)) == fold(SAMPLE)
    assert fix_legacy_encoding("§¶ng bé huyÖn T©n Hång") == "Đảng bộ huyện Tân Hồng"
    page = ("<p>" + legacy + "</p>").encode("cp1252")
    assert fold(stored_text(page, "iso-8859-1")) == fold("<p>" + SAMPLE + "</p>")


def test_vni_text_is_converted() -> None:
    legacy = _as_vni(CAPS)
    assert legacy_kind(legacy) == "vni"
    assert fix_legacy_encoding(legacy) == CAPS
    assert fix_legacy_encoding("Ñaûng boä huyeän Taân Hoàng") == "Đảng bộ huyện Tân Hồng"
    assert stored_text(legacy.encode("cp1252"), "windows-1252") == CAPS


def test_mixed_page_converts_only_the_legacy_paragraph() -> None:
    page = f"<h1>{CAPS}</h1>\n<p>{_as_tcvn3('tổ chức kỳ họp lần thứ 9 để đánh giá kết quả')}</p>"
    fixed = fix_legacy_encoding(page)
    assert CAPS in fixed and "tổ chức kỳ họp lần thứ 9 để đánh giá kết quả" in fixed


@pytest.mark.parametrize(
    "text",
    [
        "Société Générale à Paris, café crème, résumé naïve",
        "© 2024 Huyện ủy Tân Hồng. Giá: 50.000 ₫ ± 5%",
        "Tiếng Việt có dấu: Đảng bộ huyện Tân Hồng",
        "Mục § 3, Điều 12 ©",
        "plain ascii only",
    ],
)
def test_unicode_and_latin1_text_is_left_alone(text: str) -> None:
    assert fix_legacy_encoding(text) == text
