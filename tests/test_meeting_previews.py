"""Announcement or report: tense, aspect and the page's own date.

A preview reads like a report with its verb left tenseless ("Sáng 14/10, Đại hội ... tiến hành phiên trù
bị"): what tells it apart is the page's date (the meeting lies ahead of it), a future marker ("sẽ",
"dự kiến", "ngày mai", "chuẩn bị"), or an eve-of-opening headline ("Trước giờ khai mạc ...", "Tất cả đã
sẵn sàng ..."). A report stays held when its verb is perfective ("đã tổ chức thành công"), when it is
published the day after, or when only its later plans lie ahead ("Đại hội sẽ bế mạc vào chiều 16/10").

Sentences written for these tests (not taken from any corpus).
"""

from __future__ import annotations

from datetime import date

import pytest

from crawler.meetings import Reason, judge

# (id, title, text, published, kind, ordinal, planned date): one future meeting, announced.
ANNOUNCED = [
    (
        "date-ahead-of-publication",
        "",
        "Sáng 14/10, tại Trung tâm Hội nghị tỉnh, Đại hội đại biểu Đảng bộ tỉnh Bắc Ninh lần thứ I, nhiệm kỳ 2025-2030 "
        "tiến hành phiên trù bị.",
        date(2025, 10, 12),
        "congress",
        1,
        date(2025, 10, 14),
    ),
    (
        "headline-date-ahead",
        "Kỳ họp thứ 30 HĐND tỉnh Quảng Trị khóa VIII khai mạc ngày 9/12",
        "",
        date(2025, 12, 5),
        "council_session",
        30,
        date(2025, 12, 9),
    ),
    (
        "full-date-ahead",
        "",
        "Ngày 20/9/2025, Hội Liên hiệp Phụ nữ tỉnh Đồng Nai tổ chức Đại hội đại biểu Phụ nữ tỉnh lần thứ I, nhiệm kỳ "
        "2025-2030.",
        date(2025, 9, 16),
        "congress",
        1,
        date(2025, 9, 20),
    ),
    (
        "range-ahead",
        "Đại hội Đảng bộ tỉnh Điện Biên lần thứ XV diễn ra từ ngày 22 đến 24/9",
        "",
        date(2025, 9, 19),
        "congress",
        15,
        date(2025, 9, 22),
    ),
    (
        "tomorrow-opens",
        "Ngày mai khai mạc Đại hội đại biểu Đảng bộ tỉnh Lào Cai lần thứ I",
        "",
        date(2025, 9, 24),
        "congress",
        1,
        date(2025, 9, 25),
    ),
    (
        "unaccented-tomorrow",
        "Ngay mai khai mac Dai hoi Dang bo tinh Lao Cai lan thu I",
        "",
        date(2025, 9, 24),
        "congress",
        1,
        date(2025, 9, 25),
    ),
    (
        "upper-case-tomorrow-morning",
        "SÁNG MAI, KHAI MẠC KỲ HỌP THỨ 12 HĐND TỈNH HÀ GIANG",
        "",
        date(2025, 7, 8),
        "council_session",
        12,
        date(2025, 7, 9),
    ),
    (
        "agenda-in-the-lead",
        "Kỳ họp thứ 10 HĐND tỉnh Cà Mau: Xem xét 35 nội dung quan trọng",
        "Kỳ họp thứ 10 HĐND tỉnh Cà Mau khóa I diễn ra trong 2 ngày 11 và 12/12. Theo chương trình, sáng 11/12, kỳ "
        "họp khai mạc; các đại biểu sẽ thảo luận, thông qua 35 nghị quyết.",
        date(2025, 12, 8),
        "council_session",
        10,
        date(2025, 12, 11),
    ),
    (
        "preparation-complete",
        "Hoàn tất công tác chuẩn bị Đại hội Đảng bộ phường Sài Gòn",
        "Ngày 10/8, Ban Tổ chức cho biết, Đại hội đại biểu Đảng bộ phường Sài Gòn lần thứ I, nhiệm kỳ 2025-2030 sẽ "
        "khai mạc vào sáng 14/8.",
        date(2025, 8, 10),
        "congress",
        1,
        date(2025, 8, 14),
    ),
    (
        "expected-length-only",
        "Đại hội đại biểu Hội Nông dân tỉnh Quảng Ngãi lần thứ XI dự kiến diễn ra trong 2 ngày",
        "",
        date(2025, 8, 1),
        "congress",
        11,
        None,
    ),
    (
        "closes-today",
        "Hôm nay, Quốc hội bế mạc Kỳ họp thứ 10",
        "Hôm nay (11/12), Quốc hội khóa XV sẽ họp phiên bế mạc Kỳ họp thứ 10.",
        date(2025, 12, 11),
        "other_meeting",
        10,
        date(2025, 12, 11),
    ),
    (
        "news-then-later-dates",
        "",
        "Ngày 10/10, Ban Tuyên giáo và Dân vận Tỉnh ủy Lâm Đồng cho biết Đại hội đại biểu Đảng bộ tỉnh lần thứ I diễn "
        "ra từ ngày 14 đến 16/10.",
        date(2025, 10, 10),
        "congress",
        1,
        date(2025, 10, 14),
    ),
    (
        "comment-then-dated-ahead",
        "",
        "Đại hội đại biểu Đảng bộ xã Tân Hòa lần thứ I, nhiệm kỳ 2025-2030 là sự kiện chính trị quan trọng. Đại hội "
        "diễn ra trong ngày 5/8/2025 tại Hội trường xã.",
        date(2025, 8, 1),
        "congress",
        1,
        date(2025, 8, 5),
    ),
    (
        "this-afternoon-will-open",
        "Chiều nay, khai mạc Kỳ họp thứ 22 HĐND tỉnh Lạng Sơn",
        "Theo chương trình, chiều nay (9/12), HĐND tỉnh Lạng Sơn khóa XVII sẽ khai mạc Kỳ họp thứ 22 tại Hội trường "
        "Trung tâm Hội nghị tỉnh.",
        date(2025, 12, 9),
        "council_session",
        22,
        date(2025, 12, 9),
    ),
    (
        "commune-session-ahead",
        "HĐND xã Đông Hưng khóa I tổ chức kỳ họp thứ 6",
        "Ngày 26/12, HĐND xã Đông Hưng khóa I tổ chức kỳ họp thứ 6 để quyết định dự toán ngân sách năm 2026.",
        date(2025, 12, 22),
        "council_session",
        6,
        date(2025, 12, 26),
    ),
]

