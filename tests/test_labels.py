"""What readers see is Vietnamese, from one vocabulary: kinds, levels, evidence, meeting fields, filter errors; and the
Vietnamese names readers type are read back as kind codes by the feed and the CLI."""

from __future__ import annotations

import re

import pytest

from crawler import labels
from crawler.channels import render
from crawler.feed import KIND_LABELS, MEETING_KIND_LABELS, FilterError, meeting_line, parse_request, view
from crawler.registry import load_registry
from crawler.vocab import AlertKind, MeetingKind

REGISTRY = load_registry()
# Machine words that must never reach a reader: the kind codes and the detector's status words.
CODES = re.compile(r"\b(?:" + "|".join([*MeetingKind, *AlertKind, "held", "future", "cited", "headline"]) + r")\b")


def test_every_kind_has_vietnamese_words_shared_by_feed_and_channels() -> None:
    assert set(labels.MEETING_KINDS) == set(MeetingKind) and set(labels.ALERT_KINDS) == set(AlertKind)
    for words in [*labels.MEETING_KINDS.values(), *labels.ALERT_KINDS.values()]:
        assert not CODES.search(words.long) and not CODES.search(words.short)
    # One table: the feed's long forms and the chat messages' short forms are read from it.
    assert MEETING_KIND_LABELS["council_session"] == "Kỳ họp HĐND"
    assert MEETING_KIND_LABELS["party_committee_conference"] == "Hội nghị Ban Chấp hành / Ban Thường vụ"
    assert render.MEETING_WORDS["party_committee_conference"] == "Hội nghị BCH"
    assert KIND_LABELS["article_edited"] == render.ALERT_WORDS["article_edited"] == "Bài đã sửa"
    assert render.vn_date is labels.vn_date


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("kỳ họp", ("council_session",)),
        ("Ky hop", ("council_session",)),
        ("KỲ HỌP HĐND", ("council_session",)),
        ("kì họp", ("council_session",)),
        ("Kỳ họp Hội đồng nhân dân", ("council_session",)),
        ("đại hội", ("congress",)),
        ("Dai hoi", ("congress",)),
        ("hội nghị", ("party_committee_conference", "review_conference", "briefing")),
        ("Hội nghị BCH", ("party_committee_conference",)),
        ("hội nghị ban thường vụ", ("party_committee_conference",)),
        ("sơ kết", ("review_conference",)),
        ("tổng kết", ("review_conference",)),
        ("giao ban", ("briefing",)),
        ("cuộc họp", ("meeting",)),
        ("bài mới", ("new_article",)),
        ("tin mới", ("new_article",)),
        ("bài bị gỡ", ("article_removed",)),
        ("council_session", ("council_session",)),
        ("new_article", ("new_article",)),
    ],
)
def test_vietnamese_kind_names_are_read_as_codes(name: str, codes: tuple[str, ...]) -> None:
    assert labels.kind_codes(name) == codes


def test_feed_filters_accept_vietnamese_kind_names_and_explain_in_both_languages() -> None:
    req = parse_request({"kind": ["kỳ họp,đại hội", "council_session"]}, REGISTRY)
    assert req.filter.kinds == ("council_session", "congress")
    assert req.query() == "kind=council_session&kind=congress"  # links carry the codes
    with pytest.raises(FilterError) as bad:
        parse_request({"kind": ["họp chợ"]}, REGISTRY)
    assert str(bad.value).startswith("unknown kind họp chợ; use one of: ")
    assert bad.value.vi.startswith("Không có loại họp chợ; hãy chọn một trong: Kỳ họp HĐND, Hội nghị BCH")
    with pytest.raises(FilterError) as bad:
        parse_request({"province": ["Atlantis"]}, REGISTRY)
    assert bad.value.vi.startswith("Không có cổng nào ở tỉnh Atlantis; có: ")
    with pytest.raises(FilterError) as bad:
        parse_request({"since": ["hôm qua"]}, REGISTRY)
    assert bad.value.vi == "Ngày 'hôm qua' không hợp lệ; hãy viết theo dạng năm-tháng-ngày, ví dụ 2025-07-01."


def test_evidence_levels_and_meeting_fields_in_vietnamese() -> None:
    assert labels.evidence("held: tổ chức") == "đã diễn ra: tổ chức"
    assert labels.evidence("held: headline") == "đã diễn ra: theo tiêu đề"
    assert labels.evidence("future: sẽ/dự kiến") == "sắp diễn ra: sẽ/dự kiến"
    assert labels.evidence("kỳ họp thứ 9") == "kỳ họp thứ 9"  # the quoted phrase stays as written
    assert labels.level("district") == "Cấp huyện"
    meeting = {
        "kind": "party_committee_conference",
        "ordinal": 9,
        "term": "khóa XX",
        "body": "Ban Chấp hành Đảng bộ huyện",
        "level": "district",
        "date": "2022-07-11",
        "chair": None,
        "period": None,
        "confidence": 0.93,
        "evidence": ["kỳ họp lần thứ 9", "held: tổ chức", "Sáng ngày 11/7/2022"],
    }
    assert labels.meeting_facts(meeting) == [
        ("Loại", "Hội nghị Ban Chấp hành / Ban Thường vụ"),
        ("Lần thứ", "9"),
        ("Khóa", "khóa XX"),
        ("Cơ quan", "Ban Chấp hành Đảng bộ huyện"),
        ("Cấp", "Cấp huyện"),
        ("Ngày họp", "11/7/2022"),
        ("Độ tin cậy", "93%"),
    ]
    assert meeting_line(meeting) == (
        "Hội nghị Ban Chấp hành / Ban Thường vụ · lần thứ 9 · Ban Chấp hành Đảng bộ huyện · khóa XX"
        " · ngày họp 11/7/2022"
    )
    entry = {
        "id": "alert:7",
        "kind": "meeting",
        "time": "2022-07-11T09:30:00+00:00",
        "portal": "sim-tanhong",
        "alert_id": 7,
        "article": {"title": "Kỳ họp lần thứ 9", "is_meeting_report": True, "meeting": meeting, "lead": "Sáng 11/7."},
    }
    v = view(entry, REGISTRY)
    shown = [
        v["kind_label"],
        v["meeting_line"],
        v["summary"],
        *v["evidence"],
        *(t for row in v["meeting_facts"] for t in row),
    ]
    assert not [text for text in shown if CODES.search(text)], "a machine word reaches the reader"
    assert v["evidence"] == ["kỳ họp lần thứ 9", "đã diễn ra: tổ chức", "Sáng ngày 11/7/2022"]
    assert v["meeting"]["kind"] == "party_committee_conference"  # machine keys stay for JSON readers
