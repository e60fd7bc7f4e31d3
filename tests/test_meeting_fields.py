"""The fields of a held meeting: its date (year from what the page shows), body and level, kind, number,
term and chair.

Sentences written for these tests (not taken from any corpus).
"""

from __future__ import annotations

import pytest

from crawler.meetings import Reason, annotate_record, judge


# --- the meeting's date comes from what the page shows -----------------------------------------------------
@pytest.mark.parametrize(
    ("record", "when", "source"),
    [
        (
            {
                "title": "Kỳ họp thứ 2 HĐND tỉnh khóa X",
                "text": "14/07/2021 - 09:12\nTrong 2 ngày 12 và 13-7, HĐND "
                "tỉnh khóa X tổ chức kỳ họp thứ 2 để xem xét các nghị quyết về ngân sách.",
            },
            "2021-07-12",
            "stamp",
        ),
        (
            {
                "title": "Huyện ủy sơ kết 6 tháng",
                "text": "Chiều 9/7, Huyện ủy Bảo Lâm tổ chức hội nghị sơ kết công "
                "tác 6 tháng đầu năm 2021, triển khai nhiệm vụ 6 tháng cuối năm.",
            },
            "2021-07-09",
            "phrase",
        ),
        (
            {
                "title": "Kỳ họp thứ 9 HĐND huyện",
                "text": "Ngày 20/12, HĐND huyện Krông Nô khóa XI tổ chức kỳ họp thứ 9.",
                "url": "https://krongno.example.vn/2019/12/ky-hop-thu-9/",
            },
            "2019-12-20",
            "url",
        ),
        (
            {
                "title": "Kỳ họp thứ 9 HĐND huyện",
                "text": "Ngày 20/12, HĐND huyện Krông Nô khóa XI tổ chức kỳ họp thứ 9.",
                "published": "2020-01-02",
            },
            "2019-12-20",
            "published",
        ),
        # Never a year from a term or a weekday: no year shown, no date.
        (
            {
                "title": "Hội nghị Ban Thường vụ Huyện ủy",
                "text": "Thứ Hai, ngày 5/8, Ban Thường vụ Huyện ủy khóa XX, "
                "nhiệm kỳ 2020-2025 tổ chức hội nghị thường kỳ.",
            },
            None,
            None,
        ),
        # A held date after the publication by more than a day is a typo: refused.
        (
            {
                "title": "Kỳ họp thứ 12 HĐND huyện",
                "text": "Ngày 31/12/2026, HĐND huyện khóa XX khai mạc kỳ họp thứ 12.",
                "published": "2026-01-02",
            },
            None,
            None,
        ),
        # A whole year named later in the lead holds the date; it does not push it to the next year.
        (
            {
                "title": "HĐND phường Tân Mai họp kỳ thứ 14",
                "text": "Sáng 22/4, HĐND phường Tân Mai khóa XII, nhiệm kỳ 2021-2026 tổ chức kỳ họp thứ 14. Kỳ họp "
                "cho ý kiến về Đề án sắp xếp đơn vị hành chính năm 2025.",
            },
            "2025-04-22",
            "phrase",
        ),
        # The lead's own sentences come before the headline's: "năm 2026" in a headline is the year ahead.
        (
            {
                "title": "Những việc cần làm ngay trong năm 2026",
                "text": "Ngày 15/1, Ban Thường vụ Tỉnh ủy tổ chức hội nghị tổng kết. Năm 2025, tỉnh hoàn thành 20/22 "
                "chỉ tiêu.",
            },
            "2026-01-15",
            "phrase",
        ),
        # No period anywhere: a full date further down the lead gives the year ...
        (
            {
                "title": "HĐND tỉnh bầu bổ sung Phó Chủ tịch",
                "text": "Ngày 9/7, HĐND tỉnh Hà Tĩnh khóa XVIII tổ chức kỳ họp thứ 30.\n\nCác đại biểu nghe thông báo "
                "Nghị quyết số 1500/NQ-UBTVQH15 ngày 30/6/2025 của Ủy ban Thường vụ Quốc hội.",
            },
            "2025-07-09",
            "phrase",
        ),
        # ... but not the date of the document the meeting's own sentence reviews.
        (
            {
                "title": "Tổng kết Nghị quyết về tinh gọn bộ máy",
                "text": "Sáng 21/12, Ban Thường vụ Huyện ủy tổ chức hội nghị tổng kết Nghị quyết số 18 ngày 25-10-2017 "
                "của Ban Chấp hành Trung ương Đảng.",
            },
            None,
            None,
        ),
        # A URL whose slug ends on a timestamp id.
        (
            {
                "title": "Đại hội Đảng bộ xã An Hòa",
                "text": "Ngày 21/7, Đảng bộ xã An Hòa tổ chức Đại hội đại biểu lần thứ XXV, nhiệm kỳ 2020-2025.",
                "url": "https://news.example.vn/ong-a-tai-dac-cu-bi-thu-20200722170915021.htm",
            },
            "2020-07-21",
            "url",
        ),
    ],
    ids=[
        "page-stamp",
        "dated-phrase",
        "url-path",
        "publication",
        "term-and-weekday",
        "typo-after-publication",
        "whole-year-phrase",
        "lead-before-headline",
        "full-date-further-down",
        "reviewed-document-date",
        "url-timestamp",
    ],
)
def test_meeting_date_year_from_the_page(record: dict, when: str | None, source: str | None) -> None:
    out = annotate_record(record)
    assert out["is_meeting_report"] is True, out
    assert (out["meeting_date"], out["meeting_date_source"]) == (when, source)


