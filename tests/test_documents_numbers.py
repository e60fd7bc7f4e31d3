"""Document numbers, citations in text, issuers and identity (crawler/documents/numbers.py, model.py)."""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

import pytest

from crawler.documents.extract import extract
from crawler.documents.model import DocType, Document, DocumentNumber, Issuer
from crawler.documents.numbers import find_documents, parse_number

HERE = Path(__file__).resolve().parent / "fixtures" / "documents"
TUY_PHONG = {"tỉnh": "Bình Thuận", "huyện": "Tuy Phong"}


@pytest.mark.parametrize(
    ("text", "number", "key", "doc_type"),
    [
        ("Số 12-NQ/TU", DocumentNumber("12-NQ/TU", 12, "TU", "NQ", party=True), "12-NQ/TU", DocType.NGHI_QUYET),
        ("Số: 05-KL/ĐU", DocumentNumber("05-KL/ĐU", 5, "ĐU", "KL", party=True), "5-KL/ĐU", DocType.KET_LUAN),
        (
            "45/2025/NQ-HĐND",
            DocumentNumber("45/2025/NQ-HĐND", 45, "HĐND", "NQ", 2025),
            "45/2025/NQ-HĐND",
            DocType.NGHI_QUYET,
        ),
        ("123/QĐ-UBND", DocumentNumber("123/QĐ-UBND", 123, "UBND", "QĐ"), "123/QĐ-UBND", DocType.QUYET_DINH),
        (
            "Số: 199 /2026/NĐ-CP",
            DocumentNumber("199/2026/NĐ-CP", 199, "CP", "NĐ", 2026),
            "199/2026/NĐ-CP",
            DocType.NGHI_DINH,
        ),
        ("456/UBND-VP", DocumentNumber("456/UBND-VP", 456, "UBND", None, unit="VP"), "456/UBND-VP", DocType.CONG_VAN),
        ("số 63/2025/QH15", DocumentNumber("63/2025/QH15", 63, "QH15", None, 2025), "63/2025/QH15", DocType.LUAT),
        ("10/TTr-UBND", DocumentNumber("10/TTr-UBND", 10, "UBND", "TTr"), "10/TTR-UBND", DocType.TO_TRINH),
        ("36-HD/BTCTW", DocumentNumber("36-HD/BTCTW", 36, "BTCTW", "HD", party=True), "36-HD/BTCTW", DocType.HUONG_DAN),
        ("SỐ 12 - NQ/TU", DocumentNumber("12-NQ/TU", 12, "TU", "NQ", party=True), "12-NQ/TU", DocType.NGHI_QUYET),
    ],
)
def test_numbers_are_split_into_serial_year_type_and_issuer(text, number, key, doc_type) -> None:
    got = parse_number(text)
    assert got == number
    assert (got.key, got.type) == (key, doc_type)


@pytest.mark.parametrize("text", ["ngày 5/3/2025", "tăng 8,5% so với 2024", "Covid-19", "Điều 12-13", "0252/3.862.123"])
def test_dates_percentages_and_phone_numbers_are_not_document_numbers(text: str) -> None:
    assert parse_number(text) is None
    assert find_documents(text) == []


def test_citation_gives_type_issuer_place_date_and_subject() -> None:
    text = (
        "Hội nghị quán triệt Nghị quyết số 12-NQ/TU ngày 5/3/2025 của Ban Chấp hành Đảng bộ tỉnh về phát triển "
        "kinh tế - xã hội năm 2025; đồng thời triển khai Kết luận số 05-KL/ĐU."
    )
    first, second = find_documents(text, places=TUY_PHONG)
    assert first.cited == (
        "Nghị quyết số 12-NQ/TU ngày 5/3/2025 của Ban Chấp hành Đảng bộ tỉnh về phát triển kinh tế - xã hội năm 2025"
    )
    assert text[first.start : first.end] == first.cited
    assert (first.type, first.issue_date, first.summary) == (
        DocType.NGHI_QUYET,
        date(2025, 3, 5),
        "phát triển kinh tế - xã hội năm 2025",
    )
    assert first.issuer == Issuer("TU", "Tỉnh ủy", "tỉnh", "Bình Thuận")
    assert first.issuer.display == "Tỉnh ủy Bình Thuận"
    assert (second.cited, second.type, second.issuer.display, second.issue_date) == (
        "Kết luận số 05-KL/ĐU",
        DocType.KET_LUAN,
        "Đảng ủy",
        None,
    )


