"""Digests and speeches: pages whose first item may be a meeting but that report none themselves.

A digest (a news round-up, a bulletin, a tag or category page) is told by its shape: a header that
names it ("Điểm tin", "Bản tin", "Tin tức trong ngày", "Thời sự tối"), items numbered or bulleted from
the top, or several stories each opening on its own date. A speech transcript is told by its label
("Phát biểu của đồng chí ... tại Hội nghị", "Toàn văn", "Diễn văn khai mạc"), an editor's line that
presents it, or a salutation ("Kính thưa", "Thưa Đại hội"). Each class is tested both ways: a report
that only looks like one (a lead that lists a session's agenda, a speaker quoted in a report) stays held.

Sentences written for these tests (not taken from any corpus).
"""

from __future__ import annotations

import pytest

from crawler.meetings import Reason, judge

# (id, title, text)
DIGESTS = [
    # Headers in the headline, anywhere in it, in any case or without diacritics.
    (
        "daily-brief",
        "Điểm tin hoạt động Đảng bộ tỉnh Nghệ An ngày 12/3/2025",
        "Sáng 12/3, Ban Thường vụ Tỉnh ủy Nghệ An tổ chức hội nghị cho ý kiến về đề án sắp xếp đơn vị hành chính.",
    ),
    (
        "news-of-the-day",
        "Tin tức trong ngày 5/11/2025",
        "Sáng 5/11, HĐND tỉnh Quảng Trị khóa VIII khai mạc Kỳ họp thứ 30 tại Trung tâm Hội nghị tỉnh.",
    ),
    (
        "evening-bulletin",
        "Bản tin thời sự tối 20/9/2025",
        "Chiều 20/9, Đảng bộ xã Ea Kar tổ chức Đại hội đại biểu lần thứ I, nhiệm kỳ 2025-2030.",
    ),
    (
        "upper-case-weekly-brief",
        "ĐIỂM TIN NỔI BẬT TUẦN 38",
        "Ngày 15/9, Ban Chấp hành Đảng bộ tỉnh Cao Bằng tổ chức Hội nghị lần thứ 30 khóa XIX.",
    ),
    (
        "unaccented-brief",
        "Diem tin ngay 5/10/2025",
        "Sang 5/10, HDND tinh Lao Cai to chuc ky hop thu 5.",
    ),
    (
        "council-newsletter",
        "Bản tin Hội đồng nhân dân tỉnh Vĩnh Long số 12",
        "Ngày 10/12, Thường trực HĐND tỉnh họp phiên thường kỳ tháng 12 để chuẩn bị kỳ họp cuối năm.",
    ),
    (
        "month-highlights",
        "Hoạt động nổi bật của Thường trực HĐND tỉnh trong tháng 10",
        "Ngày 2/10, Thường trực HĐND tỉnh tổ chức phiên họp thường kỳ; ngày 15/10 giám sát tại huyện Cư M'gar.",
    ),
    (
        "year-top-ten",
        "10 sự kiện nổi bật của tỉnh Hà Tĩnh năm 2025",
        "Đại hội đại biểu Đảng bộ tỉnh Hà Tĩnh lần thứ XX, nhiệm kỳ 2025-2030 diễn ra thành công tốt đẹp.",
    ),
    (
        "noon-news",
        "Thời sự 12h ngày 7/10/2025: Khai mạc Đại hội Đảng bộ tỉnh Tây Ninh",
        "Sáng 7/10, Đại hội đại biểu Đảng bộ tỉnh Tây Ninh lần thứ I, nhiệm kỳ 2025-2030 khai mạc.",
    ),
    (
        "news-roundup-colon",
        "Tin tổng hợp: HĐND huyện Mường Tè họp kỳ thứ 12",
        "Ngày 18/12, HĐND huyện Mường Tè khóa XXI tổ chức kỳ họp thứ 12.",
    ),
    (
        "press-review",
        "Điểm báo ngày 14/10/2025",
        "Báo Nhân Dân đưa tin: Sáng 13/10, Đại hội Đảng bộ tỉnh Bắc Ninh lần thứ I đã khai mạc.",
    ),
    (
        "upper-case-news-of-the-day",
        "TIN TỨC TRONG NGÀY 12/10/2025",
        "Sáng 12/10, Đại hội đại biểu Đảng bộ tỉnh Đồng Nai lần thứ I tiến hành phiên trù bị.",
    ),
    (
        "unaccented-evening-bulletin",
        "Ban tin thoi su toi 20/9/2025",
        "Chieu 20/9, Dang bo xa Ea Kar to chuc Dai hoi dai bieu lan thu I.",
    ),
    (
        "week-in-review",
        "Nhìn lại một tuần: Nhiều đại hội đảng bộ cấp tỉnh thành công",
        "Trong tuần, Đại hội đại biểu Đảng bộ tỉnh Hưng Yên lần thứ I đã bế mạc.",
    ),
    (
        "leaders-week-of-activities",
        "Tin hoạt động của lãnh đạo tỉnh tuần 41",
        "Ngày 6/10, Ban Thường vụ Tỉnh ủy họp phiên thường kỳ tháng 10.",
    ),
    (
        "video-bulletin",
        "Video: Thời sự tối 12/10/2025",
        "Tối 12/10, HĐND thành phố Cần Thơ bế mạc kỳ họp thứ 5.",
    ),
    # A header line opening the text.
    (
        "header-line-then-sections",
        "",
        "(Các sự kiện nổi bật diễn ra từ ngày 3 đến 9/11/2025)\nI. TIN TRONG TỈNH\n1. Ngày 4/11, HĐND tỉnh tổ chức "
        "kỳ họp chuyên đề để thông qua các nghị quyết về đầu tư công.\n2. Ngày 6/11, UBND tỉnh phát động Tháng hành "
        "động vì người nghèo.",
    ),
    (
        "brief-header-line",
        "Tin hoạt động",
        "BẢN TIN CUỐI NGÀY\nSáng nay, Ban Thường vụ Huyện ủy Yên Thế tổ chức hội nghị giao ban quý III.",
    ),
    # Numbered or bulleted items from the top of the text.
    (
        "numbered-items",
        "",
        "1. Hội nghị lần thứ 5 Ban Chấp hành Đảng bộ tỉnh khóa I\nSáng 10/11, Tỉnh ủy Tuyên Quang tổ chức Hội nghị "
        "lần thứ 5 Ban Chấp hành Đảng bộ tỉnh.\n2. Ra quân tổng vệ sinh môi trường\nSáng 11/11, Đoàn Thanh niên các "
        "xã ra quân tổng vệ sinh môi trường.",
    ),
    (
        "bulleted-items",
        "Hoạt động của lãnh đạo tỉnh",
        "• Ngày 3/11, Ban Thường vụ Tỉnh ủy họp cho ý kiến về quy hoạch.\n• Ngày 4/11, UBND tỉnh tổ chức phiên họp "
        "thường kỳ tháng 10.\n• Ngày 5/11, lãnh đạo tỉnh tiếp công dân định kỳ.",
    ),
    (
        "dash-items",
        "",
        "- Sáng 8/9, HĐND xã Phú Lộc khóa I tổ chức kỳ họp thứ 3.\n- Chiều 8/9, Hội Nông dân xã ra mắt mô hình "
        "chi hội nghề nghiệp.\n- Ngày 9/9, Công an xã tuyên truyền phòng chống ma túy.",
    ),
    # Several stories, each opening on its own date.
    (
        "stories-newest-first",
        "",
        "Chiều 25/7, HĐND huyện Thoại Sơn tổ chức kỳ họp thứ 12 để bầu bổ sung Ủy viên UBND huyện.\nSáng 23/7, Hội "
        "Nông dân xã Định Mỹ tổ chức lễ ra mắt tổ hợp tác trồng lúa.",
    ),
    (
        "three-dated-stories",
        "",
        "Ngày 8/12, Tỉnh ủy Lạng Sơn tổ chức Hội nghị lần thứ 5 Ban Chấp hành Đảng bộ tỉnh.\nNgày 9/12, Công an "
        "tỉnh ra quân trấn áp tội phạm dịp cuối năm.\nNgày 10/12, Hội chợ nông sản Xứ Lạng khai mạc tại thành phố.",
    ),
    # Two reports of different meetings: a listing, not one story.
    (
        "tag-page-two-plenums",
        "Hội nghị Trung ương",
        "Sáng 6/10/2025, Hội nghị lần thứ 13 Ban Chấp hành Trung ương Đảng khóa XIII đã khai mạc tại Thủ đô Hà "
        "Nội.\nSau hai ngày làm việc, chiều 19/7/2025, Hội nghị lần thứ 12 Ban Chấp hành Trung ương Đảng khóa XIII "
        "đã bế mạc.",
    ),
]