ANNOUNCED += [
    (
        "next-tuesday",
        "Thứ Ba tới, HĐND tỉnh khai mạc Kỳ họp thứ 30",
        "",
        date(2025, 12, 4),
        "council_session",
        30,
        None,
    ),
    (
        "convened-by-the-city-council",
        "HĐND thành phố Đà Nẵng triệu tập kỳ họp thứ 25",
        "Thường trực HĐND thành phố vừa ban hành quyết định triệu tập Kỳ họp thứ 25 HĐND thành phố khóa X vào ngày "
        "10/12/2025.",
        date(2025, 12, 1),
        "council_session",
        25,
        date(2025, 12, 10),
    ),
    (
        "unaccented-will-open",
        "Ky hop thu 9 HDND huyen se khai mac ngay 20/12",
        "",
        date(2025, 12, 15),
        "council_session",
        9,
        date(2025, 12, 20),
    ),
]

# Eve-of-opening pieces and press briefings before one meeting announce the meeting their headline names.
ANNOUNCED += [
    (
        "eve-headline-names-the-congress",
        "Rực rỡ cờ hoa chào mừng Đại hội đại biểu Đảng bộ tỉnh Thái Nguyên lần thứ I",
        "Những ngày này, các tuyến phố trung tâm được trang hoàng cờ, hoa, băng rôn, khẩu hiệu.",
        date(2025, 10, 10),
        "congress",
        1,
        None,
    ),
    (
        "press-briefing-before",
        "Tỉnh ủy Lạng Sơn họp báo thông tin về Đại hội đại biểu Đảng bộ tỉnh lần thứ XVIII",
        "Chiều 6/10, Tỉnh ủy Lạng Sơn tổ chức họp báo cung cấp thông tin về Đại hội; Đại hội diễn ra từ ngày 9 đến "
        "11/10.",
        date(2025, 10, 6),
        "congress",
        18,
        date(2025, 10, 9),
    ),
    (
        "preparing-headline",
        "Huyện Châu Thành tích cực chuẩn bị Đại hội Đảng bộ huyện lần thứ XIII",
        "Công tác chuẩn bị văn kiện, nhân sự đang được triển khai khẩn trương, đúng tiến độ.",
        date(2025, 5, 3),
        "congress",
        13,
        None,
    ),
]

