"""Recall: the meeting named later than the opening sentence, or by a noun the first rules did not read.

A lead often opens on a quote, a figure or a scene and names the meeting only after it ("Đó là yêu cầu
của ... tại Hội nghị ...", "Thông tin được đưa ra tại Hội nghị ..."), in a third paragraph after two
of background, or as a committee's "buổi làm việc" or an online conference. The other direction holds
too: a working visit to another unit, a meeting cited from years ago, or one still ahead stays no report.

Sentences written for these tests (not taken from any corpus).
"""

from __future__ import annotations

from datetime import date

import pytest

from crawler.meetings import Reason, judge

# (id, title, text, kind, ordinal, meeting date)
HELD = [
    (
        "quote-then-at-plenum",
        "Bí thư Tỉnh ủy Thái Bình: Phải nâng cao chất lượng sinh hoạt chi bộ",
        "Phải nâng cao chất lượng sinh hoạt chi bộ, coi đây là giải pháp then chốt. Đó là yêu cầu của đồng chí Bí thư "
        "Tỉnh ủy tại Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 5 diễn ra sáng 10/11/2025.",
        "party_committee_conference",
        5,
        date(2025, 11, 10),
    ),
    (
        "demand-at-regular-session",
        "",
        "Chủ tịch UBND tỉnh Nghệ An yêu cầu các sở, ngành đẩy nhanh giải ngân vốn đầu tư công tại phiên họp thường kỳ "
        "tháng 10 của UBND tỉnh chiều 3/11/2025.",
        "briefing",
        None,
        date(2025, 11, 3),
    ),
    (
        "information-at-review",
        "Xã Tân Phú vượt 18/20 chỉ tiêu năm 2025",
        "Năm 2025, xã Tân Phú đạt và vượt 18/20 chỉ tiêu chủ yếu.\nĐó là thông tin tại Hội nghị tổng kết công tác năm "
        "2025 do UBND xã Tân Phú tổ chức chiều 26/12/2025.",
        "review_conference",
        None,
        date(2025, 12, 26),
    ),
    (
        "information-given-at-plenum",
        "Bình Dương: Thu ngân sách vượt dự toán",
        "Năm 2025, thu ngân sách trên địa bàn tỉnh ước đạt 75.000 tỷ đồng, vượt 12% dự toán.\nThông tin được đưa ra "
        "tại Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 30, khóa XI tổ chức ngày 18/12/2025.",
        "party_committee_conference",
        30,
        date(2025, 12, 18),
    ),
    (
        "meeting-in-third-paragraph",
        "",
        "Đảng bộ xã Hòa Tiến (mới) được thành lập trên cơ sở sáp nhập 3 xã Hòa Tiến, Hòa Phong và Hòa Khương.\nToàn "
        "xã hiện có 42 chi bộ trực thuộc với hơn 1.500 đảng viên sinh hoạt.\nSáng 5/8/2025, Đảng bộ xã Hòa Tiến tổ "
        "chức Đại hội đại biểu lần thứ I, nhiệm kỳ 2025-2030.",
        "congress",
        1,
        date(2025, 8, 5),
    ),
    (
        "standing-committees-working-session",
        "",
        "Sáng 15/4/2025, Ban Thường vụ Tỉnh ủy Gia Lai và Ban Thường vụ Tỉnh ủy Bình Định có buổi làm việc thống nhất "
        "phương án sắp xếp, hợp nhất hai tỉnh.",
        "party_committee_conference",
        None,
        date(2025, 4, 15),
    ),
    (
        "standing-council-working-session",
        "",
        "Sáng 2/12/2025, Thường trực HĐND tỉnh Đắk Lắk có buổi làm việc để thống nhất nội dung, chương trình Kỳ họp "
        "thứ 12.",
        "other_meeting",
        None,
        date(2025, 12, 2),
    ),
    (
        "online-conference",
        "",
        "Chiều 3/7/2025, Thủ tướng Phạm Minh Chính chủ trì hội nghị trực tuyến Chính phủ với 34 tỉnh, thành phố về "
        "triển khai chính quyền địa phương hai cấp.",
        "other_meeting",
        None,
        date(2025, 7, 3),
    ),
    (
        "scene-then-congress",
        "",
        "Trong không khí cả nước thi đua lập thành tích chào mừng Đại hội XIV của Đảng, Đảng bộ phường Bến Thành đã tổ "
        "chức thành công Đại hội đại biểu lần thứ I, nhiệm kỳ 2025-2030.",
        "congress",
        1,
        None,
    ),
    (
        "caption-then-undated-lead",
        "",
        "Quang cảnh hội nghị.\nBan Chấp hành Đảng bộ huyện Thanh Chương vừa tổ chức Hội nghị lần thứ 25 để đánh giá "
        "kết quả 9 tháng đầu năm.",
        "party_committee_conference",
        25,
        None,
    ),
    (
        "speaking-at-review",
        "",
        "Phát biểu tại Hội nghị sơ kết công tác 6 tháng đầu năm 2025 của Huyện ủy Đức Trọng chiều 10/7, đồng chí Bí "
        "thư Huyện ủy đề nghị các chi bộ khắc phục hạn chế.",
        "review_conference",
        None,
        date(2025, 7, 10),
    ),
    (
        "emphasised-at-congress",
        "Phải đưa Nghị quyết Đại hội vào cuộc sống",
        "Bí thư Thành ủy Hải Phòng nhấn mạnh yêu cầu trên tại Đại hội đại biểu Đảng bộ phường Lê Chân lần thứ I, "
        "nhiệm kỳ 2025-2030 sáng 12/8/2025.",
        "congress",
        1,
        date(2025, 8, 12),
    ),
    (
        "upper-case-information-at",
        "",
        "NĂM 2025, HUYỆN ĐẠT 15/16 CHỈ TIÊU.\nĐÓ LÀ THÔNG TIN TẠI HỘI NGHỊ TỔNG KẾT NĂM 2025 CỦA HUYỆN ỦY CHIỀU "
        "24/12/2025.",
        "review_conference",
        None,
        date(2025, 12, 24),
    ),
    # A veto word after the meeting's own noun phrase is its topic or its agenda, not another event.
    (
        "election-committee-on-election-work",
        "",
        "Chiều 29/12/2025, Ủy ban Bầu cử tỉnh Đắk Lắk tổ chức phiên họp lần thứ 3 nhằm đánh giá tiến độ triển khai "
        "công tác bầu cử đại biểu Quốc hội khóa XVI.",
        "other_meeting",
        3,
        date(2025, 12, 29),
    ),
    (
        "roll-out-of-election-work",
        "",
        "Sáng 10/1/2026, Ban Thường vụ Tỉnh ủy Nghệ An tổ chức hội nghị triển khai công tác bầu cử đại biểu Quốc hội "
        "khóa XVI và đại biểu HĐND các cấp.",
        "other_meeting",
        None,
        date(2026, 1, 10),
    ),
    (
        "congress-that-names-sport",
        "",
        "Ngày 20/8/2025, Hội Cựu chiến binh xã Tân An tổ chức Đại hội lần thứ VIII; Đại hội đề ra mục tiêu đẩy mạnh "
        "phong trào thể dục thể thao trong hội viên.",
        "congress",
        8,
        date(2025, 8, 20),
    ),
    (
        "congress-then-anniversary",
        "",
        "Sáng 5/8/2025, Đảng bộ xã Hòa Phú tổ chức Đại hội đại biểu lần thứ I; nhân dịp này, xã tổ chức lễ kỷ niệm 80 "
        "năm Cách mạng Tháng Tám.",
        "congress",
        1,
        date(2025, 8, 5),
    ),
    # Words after a meeting noun that exclude it only after some nouns: "họp mặt", "họp báo" are no meetings, but
    # "Đại hội Mặt trận", "Hội nghị báo cáo viên", "cuộc họp báo cáo" and "hội nghị các chi bộ" are.
    (
        "front-congress",
        "",
        "Sáng 5/9/2024, Đại hội Mặt trận Tổ quốc Việt Nam xã Tân Phú lần thứ XII khai mạc.",
        "congress",
        12,
        date(2024, 9, 5),
    ),
    (
        "propagandists-conference",
        "",
        "Sáng 5/9/2025, Ban Tuyên giáo Tỉnh ủy Bắc Giang tổ chức Hội nghị báo cáo viên tháng 9.",
        "other_meeting",
        None,
        date(2025, 9, 5),
    ),
    (
        "meeting-to-hear-reports",
        "",
        "Chiều 5/9/2025, Ban Thường vụ Tỉnh ủy Hà Giang tổ chức cuộc họp báo cáo tiến độ các dự án trọng điểm.",
        "party_committee_conference",
        None,
        date(2025, 9, 5),
    ),
    (
        "conference-of-the-cells",
        "",
        "Ngày 10/3/2025, Đảng ủy xã Phú Lộc tổ chức hội nghị các chi bộ trực thuộc để quán triệt nghị quyết.",
        "other_meeting",
        None,
        date(2025, 3, 10),
    ),
    (
        "took-place-is-no-festival",
        "Đại hội diễn ra thành công tốt đẹp",
        "Ngày 6/8/2025, Đảng bộ xã Tân Hiệp tổ chức Đại hội đại biểu lần thứ I, nhiệm kỳ 2025-2030.",
        "congress",
        1,
        date(2025, 8, 6),
    ),
    (
        "two-days-and-a-plan",
        "",
        "Trong hai ngày 14 và 15/10/2025, Đại hội đại biểu Đảng bộ tỉnh Hưng Yên lần thứ I diễn ra tại Trung tâm Hội "
        "nghị tỉnh. Đại hội sẽ bầu Ban Chấp hành Đảng bộ tỉnh khóa mới.",
        "congress",
        1,
        date(2025, 10, 14),
    ),
]