# (id, title, text, kind): reports that only look like digests.
NOT_DIGESTS = [
    (
        "agenda-bullets-after-colon",
        "Khai mạc Kỳ họp thứ 30 HĐND tỉnh Hà Tĩnh",
        "Sáng 10/12, HĐND tỉnh Hà Tĩnh khóa XVIII khai mạc Kỳ họp thứ 30. Kỳ họp xem xét các nội dung:\n- Báo cáo "
        "tình hình kinh tế - xã hội năm 2025;\n- Tờ trình dự toán ngân sách năm 2026;\n- Các dự thảo nghị quyết về "
        "đầu tư công.",
        "council_session",
    ),
    (
        "decisions-numbered-after-report",
        "Ban Thường vụ Tỉnh ủy Bắc Giang cho ý kiến nhiều nội dung quan trọng",
        "Chiều 20/9, Ban Thường vụ Tỉnh ủy Bắc Giang họp phiên thường kỳ tháng 9. Hội nghị đã thống nhất:\n1. "
        "Thông qua đề án sắp xếp các ban quản lý dự án.\n2. Giao Ban Tổ chức Tỉnh ủy hoàn thiện quy trình nhân sự.",
        "party_committee_conference",
    ),
    (
        "newsletter-on-the-agenda",
        "Hội nghị giao ban công tác báo chí quý III",
        "Sáng 5/10, Ban Tuyên giáo Tỉnh ủy Bình Phước tổ chức hội nghị giao ban công tác báo chí quý III; các đại "
        "biểu góp ý nâng cao chất lượng bản tin nội bộ.",
        "briefing",
    ),
    (
        "two-days-of-one-session",
        "Kỳ họp thứ 25 HĐND tỉnh Sơn La khóa XV",
        "Ngày 8/12, Kỳ họp thứ 25 HĐND tỉnh Sơn La khóa XV khai mạc tại Hội trường tỉnh.\nNgày 9/12, kỳ họp tiếp "
        "tục chương trình với phiên chất vấn và trả lời chất vấn.",
        "council_session",
    ),
    (
        "category-line-with-a-date",
        "Tổng kết đại hội đảng bộ cấp trên cơ sở",
        "Thời sự 26-08-2025\n(CTO)- Chiều 26-8, Ban Thường vụ Thành ủy Cần Thơ tổ chức Hội nghị tổng kết đại hội đảng "
        "bộ cấp trên cơ sở nhiệm kỳ 2025-2030.",
        "review_conference",
    ),
    (
        "highlights-of-a-session",
        "Những dấu ấn của Kỳ họp thứ 9 HĐND huyện Krông Bông",
        "Sáng 18/12, Kỳ họp thứ 9 HĐND huyện Krông Bông khóa XII đã bế mạc sau hai ngày làm việc.",
        "council_session",
    ),
    (
        "earlier-session-recalled",
        "HĐND thành phố Cần Thơ khai mạc kỳ họp thứ 20",
        "Sáng 9/12, HĐND thành phố Cần Thơ khóa X khai mạc kỳ họp thứ 20.\nTại kỳ họp thứ 19 hồi tháng 10, HĐND "
        "thành phố đã thông qua 15 nghị quyết.",
        "council_session",
    ),
]