# (id, title, text, published): previews with no one meeting to announce, or no date to hold it to.
PREVIEWS = [
    (
        "eve-atmosphere",
        "Trước giờ khai mạc Đại hội Đảng bộ tỉnh Phú Thọ lần thứ I",
        "Những ngày này, khắp các tuyến phố của tỉnh rực rỡ cờ hoa chào mừng Đại hội.",
        None,
    ),
    (
        "all-ready",
        "Tất cả đã sẵn sàng cho Kỳ họp thứ 10 HĐND thành phố Đà Nẵng",
        "Công tác chuẩn bị cho Kỳ họp thứ 10 HĐND thành phố khóa X đã hoàn tất.",
        None,
    ),
    (
        "night-before",
        "Đêm trước Đại hội Đảng bộ xã Hòa Tiến lần thứ I",
        "Tối 20/7, hội trường Đảng ủy xã vẫn sáng đèn, các tiểu ban rà soát lần cuối tài liệu Đại hội.",
        None,
    ),
    (
        "on-the-threshold",
        "Rộn ràng trước thềm Đại hội Đảng bộ tỉnh Thái Nguyên",
        "Sáng 10/10, nhiều tuyến đường trung tâm đã được trang trí cờ hoa; Đại hội diễn ra từ ngày 12 đến 14/10.",
        date(2025, 10, 10),
    ),
    (
        "welcoming-the-congress",
        "Quảng Ngãi rực rỡ cờ hoa chào mừng Đại hội Đảng bộ tỉnh",
        "Sáng 28/9, các tuyến phố trung tâm tỉnh Quảng Ngãi được trang hoàng cờ, hoa, băng rôn chào mừng Đại hội.",
        date(2025, 9, 28),
    ),
    (
        "counting-down",
        "Đếm ngược đến Kỳ họp thứ 9 Quốc hội",
        "Chỉ còn ba ngày nữa, Kỳ họp thứ 9 Quốc hội khóa XV sẽ khai mạc tại Nhà Quốc hội.",
        None,
    ),
    (
        "everything-ready-lead",
        "Thành phố Huế trước ngày hội lớn",
        "Ngày 30/9, công tác chuẩn bị cho Đại hội đại biểu Đảng bộ thành phố Huế lần thứ XVII đã cơ bản hoàn tất.",
        date(2025, 9, 30),
    ),
]

# (id, title, text, published, reason): another event held in honour of a meeting ahead announces nothing.
OCCASIONS = [
    (
        "ground-breaking-in-honour",
        "Đồng loạt khởi công 4 công trình trọng điểm",
        "Chào mừng Đại hội đại biểu toàn quốc lần thứ XIV của Đảng, sáng 10/1, TP Đà Nẵng tổ chức lễ khởi công 4 "
        "công trình trọng điểm.",
        date(2026, 1, 10),
        Reason.CEREMONY,
    ),
    (
        "press-conference-on-results",
        "Họp báo thông tin kết quả Đại hội đại biểu Đảng bộ tỉnh lần thứ XVIII",
        "Chiều 12/10, ngay sau phiên bế mạc, Tỉnh ủy Lạng Sơn tổ chức họp báo thông tin kết quả Đại hội.",
        date(2025, 10, 12),
        Reason.OTHER_EVENT,
    ),
]