def test_question_words_alone_need_a_held_session() -> None:
    """A headline opening on "Chất vấn" is a report only when its lead says a session asked the questions."""
    comment = judge(
        "Chất vấn và trả lời chất vấn: cần làm rõ trách nhiệm",
        "Hoạt động chất vấn ngày càng thực chất, nhưng vẫn còn tình trạng trả lời vòng vo.",
    )
    assert comment.meeting is None and comment.reason is Reason.NOT_REPORTED
    report = judge(
        "Chất vấn Giám đốc Sở Y tế về thiếu thuốc",
        "Sáng 10/12/2024, tại Kỳ họp thứ 20, HĐND tỉnh khóa XVIII tiến hành chất vấn Giám đốc Sở Y tế.",
    ).meeting
    assert report is not None and (report.kind, report.ordinal, report.status) == ("council_session", 20, "held")


# --- who held it: the body as readers name it, and its level -------------------------------------------------
# (id, title, text, body, level)
BODIES = [
    # The Party's national congress and the Central Committee's plenums, however the press shortens them.
    (
        "national-congress",
        "",
        "Sáng 20/1/2031, Đại hội đại biểu toàn quốc lần thứ XV của Đảng khai mạc trọng thể tại Hà Nội.",
        "Đảng Cộng sản Việt Nam",
        None,
    ),
    (
        "national-congress-short",
        "",
        "Chiều 23/1/2031, Đại hội XV của Đảng họp phiên bế mạc.",
        "Đảng Cộng sản Việt Nam",
        None,
    ),
    (
        "plenum-by-number",
        "",
        "Sáng 12/5/2027, Hội nghị Trung ương 4 khóa XIV bước sang ngày làm việc thứ hai.",
        "Ban Chấp hành Trung ương Đảng",
        None,
    ),
    (
        "central-committee-new-term",
        "",
        "Chiều 24/1/2031, Ban Chấp hành Trung ương Đảng khóa mới đã tiến hành Hội nghị lần thứ nhất.",
        "Ban Chấp hành Trung ương Đảng",
        None,
    ),
    # The National Assembly named after a comma; a border guard's party organisation.
    (
        "national-assembly-session",
        "",
        "Sáng 21/5/2027, Kỳ họp thứ 3, Quốc hội khóa XVI khai mạc tại Nhà Quốc hội.",
        "Quốc hội",
        None,
    ),
    (
        "border-guard-congress",
        "",
        "Ngày 9/7/2025, Đại hội đại biểu Đảng bộ Bộ đội Biên phòng tỉnh Lạng Sơn lần thứ XIII đã bế mạc.",
        "Đảng bộ Bộ đội Biên phòng tỉnh Lạng Sơn",
        "province",
    ),
    # "TP.X" spelt out with its place; a centrally-run city is a province.
    (
        "city-abbreviation-dot",
        "",
        "Sáng 14/10/2025, Đảng bộ TP.Hải Phòng tổ chức Đại hội đại biểu lần thứ I, nhiệm kỳ 2025-2030.",
        "Đảng bộ thành phố Hải Phòng",
        "province",
    ),
    # The subject keeps its term after a comma, and "Hôm nay," opens the sentence like a date.
    (
        "subject-with-term-after-comma",
        "",
        "Hôm nay, HĐND tỉnh Bình Phước khóa X, nhiệm kỳ 2021-2026 khai mạc kỳ họp thứ 20.",
        "Hội đồng nhân dân tỉnh Bình Phước",
        "province",
    ),
    # Meeting nouns used as the verb, and "có cuộc họp".
    (
        "briefing-as-verb",
        "",
        "Sáng 6/11/2025, Thường trực HĐND xã Tân Lập giao ban đánh giá kết quả công tác tháng 10.",
        "Thường trực Hội đồng nhân dân xã Tân Lập",
        "commune",
    ),
    (
        "has-a-meeting",
        "",
        "Ngày 5/9/2025, UBND tỉnh Cao Bằng có cuộc họp thường kỳ tháng 8 để đánh giá tình hình kinh tế.",
        "Ủy ban nhân dân tỉnh Cao Bằng",
        "province",
    ),
    # The place of a body named without it, read off "UBND xã X" elsewhere in the lead.
    (
        "place-after-people-s-committee",
        "Hội nghị giao ban giữa UBND xã với các thôn quý IV năm 2025",
        "Chiều 8/12/2025, tại hội trường UBND xã Hòa An, hội nghị giao ban giữa UBND xã với các thôn đã diễn ra.",
        "Ủy ban nhân dân xã Hòa An",
        "commune",
    ),
    # Presidiums, election committees and inspection commissions are bodies of their own.
    (
        "presidium-body",
        "",
        "Sáng 14/1/2027, Ban Thường trực Ủy ban Trung ương MTTQ Việt Nam tổ chức Hội nghị Đoàn Chủ tịch Ủy ban Trung "
        "ương MTTQ Việt Nam lần thứ 8 khóa X.",
        "Đoàn Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
        None,
    ),
    (
        "labour-federation-presidium",
        "",
        "Sáng 20/11/2025, Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam tổ chức hội nghị lần thứ 15.",
        "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam",
        None,
    ),
    (
        "election-committee-body",
        "",
        "Chiều 15/1/2026, Ủy ban Bầu cử tỉnh Lâm Đồng tổ chức phiên họp lần thứ 4.",
        "Ủy ban Bầu cử tỉnh Lâm Đồng",
        "province",
    ),
    (
        "inspection-commission-abbreviation",
        "",
        "Ngày 4/9/2025, UBKT Thành ủy Hải Phòng họp xem xét thi hành kỷ luật đảng viên.",
        "Ủy ban Kiểm tra Thành ủy Hải Phòng",
        "province",
    ),
    # The subject: after "tổ chức trọng thể", named with its country rather than "toàn quốc", a unit's party
    # committee, and a province standing alone.
    (
        "subject-with-adverb",
        "",
        "Sáng 7/8/2025, Đảng bộ Văn phòng Tỉnh ủy tổ chức trọng thể Đại hội đại biểu nhiệm kỳ 2025-2030.",
        "Đảng bộ Văn phòng Tỉnh ủy",
        "province",
    ),
    (
        "national-congress-subject",
        "",
        "Trong 3 ngày (từ 29 - 31/12/2027), Hội Cựu chiến binh Việt Nam tổ chức Đại hội đại biểu Hội CCB toàn quốc lần "
        "thứ VIII.",
        "Hội Cựu chiến binh Việt Nam",
        None,
    ),
    (
        "party-committee-of-a-unit",
        "",
        "Ngày 5/11/2025, Đảng ủy UBND tỉnh Lào Cai tổ chức hội nghị Ban Chấp hành Đảng bộ lần thứ nhất.",
        "Ban Chấp hành Đảng bộ Ủy ban nhân dân tỉnh Lào Cai",
        "province",
    ),
    (
        "province-as-subject",
        "",
        "Sáng 2/10/2025, Lai Châu tổ chức Đại hội Đảng bộ tỉnh lần thứ XV với 300 đại biểu.",
        "Đảng bộ tỉnh Lai Châu",
        "province",
    ),
    # Another sentence of the lead names the meeting the report's sentence leaves bare.
    (
        "body-from-another-sentence",
        "",
        "Phiên họp Chính phủ thường kỳ tháng 5 năm 2026 tại Hà Nội. Dự phiên họp có các Phó Thủ tướng Chính phủ.",
        "Chính phủ",
        None,
    ),
]