# (id, title, text)
SPEECHES = [
    (
        "bracketed-full-text",
        "[Toàn văn] Phát biểu bế mạc Hội nghị Trung ương 13 của Tổng Bí thư",
        "Chiều 8/10/2025, Hội nghị lần thứ 13 Ban Chấp hành Trung ương Đảng khóa XIII đã bế mạc.",
    ),
    (
        "full-text-after-colon",
        "Hội nghị Trung ương 13: Toàn văn phát biểu bế mạc của Tổng Bí thư Tô Lâm",
        "Sau năm ngày làm việc, sáng 8/10/2025, Hội nghị lần thứ 13 Ban Chấp hành Trung ương Đảng khóa XIII bế mạc.",
    ),
    (
        "opening-address-page",
        "",
        "DIỄN VĂN KHAI MẠC\nĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ XÃ TÂN PHÚ LẦN THỨ I, NHIỆM KỲ 2025-2030\nKính thưa các đồng chí "
        "đại biểu! Hôm nay, Đảng bộ xã Tân Phú long trọng tổ chức Đại hội đại biểu lần thứ I.",
    ),
    (
        "editor-presents-full-text",
        "Đổi mới mạnh mẽ phương thức lãnh đạo của Đảng bộ tỉnh",
        "Báo Tuyên Quang trân trọng giới thiệu toàn văn bài phát biểu của đồng chí Bí thư Tỉnh ủy tại Hội nghị Ban "
        "Chấp hành Đảng bộ tỉnh lần thứ 5.",
    ),
    (
        "editor-note-excerpt",
        "Phát huy sức mạnh khối đại đoàn kết toàn dân tộc",
        "LTS: Sáng 20/11, tại Đại hội đại biểu MTTQ Việt Nam tỉnh Lào Cai lần thứ XVI, đồng chí Chủ tịch UBND tỉnh "
        "có bài phát biểu chỉ đạo. Báo Lào Cai trích đăng bài phát biểu.",
    ),
    (
        "salutation-to-the-congress",
        "",
        "Thưa Đại hội! Thay mặt Đoàn Chủ tịch, tôi xin trân trọng cảm ơn các đồng chí đại biểu đã về dự Đại hội Đảng "
        "bộ phường Hòa Khánh lần thứ I.",
    ),
    (
        "guidance-speech-label",
        "Phát biểu chỉ đạo của đồng chí Bí thư Huyện ủy tại Hội nghị tổng kết công tác năm 2025",
        "Sáng 26/12, Huyện ủy Bảo Lâm tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2025.",
    ),
    (
        "opening-speech-of",
        "Phát biểu khai mạc hội nghị của Bí thư Tỉnh ủy Lê Văn An",
        "Sáng 5/7/2025, Ban Chấp hành Đảng bộ tỉnh tổ chức Hội nghị lần thứ 20.",
    ),
    (
        "unaccented-full-text",
        "Toan van phat bieu cua Bi thu Tinh uy tai Dai hoi Dang bo tinh lan thu I",
        "",
    ),
    (
        "upper-case-full-text",
        "TOÀN VĂN BÀI PHÁT BIỂU CỦA CHỦ TỊCH QUỐC HỘI TẠI PHIÊN KHAI MẠC KỲ HỌP THỨ 10",
        "Sáng 20/10/2025, Kỳ họp thứ 10, Quốc hội khóa XV khai mạc trọng thể tại Nhà Quốc hội.",
    ),
    (
        "here-is-the-speech",
        "Đồng chí Bí thư Tỉnh ủy: Phải đổi mới tư duy, quyết liệt hành động",
        "Sau đây là nội dung bài phát biểu của đồng chí Bí thư Tỉnh ủy tại Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ "
        "8, khóa I.",
    ),
    (
        "label-line-then-salutation",
        "Quyết tâm thực hiện thắng lợi Nghị quyết Đại hội",
        "Phát biểu bế mạc Đại hội đại biểu Đảng bộ tỉnh lần thứ XX\nKính thưa các đồng chí lãnh đạo, thưa các vị đại "
        "biểu khách quý!",
    ),
    (
        "talk-by-the-president",
        "Bài nói chuyện của Chủ tịch nước tại Đại hội đại biểu Hội Cựu chiến binh Việt Nam lần thứ VIII",
        "",
    ),
    (
        "full-text-at-the-end",
        "Phát huy truyền thống, xây dựng Hội vững mạnh (toàn văn)",
        "Sáng 12/10, Đại hội đại biểu Hội Nông dân tỉnh lần thứ XI khai mạc tại Hội trường tỉnh.",
    ),
    (
        "upper-case-label-line",
        "Vì một Hải Phòng phát triển bền vững",
        "TOÀN VĂN BÀI PHÁT BIỂU\nCỦA ĐỒNG CHÍ BÍ THƯ THÀNH ỦY TẠI PHIÊN BẾ MẠC ĐẠI HỘI ĐẢNG BỘ THÀNH PHỐ LẦN THỨ XVII",
    ),
    (
        "prime-minister-at-regular-session",
        "Phát biểu của Thủ tướng Phạm Minh Chính tại Phiên họp Chính phủ thường kỳ tháng 9",
        "Chiều 4/10/2025, Chính phủ họp phiên thường kỳ tháng 9 dưới sự chủ trì của Thủ tướng.",
    ),
    (
        "salutation-mid-paragraph",
        "",
        "Hôm nay, trong không khí phấn khởi của cả tỉnh, thưa các đồng chí, Hội nghị Ban Chấp hành Đảng bộ tỉnh lần "
        "thứ 5 được tổ chức để bàn những việc hệ trọng.",
    ),
    (
        "first-person-declaration",
        "",
        "Với tinh thần trách nhiệm cao, tôi xin tuyên bố khai mạc Kỳ họp thứ 5 Hội đồng nhân dân xã Hòa Vang khóa I.",
    ),
]