def test_state_citations_name_the_council_and_committee_with_their_place() -> None:
    text = (
        "Thực hiện Nghị quyết số 45/2025/NQ-HĐND ngày 10 tháng 7 năm 2025 của Hội đồng nhân dân tỉnh Bình Thuận "
        "và Quyết định số 123/QĐ-UBND ngày 20/8/2025 của UBND huyện Tuy Phong về việc phê duyệt kế hoạch sử "
        "dụng đất năm 2025."
    )
    council, committee = find_documents(text)
    assert (council.number.text, council.issue_date, council.issuer.display) == (
        "45/2025/NQ-HĐND",
        date(2025, 7, 10),
        "Hội đồng nhân dân tỉnh Bình Thuận",
    )
    assert (committee.type, committee.issuer.display, committee.summary) == (
        DocType.QUYET_DINH,
        "Ủy ban nhân dân huyện Tuy Phong",
        "việc phê duyệt kế hoạch sử dụng đất năm 2025",
    )


def test_upper_case_nfd_and_both_tone_mark_styles_read_the_same() -> None:
    plain = "Kế hoạch số 15-KH/HU ngày 02/4/2025 của Ban Thường vụ Huyện ủy về công tác tuyên truyền"
    variants = [plain, plain.upper(), unicodedata.normalize("NFD", plain), plain.replace("Huyện ủy", "Huyện uỷ")]
    found = [find_documents(v, places=TUY_PHONG) for v in variants]
    assert all(len(refs) == 1 for refs in found)
    assert {refs[0].identity for refs in found} == {found[0][0].identity}
    assert found[0][0].issuer.display == "Huyện ủy Tuy Phong"
    assert found[1][0].issuer.display == "Huyện ủy Tuy Phong", "UPPER CASE text keeps the portal's place"
    assert found[2][0].cited == plain, "spans and quotes are in NFC"


def test_party_regulation_numbered_qd_is_a_quy_dinh_and_ocr_eth_reads_as_d() -> None:
    ref = find_documents("theo Quy định số 368-QÐ/TW ngày 08 tháng 9 năm 2025 của Bộ Chính trị về Danh mục")[0]
    assert (ref.number.text, ref.type, ref.issuer.display, ref.issue_date) == (
        "368-QĐ/TW",
        DocType.QUY_DINH,
        "Bộ Chính trị",
        date(2025, 9, 8),
    )


def test_laws_letters_and_central_documents() -> None:
    refs = find_documents(
        "Căn cứ Luật Tổ chức Chính phủ số 63/2025/QH15; Công văn số 456/UBND-VP ngày 3/9/2025 của Ủy ban nhân "
        "dân huyện; Hướng dẫn số 36-HD/BTCTW; Tờ trình số 10/TTr-UBND",
        places=TUY_PHONG,
    )
    assert [(r.type, r.issuer.display) for r in refs] == [
        (DocType.LUAT, "Quốc hội"),
        (DocType.CONG_VAN, "Ủy ban nhân dân huyện Tuy Phong"),
        (DocType.HUONG_DAN, "Ban Tổ chức Trung ương"),
        (DocType.TO_TRINH, "Ủy ban nhân dân"),
    ]
    assert refs[0].cited == "Luật Tổ chức Chính phủ số 63/2025/QH15"


def test_a_bare_number_counts_only_when_its_code_names_a_type() -> None:
    refs = find_documents("Văn bản 12-NQ/HU và mã 45-XYZ/ABC")
    assert [r.number.text for r in refs] == ["12-NQ/HU"]


