"""Which kind of meeting: read from the noun, the organisation it belongs to and what it does.

A "Hội nghị" or a "phiên họp" of a Ban Chấp hành, a Ban Thường vụ or a party committee (Tỉnh ủy, Đảng
ủy xã, Bộ Chính trị) is a party committee conference; the same of a mass organisation (Tỉnh đoàn, Hội
Nông dân, Ủy ban MTTQ, Liên đoàn Lao động) is another meeting; "giao ban" and the regular sessions of a
People's Committee or the Government are briefings; "sơ kết" / "tổng kết" make a review conference; a
"kỳ họp" of a People's Council is a council session and an "Đại hội" a congress. Other meetings
(the National Assembly, election committees, roll-out conferences) stay other.

Sentences written for these tests (not taken from any corpus).
"""

from __future__ import annotations

import pytest

from crawler.meetings import judge

# (id, title, text, kind)
KINDS = [
    # Party committees, however they are named and whatever the meeting is called.
    (
        "standing-committee-monthly",
        "Hội nghị thường kỳ tháng 9 của Ban Thường vụ Huyện ủy",
        "Ngày 25/9/2025, Ban Thường vụ Huyện ủy Mường Nhé tổ chức hội nghị thường kỳ tháng 9.",
        "party_committee_conference",
    ),
    (
        "provincial-plenum",
        "",
        "Sáng 3/10/2025, Tỉnh ủy Bắc Ninh tổ chức Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 3, khóa XXI.",
        "party_committee_conference",
    ),
    (
        "commune-party-committee-meets",
        "",
        "Chiều 10/11/2025, Đảng ủy xã Ea Kly họp phiên thường kỳ tháng 11 để đánh giá công tác xây dựng Đảng.",
        "party_committee_conference",
    ),
    (
        "ward-standing-committee-meets",
        "",
        "Ngày 5/12/2025, Ban Thường vụ Đảng ủy phường Hòa Khánh họp cho ý kiến về công tác cán bộ.",
        "party_committee_conference",
    ),
    (
        "upper-case-commune-plenum",
        "HỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ XÃ TÂN LẬP LẦN THỨ 5",
        "",
        "party_committee_conference",
    ),
    (
        "unaccented-standing-committee",
        "Hoi nghi Ban Thuong vu Tinh uy thang 10",
        "",
        "party_committee_conference",
    ),
    (
        "politburo-meets",
        "",
        "Ngày 15/3/2025, Bộ Chính trị họp cho ý kiến về đề án sắp xếp đơn vị hành chính các cấp.",
        "party_committee_conference",
    ),
    (
        "plenum-that-reviews",
        "",
        "Chiều 20/12/2025, Hội nghị Ban Chấp hành Đảng bộ tỉnh Lâm Đồng lần thứ 4 tổng kết công tác năm 2025.",
        "party_committee_conference",
    ),
    (
        "military-party-plenum",
        "",
        "Ngày 2/10/2025, Đảng ủy Quân sự tỉnh tổ chức Hội nghị Ban Chấp hành Đảng bộ Quân sự tỉnh lần thứ 2.",
        "party_committee_conference",
    ),
    (
        "agencies-party-plenum",
        "",
        "Sáng 5/9/2025, Đảng ủy các cơ quan Đảng tỉnh tổ chức Hội nghị Ban Chấp hành Đảng bộ lần thứ 2.",
        "party_committee_conference",
    ),
    (
        "plenum-of-the-city-committee",
        "Thành ủy Cần Thơ họp Hội nghị lần thứ 6",
        "Sáng 12/11/2025, Ban Chấp hành Đảng bộ thành phố Cần Thơ khóa I tổ chức Hội nghị lần thứ 6.",
        "party_committee_conference",
    ),
    # Mass organisations' committees are no party committees.
    (
        "youth-union-standing-committee",
        "",
        "Sáng 8/10/2025, Tỉnh đoàn Quảng Nam tổ chức Hội nghị Ban Thường vụ Tỉnh đoàn lần thứ 12.",
        "other_meeting",
    ),
    (
        "farmers-central-committee",
        "",
        "Ngày 20/11/2025, Hội Nông dân Việt Nam tổ chức Hội nghị lần thứ 12 Ban Chấp hành Trung ương Hội khóa VIII.",
        "other_meeting",
    ),
    (
        "front-committee",
        "",
        "Chiều 15/7/2025, Hội nghị Ban Chấp hành Ủy ban MTTQ Việt Nam tỉnh Đồng Tháp lần thứ nhất đã diễn ra.",
        "other_meeting",
    ),
    (
        "labour-federation-committee",
        "",
        "Ngày 3/12/2025, Liên đoàn Lao động tỉnh Hà Tĩnh tổ chức Hội nghị Ban Chấp hành lần thứ 5 khóa XVII.",
        "other_meeting",
    ),
    (
        "city-youth-union-monthly",
        "",
        "Sáng 10/8/2025, Ban Thường vụ Thành đoàn Hà Nội họp phiên thường kỳ tháng 8.",
        "other_meeting",
    ),
    (
        "veterans-committee",
        "",
        "Ngày 14/9/2025, Hội Cựu chiến binh tỉnh Long An tổ chức Hội nghị Ban Chấp hành lần thứ 10.",
        "other_meeting",
    ),
    # Briefings: "giao ban", regular and administrative sessions of People's Committees and the Government.
    (
        "government-regular-session",
        "",
        "Chiều 4/9/2025, Chính phủ họp phiên thường kỳ tháng 8 dưới sự chủ trì của Thủ tướng Phạm Minh Chính.",
        "briefing",
    ),
    (
        "district-committee-regular-session",
        "",
        "Ngày 6/11/2025, UBND huyện Krông Pắc họp phiên thường kỳ tháng 10.",
        "briefing",
    ),
    (
        "administrative-session",
        "",
        "Sáng 2/12/2025, UBND tỉnh Phú Thọ tổ chức Phiên họp hành chính tháng 11.",
        "briefing",
    ),
    (
        "council-standing-briefing",
        "",
        "Ngày 8/10/2025, Thường trực HĐND tỉnh giao ban với Thường trực HĐND các xã, phường quý III.",
        "briefing",
    ),
    (
        "mass-mobilisation-briefing",
        "",
        "Sáng 15/10/2025, Ban Dân vận Tỉnh ủy tổ chức Hội nghị giao ban công tác dân vận quý III.",
        "briefing",
    ),
    (
        "commune-committee-members",
        "",
        "Ngày 9/2/2026, UBND xã Châu Thành tổ chức họp thành viên UBND xã tháng 1/2026.",
        "briefing",
    ),
    (
        "online-briefing",
        "",
        "Chiều 12/1/2026, Thường trực Tỉnh ủy tổ chức hội nghị giao ban trực tuyến với các xã, phường.",
        "briefing",
    ),
    (
        "standing-office-briefs",
        "",
        "Sáng 8/1/2026, Thường trực Tỉnh ủy Thanh Hóa họp giao ban đầu năm.",
        "briefing",
    ),
    # Reviews.
    (
        "year-review",
        "",
        "Sáng 8/1/2026, Huyện ủy Phú Tân tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2025.",
        "review_conference",
    ),
    (
        "review-as-verb",
        "",
        "Chiều 10/7/2025, Đảng ủy xã Tân Hòa sơ kết công tác 6 tháng đầu năm 2025.",
        "review_conference",
    ),
    (
        "people-s-committee-review",
        "",
        "Ngày 20/12/2025, UBND tỉnh Gia Lai tổ chức Hội nghị tổng kết công tác năm 2025, triển khai nhiệm vụ năm 2026.",
        "review_conference",
    ),
    (
        "review-of-a-resolution",
        "Hội nghị sơ kết 3 năm thực hiện Nghị quyết 15 của Ban Thường vụ Tỉnh ủy",
        "Sáng 12/6/2025, Ban Thường vụ Tỉnh ủy tổ chức Hội nghị sơ kết 3 năm thực hiện Nghị quyết số 15.",
        "review_conference",
    ),
    # Council sessions.
    (
        "provincial-council-session",
        "",
        "Sáng 9/12/2025, HĐND tỉnh Lào Cai khóa I tổ chức kỳ họp thứ 5.",
        "council_session",
    ),
    (
        "thematic-ward-session",
        "",
        "Chiều 28/7/2025, HĐND phường Tân Định tổ chức kỳ họp chuyên đề.",
        "council_session",
    ),
    (
        "session-named-first",
        "",
        "Ngày 26/12/2025, Kỳ họp thứ 6, HĐND xã Đông Hưng khóa I thông qua 12 nghị quyết.",
        "council_session",
    ),
    # Congresses.
    (
        "village-cell-congress",
        "",
        "Sáng 12/10/2025, Đại hội Chi bộ thôn Phú Mỹ lần thứ XV nhiệm kỳ 2025-2027 đã diễn ra.",
        "congress",
    ),
    # Reports in the shapes portals print them in, each of its kind.
    (
        "unit-completed-its-congress",
        "Đảng bộ phường Sài Gòn hoàn thành Đại hội lần thứ I",
        "Ngày 15/8/2025, Đảng bộ phường Sài Gòn đã hoàn thành Đại hội đại biểu lần thứ I, nhiệm kỳ 2025-2030.",
        "congress",
    ),
    (
        "congress-adopts-resolution",
        "",
        "Với 100% đại biểu tán thành, Đại hội đã thông qua Nghị quyết Đại hội đại biểu Đảng bộ xã Phú Lộc lần thứ I.",
        "congress",
    ),
    (
        "cell-congress-under-a-plan",
        "Đại hội Chi bộ Văn phòng HĐND-UBND huyện nhiệm kỳ 2025-2027",
        "Thực hiện Kế hoạch của Đảng ủy, ngày 5/5/2025, Chi bộ Văn phòng HĐND - UBND huyện tổ chức Đại hội nhiệm kỳ "
        "2025-2027.",
        "congress",
    ),
    (
        "assembly-passes-a-law",
        "Kỳ họp thứ 10, Quốc hội khóa XV: Thông qua Luật Đất đai (sửa đổi)",
        "Chiều 18/1/2024, Quốc hội biểu quyết thông qua Luật Đất đai (sửa đổi).",
        "other_meeting",
    ),
    (
        "council-elects-a-chair",
        "Bầu Chủ tịch UBND tỉnh Lâm Đồng",
        "Sáng 1/7/2025, tại Kỳ họp thứ nhất HĐND tỉnh Lâm Đồng khóa X, các đại biểu đã bầu ông Hồ Văn Mười làm "
        "Chủ tịch UBND tỉnh.",
        "council_session",
    ),
    (
        "first-plenum-after-congress",
        "Tỉnh ủy Bắc Ninh tổ chức Hội nghị lần thứ nhất",
        "Ngay sau khi Đại hội bế mạc, chiều 16/10/2025, Ban Chấp hành Đảng bộ tỉnh Bắc Ninh khóa I tổ chức Hội nghị "
        "lần thứ nhất bầu Ban Thường vụ, Bí thư, Phó Bí thư.",
        "party_committee_conference",
    ),
    (
        "elected-at-first-plenum",
        "Đồng chí Trần Văn An tái đắc cử Bí thư Đảng ủy xã",
        "Tại Hội nghị lần thứ nhất Ban Chấp hành Đảng bộ xã Tân Lập khóa I chiều 12/8/2025, đồng chí Trần Văn An được "
        "bầu giữ chức Bí thư Đảng ủy xã.",
        "party_committee_conference",
    ),
    (
        "police-party-plenum",
        "",
        "Ngày 25/11/2025, Đảng ủy Công an tỉnh Nghệ An tổ chức Hội nghị Ban Chấp hành Đảng bộ Công an tỉnh lần thứ 4, "
        "nhiệm kỳ 2025-2030.",
        "party_committee_conference",
    ),
    (
        "upper-case-opening",
        "KHAI MẠC ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ TỈNH TUYÊN QUANG LẦN THỨ I",
        "SÁNG 23/9/2025, ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ TỈNH TUYÊN QUANG LẦN THỨ I CHÍNH THỨC KHAI MẠC.",
        "congress",
    ),
    (
        "unaccented-review",
        "Hoi nghi tong ket cong tac nam 2025 cua Huyen uy",
        "Sang 30/12/2025, Huyen uy to chuc hoi nghi tong ket cong tac nam 2025.",
        "review_conference",
    ),
    # Other meetings.
    (
        "standing-committee-of-the-assembly",
        "",
        "Ngày 12/3/2025, Ủy ban Thường vụ Quốc hội tiến hành phiên họp thứ 43.",
        "other_meeting",
    ),
    (
        "election-committee",
        "",
        "Ngày 15/1/2026, Ủy ban Bầu cử tỉnh Quảng Trị họp phiên thứ hai.",
        "other_meeting",
    ),
    (
        "assembly-plenary",
        "",
        "Sáng 22/10/2025, Quốc hội họp phiên toàn thể tại hội trường Diên Hồng.",
        "other_meeting",
    ),
    (
        "roll-out-conference",
        "",
        "Chiều 5/8/2025, Huyện ủy Bảo Lâm tổ chức hội nghị quán triệt Nghị quyết số 57 của Bộ Chính trị.",
        "other_meeting",
    ),
    (
        "council-standing-regular-session",
        "",
        "Ngày 5/11/2025, Thường trực HĐND tỉnh Cà Mau họp phiên thường kỳ tháng 11.",
        "other_meeting",
    ),
]


@pytest.mark.parametrize(("case", "title", "text", "kind"), KINDS, ids=[c[0] for c in KINDS])
def test_kind(case: str, title: str, text: str, kind: str) -> None:
    verdict = judge(title, text)
    got = verdict.meeting
    assert got is not None and got.status == "held", f"{case}: {verdict}"
    assert got.kind == kind, got