# (id, title, text, kind): reports that quote or mention a speech.
NOT_SPEECHES = [
    (
        "leader-speaks-at-closing",
        "Tổng Bí thư Tô Lâm phát biểu bế mạc Hội nghị Trung ương 13",
        "Chiều 8/10/2025, Hội nghị lần thứ 13 Ban Chấp hành Trung ương Đảng khóa XIII bế mạc. Tổng Bí thư Tô Lâm "
        "phát biểu bế mạc hội nghị.",
        "party_committee_conference",
    ),
    (
        "opening-speech-in-report",
        "Khai mạc Kỳ họp thứ 20 HĐND tỉnh Quảng Ngãi",
        "Sáng 5/7/2025, HĐND tỉnh Quảng Ngãi khóa XIII khai mạc Kỳ họp thứ 20. Phát biểu khai mạc kỳ họp, Chủ tịch "
        "HĐND tỉnh nhấn mạnh yêu cầu giải ngân vốn đầu tư công.",
        "council_session",
    ),
    (
        "first-person-quoted",
        "Đại hội Đảng bộ xã Tân Hòa lần thứ I thành công tốt đẹp",
        "Sáng 12/9/2025, Đảng bộ xã Tân Hòa tổ chức Đại hội đại biểu lần thứ I. “Tôi tin tưởng Đại hội sẽ mở ra "
        "chặng đường mới”, đồng chí Bí thư Đảng ủy xã nói.",
        "congress",
    ),
    (
        "speaker-named-in-lead",
        "",
        "Sáng 3/12/2025, Đảng ủy phường Tân An tổ chức hội nghị tổng kết năm 2025. Phát biểu chỉ đạo, đồng chí Bí "
        "thư Đảng ủy phường yêu cầu khắc phục hạn chế.",
        "review_conference",
    ),
]