# (id, title, text, reason)
NOT_HELD = [
    (
        "plenum-cited-from-years-ago",
        "",
        "Tại Hội nghị Trung ương 8 khóa XIII năm 2023, Trung ương đã ban hành Nghị quyết về Chiến lược bảo vệ Tổ quốc "
        "trong tình hình mới.",
        Reason.CITATION,
    ),
    (
        "visit-as-working-session",
        "",
        "Sáng 5/4/2025, Đoàn công tác của Ban Thường vụ Tỉnh ủy có buổi làm việc với Đảng ủy xã Quảng Trực về công tác "
        "chuẩn bị đại hội.",
        Reason.VISIT,
    ),
    (
        "working-session-with-a-unit",
        "",
        "Chiều 10/3/2025, Thường trực Tỉnh ủy có buổi làm việc với Ban Thường vụ Huyện ủy Krông Nô về công tác cán bộ.",
        Reason.VISIT,
    ),
    (
        "statement-at-a-session-ahead",
        "",
        "Dự kiến tại Kỳ họp thứ 10, HĐND tỉnh Bắc Giang sẽ xem xét 30 nghị quyết quan trọng.",
        Reason.ANNOUNCEMENT,
    ),
    (
        "voters-meeting",
        "",
        "Sáng 5/3/2026, Đoàn đại biểu Quốc hội tỉnh tổ chức hội nghị tiếp xúc cử tri tại xã Tân Lập.",
        Reason.OTHER_EVENT,
    ),
    (
        "consultation-conference",
        "",
        "Chiều 20/2/2026, Ban Thường trực Ủy ban MTTQ tỉnh tổ chức hội nghị hiệp thương lần thứ hai.",
        Reason.OTHER_EVENT,
    ),
    (
        "information-at-a-past-year",
        "Nhìn lại chặng đường 5 năm",
        "Năm 2020, tại Hội nghị tổng kết, huyện đặt mục tiêu đến năm 2025 có 100% xã đạt chuẩn nông thôn mới.",
        Reason.FEATURE,
    ),
]


@pytest.mark.parametrize(("case", "title", "text", "kind", "ordinal", "when"), HELD, ids=[c[0] for c in HELD])
def test_meeting_named_later_is_read(
    case: str, title: str, text: str, kind: str, ordinal: int | None, when: date | None
) -> None:
    verdict = judge(title, text)
    got = verdict.meeting
    assert got is not None, f"{case}: rejected as {verdict.reason}"
    assert (got.status, got.kind, got.ordinal, got.meeting_date) == ("held", kind, ordinal, when), got


@pytest.mark.parametrize(("case", "title", "text", "reason"), NOT_HELD, ids=[c[0] for c in NOT_HELD])
def test_meeting_named_but_not_held_here(case: str, title: str, text: str, reason: Reason) -> None:
    verdict = judge(title, text)
    assert verdict.meeting is None or verdict.meeting.status != "held", f"{case}: held {verdict.meeting}"
    assert verdict.reason is reason, f"{case}: rejected as {verdict.reason}"