# (id, title, text, published, kind, meeting date): reports that stay held.
HELD = [
    (
        "published-next-day",
        "",
        "Sáng 14/10, Đại hội đại biểu Đảng bộ tỉnh Bắc Ninh lần thứ I khai mạc.",
        date(2025, 10, 15),
        "congress",
        date(2025, 10, 14),
    ),
    (
        "published-same-day",
        "",
        "Sáng nay (14/10), Đại hội đại biểu Đảng bộ tỉnh Bắc Ninh lần thứ I khai mạc tại Trung tâm Hội nghị tỉnh.",
        date(2025, 10, 14),
        "congress",
        date(2025, 10, 14),
    ),
    (
        "closing-still-ahead",
        "",
        "Sáng 14/10, Đại hội đại biểu Đảng bộ tỉnh Bắc Ninh lần thứ I khai mạc. Đại hội sẽ bế mạc vào chiều 16/10.",
        date(2025, 10, 14),
        "congress",
        date(2025, 10, 14),
    ),
    (
        "one-day-of-slack",
        "",
        "Sáng 14/7/2020, Đại hội đại biểu Đảng bộ quận Ninh Kiều lần thứ XII khai mạc.",
        date(2020, 7, 13),
        "congress",
        date(2020, 7, 14),
    ),
    (
        "year-turn",
        "",
        "Ngày 31/12, HĐND huyện Gio Linh khóa XII khai mạc kỳ họp thứ 15.",
        date(2026, 1, 2),
        "council_session",
        date(2025, 12, 31),
    ),
    (
        "preparatory-meeting",
        "",
        "Sáng 20/11, Thường trực HĐND huyện Ba Tơ họp để chuẩn bị Kỳ họp thứ 10 HĐND huyện khóa XII.",
        date(2025, 11, 21),
        "other_meeting",
        date(2025, 11, 20),
    ),
    (
        "next-session-planned",
        "",
        "Sáng 5/7, HĐND tỉnh Yên Bái khóa XIX khai mạc Kỳ họp thứ 22. Kỳ họp tiếp theo dự kiến tổ chức vào tháng 12.",
        date(2025, 7, 5),
        "council_session",
        date(2025, 7, 5),
    ),
    (
        "this-afternoon-done",
        "Chiều nay, Đại hội Đảng bộ tỉnh Tuyên Quang tiến hành phiên trù bị",
        "Chiều nay (23/9), tại Trung tâm Hội nghị tỉnh, Đại hội đại biểu Đảng bộ tỉnh Tuyên Quang lần thứ I đã tiến "
        "hành phiên trù bị.",
        date(2025, 9, 23),
        "congress",
        date(2025, 9, 23),
    ),
    (
        "tomorrow-in-a-later-sentence",
        "",
        "Sáng 9/12, Kỳ họp thứ 25 HĐND tỉnh Bình Định khai mạc. Ngày mai, kỳ họp tiếp tục với phiên chất vấn.",
        date(2025, 12, 9),
        "council_session",
        date(2025, 12, 9),
    ),
    (
        "plans-for-next-year",
        "",
        "Chiều 26/12, Đảng ủy xã Mỹ Phước tổ chức hội nghị tổng kết năm 2025, triển khai nhiệm vụ năm 2026; năm tới, "
        "xã sẽ tập trung xây dựng nông thôn mới nâng cao.",
        date(2025, 12, 27),
        "review_conference",
        date(2025, 12, 26),
    ),
    (
        "welcoming-an-anniversary",
        "Đại hội Đảng bộ xã Phú Mỹ thành công tốt đẹp",
        "Ngày 12/7, trong không khí phấn khởi chào mừng 95 năm Ngày thành lập Đảng, Đảng bộ xã Phú Mỹ tổ chức Đại hội "
        "đại biểu lần thứ I.",
        date(2025, 7, 13),
        "congress",
        date(2025, 7, 12),
    ),
    (
        "ready-headline-over-report",
        "Đảng bộ xã Phú Lộc sẵn sàng bước vào nhiệm kỳ mới",
        "Ngày 5/8/2025, Đảng bộ xã Phú Lộc đã tổ chức thành công Đại hội đại biểu lần thứ I, nhiệm kỳ 2025-2030.",
        date(2025, 8, 6),
        "congress",
        date(2025, 8, 5),
    ),
    (
        "deadline-ahead-in-a-report",
        "",
        "Ban Thường vụ Tỉnh ủy Hưng Yên vừa họp cho ý kiến về đề án sắp xếp trường học. Đề án phải hoàn thành trước "
        "ngày 31/12.",
        date(2025, 12, 1),
        "party_committee_conference",
        None,
    ),
]


@pytest.mark.parametrize(
    ("case", "title", "text", "published", "kind", "ordinal", "when"), ANNOUNCED, ids=[c[0] for c in ANNOUNCED]
)
def test_preview_of_one_meeting_is_announced(
    case: str, title: str, text: str, published: date, kind: str, ordinal: int, when: date | None
) -> None:
    verdict = judge(title, text, published=published)
    got = verdict.meeting
    assert got is not None, f"{case}: rejected as {verdict.reason}"
    assert (got.status, got.kind, got.ordinal, got.meeting_date) == ("announced", kind, ordinal, when), got
    assert verdict.reason is Reason.ANNOUNCEMENT


@pytest.mark.parametrize(("case", "title", "text", "published"), PREVIEWS, ids=[c[0] for c in PREVIEWS])
def test_preview_is_no_report(case: str, title: str, text: str, published: date | None) -> None:
    verdict = judge(title, text, published=published)
    assert verdict.meeting is None or verdict.meeting.status == "announced", f"{case}: held {verdict.meeting}"
    assert verdict.reason is Reason.ANNOUNCEMENT, f"{case}: rejected as {verdict.reason}"


@pytest.mark.parametrize(("case", "title", "text", "published", "kind", "when"), HELD, ids=[c[0] for c in HELD])
def test_report_stays_held(case: str, title: str, text: str, published: date, kind: str, when: date | None) -> None:
    verdict = judge(title, text, published=published)
    got = verdict.meeting
    assert got is not None, f"{case}: rejected as {verdict.reason}"
    assert (got.status, got.kind, got.meeting_date) == ("held", kind, when), got


@pytest.mark.parametrize(("case", "title", "text", "published", "reason"), OCCASIONS, ids=[c[0] for c in OCCASIONS])
def test_occasion_announces_nothing(case: str, title: str, text: str, published: date, reason: Reason) -> None:
    verdict = judge(title, text, published=published)
    assert verdict.meeting is None, f"{case}: {verdict.meeting}"
    assert verdict.reason is reason