def test_year_of_a_date_without_one_comes_from_the_reference() -> None:
    ref = find_documents("Thông báo số 78-TB/HU ngày 12/5 của Thường trực Huyện ủy", reference=date(2025, 5, 20))[0]
    assert ref.issue_date == date(2025, 5, 12)


@pytest.mark.integration  # OCR: Tesseract over whole pages
def test_numbers_in_a_real_ocrd_decree_are_found() -> None:
    text = extract((HERE / "real" / "199-ndcp.signed.pdf").read_bytes(), None, "199-ndcp.signed.pdf").text
    numbers = {r.number.key for r in find_documents(text)}
    assert {"199/2026/NĐ-CP", "368-QĐ/TW", "63/2025/QH15", "89/2025/QH15", "36/2015/QĐ-TTG"} <= numbers


# Identity: the same document reached twice is one ---------------------------------------------------------


def document(**kw) -> Document:
    base = {
        "number": parse_number("12-NQ/HU"),
        "type": DocType.NGHI_QUYET,
        "issuer": Issuer("HU", "Huyện ủy", "huyện", "Tuy Phong"),
        "summary": "về nhiệm vụ phát triển kinh tế - xã hội năm 2025",
        "issue_date": date(2025, 3, 5),
    }
    return Document(**{**base, **kw})


def test_a_document_and_its_citation_share_one_identity() -> None:
    ref = find_documents("Nghị quyết số 12-NQ/HU ngày 05/3/2025 của Huyện ủy", places=TUY_PHONG)[0]
    assert ref.identity == document().identity
    assert ref.refers_to(document())
    undated = find_documents("Nghị quyết số 12-NQ/HU", places=TUY_PHONG)[0]
    assert undated.identity != document().identity and undated.refers_to(document()), "no date: same but for it"


def test_party_numbers_restart_every_term_so_the_same_number_in_another_term_is_another_document() -> None:
    old = document(issue_date=date(2021, 3, 4))
    assert old.identity != document().identity
    assert document(term="2020-2025").identity == document(term="2020-2025", issue_date=None).identity
    ref = find_documents("Nghị quyết số 12-NQ/HU ngày 04/3/2021", places=TUY_PHONG)[0]
    assert ref.refers_to(old) and not ref.refers_to(document())


def test_state_numbers_with_a_year_need_no_date_and_others_restart_every_year() -> None:
    council = document(
        number=parse_number("45/2025/NQ-HĐND"), issuer=Issuer("HĐND", "Hội đồng nhân dân", "tỉnh", "Bình Thuận")
    )
    cited = find_documents("Nghị quyết 45/2025/NQ-HĐND của HĐND tỉnh Bình Thuận")[0]
    assert cited.identity == council.identity
    decision = document(number=parse_number("123/QĐ-UBND"), type=DocType.QUYET_DINH)
    assert decision.identity.period == "2025"
    assert (
        decision.identity
        != document(number=parse_number("123/QĐ-UBND"), type=DocType.QUYET_DINH, issue_date=date(2024, 3, 5)).identity
    )


def test_other_places_and_bodies_are_other_documents() -> None:
    assert document().identity != document(issuer=Issuer("HU", "Huyện ủy", "huyện", "Tuy Phước")).identity
    assert document().identity != document(type=DocType.KET_LUAN).identity
    assert document().identity == document(issuer=Issuer("HU", "Huyện uỷ", "huyện", "TUY PHONG".title())).identity


def test_doc_types_carry_their_vietnamese_names() -> None:
    assert [t.label for t in (DocType.NGHI_QUYET, DocType.KET_LUAN, DocType.QUYET_DINH, DocType.TO_TRINH)] == [
        "Nghị quyết",
        "Kết luận",
        "Quyết định",
        "Tờ trình",
    ]
    assert document().name == "Nghị quyết số 12-NQ/HU"