@pytest.mark.parametrize(("case", "title", "text", "body", "level"), BODIES, ids=[c[0] for c in BODIES])
def test_body_and_level(case: str, title: str, text: str, body: str, level: str | None) -> None:
    got = judge(title, text).meeting
    assert got is not None and got.status == "held", f"{case}: {got}"
    assert (got.body, got.level) == (body, level)


# --- which meeting: kind, number, term and level ---------------------------------------------------------------
# (id, title, text, expected fields)
FIELD_CASES = [
    # "họp Hội nghị ...": the verb's object is the meeting, with its number and the committee's term.
    (
        "met-in-plenum",
        "",
        "Sáng 23/1/2031, Ban Chấp hành Trung ương Đảng khóa XV họp Hội nghị lần thứ nhất bầu Bộ Chính trị.",
        {"kind": "party_committee_conference", "ordinal": 1, "term": "khóa XV"},
    ),
    # The Government's regular session is a briefing; a briefing that reviews the year stays a briefing.
    (
        "government-regular-session",
        "",
        "Chiều 4/6/2026, Thủ tướng chủ trì Phiên họp Chính phủ thường kỳ tháng 5/2026.",
        {"kind": "briefing"},
    ),
    (
        "briefing-that-reviews",
        "",
        "Sáng 10/12/2025, Đảng ủy phường Hòa Khánh tổ chức Hội nghị giao ban khối Nội chính nhằm tổng kết công tác "
        "năm 2025.",
        {"kind": "briefing"},
    ),
    # An inspection commission's sitting and mass organisations' committees are no party plenums.
    (
        "inspection-commission-sitting",
        "",
        "Ngày 3/3/2025, Ủy ban Kiểm tra Tỉnh ủy tổ chức kỳ họp thứ 40 xem xét thi hành kỷ luật đảng viên.",
        {"kind": "other_meeting", "ordinal": 40},
    ),
    (
        "women-union-committee-bracketed",
        "",
        "Chiều 2/8/2025, Hội Liên hiệp phụ nữ (LHPN) xã Tân Hòa tổ chức Hội nghị Ban Chấp hành lần thứ hai, nhiệm kỳ "
        "2021-2026.",
        {"kind": "other_meeting", "ordinal": 2},
    ),
    (
        "labour-federation-committee",
        "",
        "Tổng Liên đoàn Lao động Việt Nam vừa tổ chức Hội nghị Ban Chấp hành Tổng Liên đoàn lần thứ 9 (khóa XIII).",
        {"kind": "other_meeting", "ordinal": 9},
    ),
    (
        "mass-organisation-central-committee",
        "",
        "Sáng 5/9/2025, Ban Chấp hành Trung ương Hội Nông dân Việt Nam khóa VIII tổ chức Hội nghị lần thứ 12.",
        {"kind": "other_meeting", "ordinal": 12},
    ),
    # A bare "Dự phiên họp có ..." takes its kind from the sentence that named the session before it.
    (
        "kind-named-before",
        "",
        "Phiên họp Ủy ban nhân dân tỉnh thường kỳ tháng 4 năm 2026 tại trụ sở tỉnh có nhiều nội dung.\n\nDự phiên "
        "họp có các Phó Chủ tịch UBND tỉnh và giám đốc các sở.",
        {"kind": "briefing"},
    ),
    # Ordinals: a Roman numeral without "thứ", an address before the number, a caption naming the number.
    (
        "roman-ordinal-without-thu",
        "",
        "Chiều 2-10-2025, Đại hội đại biểu Đảng bộ tỉnh Quảng Ngãi lần I, nhiệm kỳ 2025-2030 họp phiên trù bị.",
        {"kind": "congress", "ordinal": 1},
    ),
    (
        "address-before-ordinal",
        "",
        "Ngày 5/1/2025, Đại hội Đảng bộ xã Hòa Bình, huyện Tây Hòa, tỉnh Phú Yên lần thứ XVII, nhiệm kỳ 2025-2030 đã "
        "diễn ra.",
        {"ordinal": 17, "term": "nhiệm kỳ 2025-2030"},
    ),
    (
        "ordinal-from-caption",
        "HĐND xã Hòa Thắng thông qua 10 nghị quyết",
        "Chiều 22/12/2025, HĐND xã Hòa Thắng khóa I tổ chức kỳ họp thường lệ cuối năm 2025.\n\nKỳ họp thứ 5 HĐND xã "
        "Hòa Thắng khóa I, nhiệm kỳ 2021-2026 đã thông qua 10 nghị quyết quan trọng.",
        {"kind": "council_session", "ordinal": 5},
    ),
    # Terms: from a later sentence naming the same congress, and after "TP." in the body.
    (
        "term-from-later-sentence",
        "",
        "Sáng 17/10/2025, Đại hội đại biểu Đảng bộ tỉnh Bạc Liêu khai mạc.\n\nĐại hội đại biểu Đảng bộ tỉnh Bạc Liêu "
        "lần thứ XVI, nhiệm kỳ 2025-2030 có 350 đại biểu.",
        {"ordinal": 16, "term": "nhiệm kỳ 2025-2030"},
    ),
    (
        "term-after-city-abbreviation",
        "",
        "Kỳ họp thứ 7 HĐND TP. Cần Thơ khóa X đã thông qua 20 nghị quyết.",
        {"ordinal": 7, "term": "khóa X", "level": "province"},
    ),
    # Levels: a province named bare, a ward abbreviated, and the youth union named after Hồ Chí Minh.
    (
        "bare-province-name",
        "",
        "Sáng 17/10/2025, Đại hội đại biểu Đảng bộ Bạc Liêu lần thứ XVI khai mạc.",
        {"level": "province"},
    ),
    (
        "ward-abbreviation",
        "",
        "Ngày 5.8.2025, tại hội trường tỉnh diễn ra Đại hội đại biểu P.Tân An lần thứ I, nhiệm kỳ 2025-2030.",
        {"level": "commune"},
    ),
    (
        "youth-union-not-the-city",
        "",
        "Sáng 14/12/2027, Đại hội đại biểu toàn quốc Đoàn TNCS Hồ Chí Minh lần thứ XIII khai mạc.",
        {"kind": "congress", "ordinal": 13, "level": None},
    ),
]