@pytest.mark.parametrize(("case", "title", "text"), DIGESTS, ids=[c[0] for c in DIGESTS])
def test_digest_is_no_report(case: str, title: str, text: str) -> None:
    verdict = judge(title, text)
    assert verdict.meeting is None, f"{case}: read as a meeting {verdict.meeting}"
    assert verdict.reason is Reason.DIGEST, f"{case}: rejected as {verdict.reason}"


@pytest.mark.parametrize(("case", "title", "text", "kind"), NOT_DIGESTS, ids=[c[0] for c in NOT_DIGESTS])
def test_report_shaped_like_a_digest_stays_held(case: str, title: str, text: str, kind: str) -> None:
    verdict = judge(title, text)
    assert verdict.meeting is not None, f"{case}: rejected as {verdict.reason}"
    assert (verdict.meeting.status, verdict.meeting.kind) == ("held", kind)


@pytest.mark.parametrize(("case", "title", "text"), SPEECHES, ids=[c[0] for c in SPEECHES])
def test_speech_is_no_report(case: str, title: str, text: str) -> None:
    verdict = judge(title, text)
    assert verdict.meeting is None, f"{case}: read as a meeting {verdict.meeting}"
    assert verdict.reason is Reason.SPEECH, f"{case}: rejected as {verdict.reason}"


@pytest.mark.parametrize(("case", "title", "text", "kind"), NOT_SPEECHES, ids=[c[0] for c in NOT_SPEECHES])
def test_report_that_quotes_a_speech_stays_held(case: str, title: str, text: str, kind: str) -> None:
    verdict = judge(title, text)
    assert verdict.meeting is not None, f"{case}: rejected as {verdict.reason}"
    assert (verdict.meeting.status, verdict.meeting.kind) == ("held", kind)