@pytest.mark.parametrize(("case", "title", "text", "want"), FIELD_CASES, ids=[c[0] for c in FIELD_CASES])
def test_meeting_fields(case: str, title: str, text: str, want: dict) -> None:
    got = judge(title, text).meeting
    assert got is not None and got.status == "held", f"{case}: {got}"
    assert {k: getattr(got, k) for k in want} == want


# --- who chaired it ------------------------------------------------------------------------------------------
# (id, title, text, chair)
CHAIRS = [
    (
        "chair-named-after-colon",
        "",
        "Sáng 21/9/2025, Đại hội đại biểu Đảng bộ tỉnh Gia Lai lần thứ I tiến hành phiên trù bị. Chủ trì điều hành "
        "phiên trù bị có: Ông Trần Văn An - Phó Bí thư Tỉnh ủy.",
        "Trần Văn An",
    ),
    (
        "co-chairs-first-named",
        "",
        "Chiều 3/4/2025, HĐND tỉnh khai mạc kỳ họp thứ 25.\n\nĐồng chí Lê Minh Tâm, Chủ tịch HĐND tỉnh và đồng chí "
        "Phạm Văn Bình, Phó Chủ tịch HĐND tỉnh chủ trì kỳ họp.",
        "Lê Minh Tâm",
    ),
    (
        "chaired-by-of",
        "",
        "Ngày 10/12/2029, Kỳ họp thứ 8 Quốc hội khóa XVI diễn ra tại Nhà Quốc hội dưới sự chủ trì của Chủ tịch Quốc "
        "hội Nguyễn Văn Đức.",
        "Nguyễn Văn Đức",
    ),
    (
        "chair-marked-in-brackets",
        "",
        "Sáng 11/12/2025, Đảng ủy phường An Phú tổ chức Hội nghị giao ban khối Nội chính.\nDự hội nghị có đồng chí "
        "Trần Thị Mai – Phó Bí thư Thường trực Đảng ủy phường (chủ trì).",
        "Trần Thị Mai",
    ),
    (
        "name-after-place",
        "",
        "Sáng 28/10/2025, HĐND tỉnh Tây Ninh tổ chức kỳ họp thứ 5. Chủ tịch HĐND tỉnh Tây Ninh Nguyễn Văn Hòa chủ "
        "trì kỳ họp.",
        "Nguyễn Văn Hòa",
    ),
    (
        "presidium-is-no-person",
        "",
        "Chiều 18/7/2025, Đại hội Đảng bộ phường Xuân Hương lần thứ I đã khai mạc. Đoàn Chủ tịch điều hành Đại hội.",
        None,
    ),
    # A short sentence with its full stop is the lead, not a caption.
    (
        "short-sentence-chair-kept",
        "",
        "Sáng 8/10/2030, Hội nghị lần thứ 5 Ban Chấp hành Trung ương Đảng khóa XV đã bế mạc.\n\nTổng Bí thư Lê Văn Hải "
        "chủ trì Hội nghị.",
        "Lê Văn Hải",
    ),
]


@pytest.mark.parametrize(("case", "title", "text", "chair"), CHAIRS, ids=[c[0] for c in CHAIRS])
def test_chair(case: str, title: str, text: str, chair: str | None) -> None:
    got = judge(title, text).meeting
    assert got is not None and got.status == "held", f"{case}: {got}"
    assert got.chair == chair
