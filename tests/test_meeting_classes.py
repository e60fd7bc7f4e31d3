"""The classes of text the rules must read right: held meetings and announcements of one future meeting.

Sentences written for these tests (not taken from any corpus): each class the rules once got wrong
(mass-organisation congresses and "ra mắt", daily plenum communiqués, preparatory sessions, question
sessions, organisers whose names hold a veto word, unaccented and upper-case titles). The negatives
that look like reports are in ``test_meeting_rejected``, the fields in ``test_meeting_fields``, and
one file per mechanism: ``test_meeting_digests`` (digests and speeches), ``test_meeting_previews``
(announcement or report), ``test_meeting_recall`` (the meeting read further down the lead) and
``test_meeting_kinds``.
"""

from __future__ import annotations

from datetime import date

import pytest

from crawler.meetings import Reason, annotate_record, is_meeting_report, judge

# (id, title, text, published, kind, ordinal, meeting date)
HELD = [
    # Congresses of mass organisations and their "ra mắt".
    (
        "union-congress",
        "Đại hội Công đoàn cơ sở Trường Tiểu học Hòa Bình lần thứ VI, nhiệm kỳ 2023-2028",
        "Chiều 15/5/2023, Công đoàn cơ sở Trường Tiểu học Hòa Bình tổ chức Đại hội lần thứ VI, nhiệm kỳ 2023-2028 "
        "với sự tham dự của 42 đoàn viên.",
        None,
        "congress",
        6,
        date(2023, 5, 15),
    ),
    (
        "veterans-congress",
        "Hội Cựu chiến binh xã Phước Hưng tổ chức Đại hội đại biểu lần thứ VIII",
        "Sáng 12/4/2022, Hội CCB xã Phước Hưng long trọng tổ chức Đại hội đại biểu lần thứ VIII, nhiệm kỳ 2022-2027.",
        None,
        "congress",
        8,
        date(2022, 4, 12),
    ),
    (
        "women-congress-new-ward",
        "Đại hội đại biểu Phụ nữ phường An Khánh lần thứ I, nhiệm kỳ 2025-2030",
        "Ngày 18/9/2025, Hội Liên hiệp Phụ nữ phường An Khánh tổ chức Đại hội đại biểu Phụ nữ lần thứ I, "
        "nhiệm kỳ 2025-2030.",
        None,
        "congress",
        1,
        date(2025, 9, 18),
    ),
    (
        "farmers-pilot-congress",
        "Đại hội điểm Hội Nông dân xã Tân Lập",
        "Ngày 7/3/2023, Hội Nông dân xã Tân Lập tổ chức Đại hội điểm lần thứ X, nhiệm kỳ 2023-2028, rút kinh nghiệm "
        "cho các xã trong huyện.",
        None,
        "congress",
        10,
        date(2023, 3, 7),
    ),
    (
        "youth-congress",
        "Đoàn Thanh niên xã Vĩnh Hòa tổ chức Đại hội lần thứ XXV",
        "Sáng 2/8/2022, Đoàn TNCS Hồ Chí Minh xã Vĩnh Hòa tổ chức Đại hội đại biểu lần thứ XXV, nhiệm kỳ 2022-2027.",
        None,
        "congress",
        25,
        date(2022, 8, 2),
    ),
    (
        "founding-congress-ra-mat",
        "Đại hội thành lập và ra mắt Hội Cựu chiến binh Công ty Cao su Phú Riềng",
        "Ngày 20/6/2024, Hội Cựu chiến binh Công ty Cao su Phú Riềng tổ chức Đại hội thành lập và ra mắt Ban Chấp "
        "hành lâm thời nhiệm kỳ 2024-2027.",
        None,
        "congress",
        None,
        date(2024, 6, 20),
    ),
    (
        "ra-mat-after-congress",
        "Ra mắt Ban Chấp hành Công đoàn Viên chức xã Đông Sơn khóa mới",
        "Chiều 10/10/2025, Công đoàn Viên chức xã Đông Sơn tổ chức Đại hội lần thứ I, nhiệm kỳ 2025-2030; Ban Chấp "
        "hành khóa mới gồm 7 đồng chí đã ra mắt Đại hội.",
        None,
        "congress",
        1,
        date(2025, 10, 10),
    ),
    # Daily communiqués of Central Committee plenums: a report of the plenum.
    (
        "plenum-second-day",
        "Ngày làm việc thứ hai của Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng khóa XIII",
        "Ngày 19/4/2025, Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng khóa XIII tiếp tục làm việc tại Thủ đô "
        "Hà Nội dưới sự chủ trì của Bộ Chính trị.",
        None,
        "party_committee_conference",
        11,
        date(2025, 4, 19),
    ),
    (
        "plenum-communique",
        "Thông cáo báo chí về ngày làm việc thứ ba Hội nghị Trung ương 8 khóa XII",
        "Tiếp tục chương trình Hội nghị lần thứ 8 Ban Chấp hành Trung ương Đảng khóa XII, ngày 4/10/2018, Trung ương "
        "đã thảo luận ở tổ về Chiến lược phát triển bền vững kinh tế biển.",
        None,
        "party_committee_conference",
        8,
        date(2018, 10, 4),
    ),
    # Preparatory sessions are part of the congress.
    (
        "preparatory-session-commune",
        "Phiên trù bị Đại hội đại biểu Đảng bộ xã Hòa Thắng lần thứ I",
        "Chiều 28/7/2025, Đại hội đại biểu Đảng bộ xã Hòa Thắng lần thứ I, nhiệm kỳ 2025-2030 tiến hành phiên trù bị "
        "với sự tham dự của 150 đại biểu.",
        None,
        "congress",
        1,
        date(2025, 7, 28),
    ),
    (
        "preparatory-session-province",
        "Đại hội Đảng bộ tỉnh Gia Lai lần thứ I làm việc phiên trù bị",
        "Sáng 12/10/2025, Đại hội đại biểu Đảng bộ tỉnh Gia Lai lần thứ I, nhiệm kỳ 2025-2030 khai mạc phiên trù bị.",
        None,
        "congress",
        1,
        date(2025, 10, 12),
    ),
    # Council question sessions.
    (
        "question-session",
        "Kỳ họp thứ 20 HĐND tỉnh: Phiên chất vấn sôi nổi, thẳng thắn",
        "Sáng 10/12/2024, tiếp tục chương trình Kỳ họp thứ 20, HĐND tỉnh khóa XVIII đã tiến hành phiên chất vấn và "
        "trả lời chất vấn.",
        None,
        "council_session",
        20,
        date(2024, 12, 10),
    ),
    (
        "re-questioning",
        "HĐND thành phố tái chất vấn về ô nhiễm môi trường",
        "Ngày 15/7/2024, Thường trực HĐND thành phố tổ chức phiên tái chất vấn Giám đốc Sở Tài nguyên và Môi trường "
        "về tình trạng ô nhiễm kênh rạch.",
        None,
        "council_session",
        None,
        date(2024, 7, 15),
    ),
    (
        "questions-at-session",
        "Đại biểu HĐND huyện chất vấn về tiến độ xây dựng trường học",
        "Chiều 20/12/2023, tại Kỳ họp thứ 12, HĐND huyện Đức Phổ dành trọn buổi cho hoạt động chất vấn và trả lời "
        "chất vấn.",
        None,
        "council_session",
        12,
        date(2023, 12, 20),
    ),
    # Organisers whose names hold a veto word.
    (
        "inspection-commission-review",
        "Ủy ban Kiểm tra Tỉnh ủy sơ kết công tác 6 tháng đầu năm 2024",
        "Sáng 5/7/2024, Ủy ban Kiểm tra Tỉnh ủy tổ chức hội nghị sơ kết công tác kiểm tra, giám sát 6 tháng đầu năm, "
        "triển khai nhiệm vụ 6 tháng cuối năm 2024.",
        None,
        "review_conference",
        None,
        date(2024, 7, 5),
    ),
    (
        "mass-mobilisation-board-review",
        "Ban Dân vận Huyện ủy tổng kết công tác dân vận năm 2023",
        "Ngày 28/12/2023, Ban Dân vận Huyện ủy Lệ Thủy tổ chức hội nghị tổng kết công tác dân vận năm 2023, triển khai "
        "nhiệm vụ năm 2024.",
        None,
        "review_conference",
        None,
        date(2023, 12, 28),
    ),
    (
        "propaganda-board-briefing",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy tổ chức hội nghị giao ban báo chí tháng 9",
        "Chiều 3/10/2025, Ban Tuyên giáo và Dân vận Tỉnh ủy tổ chức hội nghị giao ban báo chí tháng 9 năm 2025.",
        None,
        "briefing",
        None,
        date(2025, 10, 3),
    ),
    (
        "commune-inspection-commission",
        "Ủy ban Kiểm tra Đảng ủy xã Ea Tu tổ chức hội nghị tổng kết",
        "Sáng 20/12/2025, Ủy ban Kiểm tra Đảng ủy xã Ea Tu tổ chức hội nghị tổng kết công tác kiểm tra, giám sát và "
        "thi hành kỷ luật đảng năm 2025.",
        None,
        "review_conference",
        None,
        date(2025, 12, 20),
    ),
    # Unaccented and upper-case titles.
    (
        "unaccented-title-only",
        "HOI NGHI BAN CHAP HANH DANG BO HUYEN LAN THU 15",
        "",
        None,
        "party_committee_conference",
        15,
        None,
    ),
    (
        "unaccented-title-and-lead",
        "Ky hop thu 8 HDND tinh khoa X",
        "Sang 10/7/2024, HDND tinh khoa X khai mac Ky hop thu 8.",
        None,
        "council_session",
        8,
        date(2024, 7, 10),
    ),
    (
        "upper-case-words-ordinal",
        "KỲ HỌP THỨ MƯỜI HAI HĐND HUYỆN KHÓA XX",
        "Sáng 19/12/2024, HĐND huyện khóa XX khai mạc Kỳ họp thứ mười hai.",
        None,
        "council_session",
        12,
        date(2024, 12, 19),
    ),
    # A held session stays held when its lead says how long it is planned to last.
    (
        "held-with-planned-length",
        "Khai mạc Kỳ họp thứ 19 HĐND tỉnh khóa XVII",
        "Sáng 9/7/2024, HĐND tỉnh khóa XVII khai mạc Kỳ họp thứ 19; kỳ họp dự kiến diễn ra trong 3 ngày.",
        None,
        "council_session",
        19,
        date(2024, 7, 9),
    ),
    (
        "union-congress-two-days",
        "Công đoàn Viên chức tỉnh tổ chức thành công Đại hội lần thứ VII",
        "Trong hai ngày 14 và 15/6/2023, Công đoàn Viên chức tỉnh Quảng Trị tổ chức Đại hội đại biểu lần thứ VII, "
        "nhiệm kỳ 2023 - 2028.",
        None,
        "congress",
        7,
        date(2023, 6, 14),
    ),
    (
        "upper-case-congress-today",
        "ĐẠI HỘI ĐẠI BIỂU HỘI NÔNG DÂN TỈNH LẦN THỨ X",
        "Sáng nay (20/9), Hội Nông dân tỉnh khai mạc Đại hội đại biểu lần thứ X, nhiệm kỳ 2023 - 2028.",
        date(2023, 9, 20),
        "congress",
        10,
        date(2023, 9, 20),
    ),
    (
        "plenum-fourth-day",
        "Trung ương thảo luận về công tác nhân sự trong ngày làm việc thứ tư",
        "Ngày 9/10/2025, Hội nghị lần thứ 13 Ban Chấp hành Trung ương Đảng khóa XIII tiếp tục làm việc tại Thủ đô Hà "
        "Nội.",
        None,
        "party_committee_conference",
        13,
        date(2025, 10, 9),
    ),
    (
        "unaccented-commune-congress",
        "Dai hoi dai bieu Dang bo xa Tan Phu lan thu I, nhiem ky 2025-2030",
        "",
        None,
        "congress",
        1,
        None,
    ),
    (
        "question-session-at-session",
        "Phiên chất vấn tại Kỳ họp thứ 9 HĐND huyện Tuy Phước",
        "Sáng 12/7/2024, HĐND huyện Tuy Phước khóa XIII tổ chức phiên chất vấn tại Kỳ họp thứ 9.",
        None,
        "council_session",
        9,
        date(2024, 7, 12),
    ),
    (
        "propaganda-board-quarterly",
        "Ban Tuyên giáo Tỉnh ủy giao ban công tác tuyên giáo quý III",
        "Sáng 2/10/2023, Ban Tuyên giáo Tỉnh ủy tổ chức hội nghị giao ban công tác tuyên giáo quý III năm 2023.",
        None,
        "briefing",
        None,
        date(2023, 10, 2),
    ),
    (
        "preparatory-session-after-colon",
        "Đại hội Đảng bộ thành phố Huế lần thứ I: Tiến hành phiên trù bị",
        "Chiều 23/9/2025, Đại hội đại biểu Đảng bộ thành phố Huế lần thứ I, nhiệm kỳ 2025-2030 tiến hành phiên trù bị.",
        None,
        "congress",
        1,
        date(2025, 9, 23),
    ),
    (
        "held-then-will-elect",
        "Khai mạc Đại hội Hội Cựu chiến binh tỉnh lần thứ VII",
        "Sáng 15/8/2022, Hội CCB tỉnh khai mạc Đại hội đại biểu lần thứ VII, nhiệm kỳ 2022-2027. Đại hội sẽ bầu Ban "
        "Chấp hành khóa mới.",
        None,
        "congress",
        7,
        date(2022, 8, 15),
    ),
    # A committee elected inside a congress "ra mắt Đại hội": the congress is under way.
    (
        "committee-presented-to-congress",
        "",
        "Sáng 14/10/2025, Ban Chấp hành Đảng bộ tỉnh khóa XIX, nhiệm kỳ 2025-2030 gồm 51 đồng chí đã ra mắt Đại hội.",
        None,
        "congress",
        None,
        date(2025, 10, 14),
    ),
    # The press abbreviation of "Đại hội đại biểu".
    (
        "abbreviated-congress",
        "",
        "Sáng 5/10/2025, ĐHĐB Đảng bộ tỉnh Lai Châu lần thứ XV bước vào ngày làm việc thứ hai.",
        None,
        "congress",
        15,
        date(2025, 10, 5),
    ),
    # A photo or video report is told by its lead, not by its format.
    (
        "photo-report-title",
        "[Ảnh] Khai mạc Kỳ họp thứ 8 HĐND tỉnh Bến Tre khóa X",
        "Sáng 7/12/2023, HĐND tỉnh Bến Tre khóa X đã khai mạc Kỳ họp thứ 8 tại Hội trường tỉnh.",
        None,
        "council_session",
        8,
        date(2023, 12, 7),
    ),
    # A hopeful headline over a lead that reports the congress held.
    (
        "hopeful-headline-over-report",
        "Nhiều kỳ vọng vào nhiệm kỳ mới của Hội Phụ nữ tỉnh",
        "Đại hội đại biểu Phụ nữ tỉnh Quảng Trị lần thứ XVI, nhiệm kỳ 2021-2026 đã thành công tốt đẹp sau hai ngày "
        "làm việc.",
        None,
        "congress",
        16,
        None,
    ),
    # A session glossed in brackets takes the verb of the clause it glosses.
    (
        "session-glossed-in-brackets",
        "Đảng bộ xã Tân Phú họp ngày làm việc thứ nhất",
        "Chiều 12/6/2020, Đảng bộ xã Tân Phú đã tổ chức ngày làm việc thứ nhất (phiên trù bị Đại hội) Đảng bộ xã lần "
        "thứ XV.",
        None,
        "congress",
        15,
        date(2020, 6, 12),
    ),
    # A later sentence whose clause follows a date clause states the meeting when the first one is a comment.
    (
        "later-sentence-after-date-clause",
        "",
        "Tổng Bí thư nhấn mạnh yêu cầu đổi mới phương thức lãnh đạo. Sau ba ngày làm việc, chiều 12/4/2025, tại Hà "
        "Nội, Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng khóa XIII đã bế mạc.",
        None,
        "party_committee_conference",
        11,
        date(2025, 4, 12),
    ),
    # A press conference opens the lead; the next paragraph reports the committee's first plenum.
    (
        "press-briefing-then-plenum",
        "",
        "Cuộc họp báo diễn ra ngay sau phiên bế mạc Đại hội tại Trung tâm Báo chí tỉnh.\n"
        "Theo chương trình, sáng nay (2/2), Ban Chấp hành Đảng bộ tỉnh khóa mới đã tiến hành Hội nghị lần thứ nhất.",
        date(2026, 2, 2),
        "party_committee_conference",
        1,
        date(2026, 2, 2),
    ),
    # "Tham dự hội nghị có ...": a later sentence that opens at the meeting.
    (
        "attended-by-opening",
        "",
        "Hội nghị có ý nghĩa quan trọng với toàn Đảng bộ xã. Tham dự hội nghị có đồng chí Bí thư Huyện ủy Lê Văn Nam.",
        None,
        "other_meeting",
        None,
        None,
    ),
    # "Kỳ họp ... đã thông qua ...": a later sentence that opens on the meeting with a perfective verb.
    (
        "later-sentence-opens-on-meeting",
        "HĐND xã Yên Lạc thống nhất các chỉ tiêu năm 2026",
        "Các đại biểu thống nhất cao với các báo cáo của UBND xã. Kỳ họp thứ 9 HĐND xã Yên Lạc khóa XX đã thông qua "
        "12 nghị quyết.",
        None,
        "council_session",
        9,
        None,
    ),
    # A headline that prepares one meeting over a lead that reports the meeting preparing it.
    (
        "announcing-headline-over-preparatory-meeting",
        "Chuẩn bị Kỳ họp thứ 5 HĐND huyện khóa XII",
        "Sáng 20/11/2022, Thường trực HĐND huyện tổ chức phiên họp để thống nhất nội dung, chương trình Kỳ họp thứ 5 "
        "HĐND huyện khóa XII.",
        None,
        "other_meeting",
        None,
        date(2022, 11, 20),
    ),
    # "Ủy ban Bầu cử" is an organiser's name, not an election ahead.
    (
        "election-committee-session",
        "",
        "Chiều 15/1/2026, Ủy ban Bầu cử tỉnh Lâm Đồng tổ chức phiên họp lần thứ 4 để đánh giá tiến độ công tác chuẩn "
        "bị.",
        None,
        "other_meeting",
        4,
        date(2026, 1, 15),
    ),
    # "theo dõi" is watching, not "theo" (according to) a cited meeting.
    (
        "attended-and-watched",
        "",
        "Dự và theo dõi Đại hội Đảng bộ xã Hòa Phú lần thứ XIV có đồng chí Bí thư Huyện ủy.",
        None,
        "congress",
        14,
        None,
    ),
    # "đã triệu tập" reports the convening; who presented at a session reports the session.
    (
        "convened-in-the-past",
        "",
        "Ngày 26/12/2025, Thường trực HĐND xã đã triệu tập đại biểu dự kỳ họp thứ 7.",
        None,
        "council_session",
        7,
        date(2025, 12, 26),
    ),
    (
        "presented-at-session",
        "",
        "Phó Chủ tịch UBND tỉnh trình bày báo cáo kinh tế - xã hội tại Kỳ họp thứ 7 HĐND tỉnh khóa XI sáng 5/12/2024.",
        None,
        "council_session",
        7,
        date(2024, 12, 5),
    ),
    # A photo credit glued to "Tại kỳ họp, ..." does not hide the sentence that opens at the meeting.
    (
        "photo-credit-before-at-meeting",
        "Gia Lai hỗ trợ người dân vùng lũ",
        "Ông Lê Văn Tám được bầu làm Phó Chủ tịch HĐND tỉnh khóa X. Ảnh: Minh Anh – TTXVN Tại kỳ họp, các đại biểu "
        "HĐND tỉnh Gia Lai đã thông qua 12 nghị quyết.",
        None,
        "council_session",
        None,
        None,
    ),
    # A dated report stays held beside a later "được chọn tổ chức đại hội điểm".
    (
        "dated-report-beside-pilot",
        "",
        "Ngày 5/8/2025, Đảng bộ phường Tân An tổ chức Đại hội đại biểu lần thứ I, nhiệm kỳ 2025-2030. Đây là đơn vị "
        "được Ban Thường vụ Tỉnh ủy chọn tổ chức đại hội điểm.",
        None,
        "congress",
        1,
        date(2025, 8, 5),
    ),
]

# (id, title, text, published, kind, ordinal, planned date)
ANNOUNCED = [
    (
        "convocation",
        "Thông báo triệu tập Kỳ họp thứ 14 HĐND huyện khóa XX",
        "Thường trực HĐND huyện thông báo triệu tập Kỳ họp thứ 14 HĐND huyện khóa XX, nhiệm kỳ 2021-2026. Kỳ họp dự "
        "kiến khai mạc vào 8 giờ ngày 18/12/2024 tại Hội trường UBND huyện.",
        date(2024, 12, 5),
        "council_session",
        14,
        date(2024, 12, 18),
    ),
    (
        "opens-tomorrow",
        "Ngày mai (9/7), khai mạc Kỳ họp thứ 19 HĐND tỉnh khóa XVII",
        "Theo chương trình, Kỳ họp thứ 19 HĐND tỉnh khóa XVII sẽ diễn ra trong 3 ngày, từ 9 đến 11/7/2024.",
        date(2024, 7, 8),
        "council_session",
        19,
        date(2024, 7, 9),
    ),
    (
        "will-hold",
        "HĐND tỉnh sẽ tổ chức kỳ họp chuyên đề vào cuối tháng 3",
        "Thường trực HĐND tỉnh cho biết, HĐND tỉnh sẽ tổ chức kỳ họp thứ 21 (chuyên đề) vào ngày 28/3/2024 để xem xét "
        "các nghị quyết về đầu tư công.",
        date(2024, 3, 12),
        "council_session",
        21,
        date(2024, 3, 28),
    ),
    (
        "plenum-expected",
        "Hội nghị lần thứ 13 Ban Chấp hành Trung ương khóa XIII dự kiến khai mạc ngày 6/10",
        "",
        date(2025, 9, 30),
        "party_committee_conference",
        13,
        date(2025, 10, 6),
    ),
    (
        "will-take-place",
        "Kỳ họp thứ 10 HĐND thành phố khóa XVI sẽ diễn ra trong 2 ngày 10-11/12",
        "",
        date(2024, 12, 2),
        "council_session",
        10,
        date(2024, 12, 10),
    ),
    (
        "convened-by-decision",
        "Triệu tập Kỳ họp thứ 15 HĐND tỉnh khóa XVIII",
        "Thường trực HĐND tỉnh ban hành Quyết định triệu tập Kỳ họp thứ 15 (kỳ họp chuyên đề), HĐND tỉnh khóa XVIII. "
        "Kỳ họp dự kiến khai mạc lúc 8 giờ, ngày 28/6/2023.",
        date(2023, 6, 15),
        "council_session",
        15,
        date(2023, 6, 28),
    ),
    (
        "congress-ahead",
        "Đại hội đại biểu Đảng bộ tỉnh lần thứ XVIII sẽ diễn ra từ ngày 14 đến 16/10",
        "",
        date(2025, 10, 1),
        "congress",
        18,
        date(2025, 10, 14),
    ),
    # A headline naming the congress over a lead that previews it and a press briefing about it.
    (
        "press-briefing-about-congress",
        "Đại hội Đảng bộ tỉnh Quảng Trị: hướng tới phát triển xanh",
        "Đại hội đại biểu Đảng bộ tỉnh Quảng Trị lần thứ I sẽ diễn ra từ ngày 10 đến 12/10.\nSáng 1/10, Tỉnh ủy tổ "
        "chức họp báo thông tin về Đại hội đại biểu Đảng bộ tỉnh lần thứ I.",
        date(2025, 10, 1),
        "congress",
        1,
        date(2025, 10, 10),
    ),
]


@pytest.mark.parametrize(
    ("case", "title", "text", "published", "kind", "ordinal", "when"), HELD, ids=[c[0] for c in HELD]
)
def test_held_meeting(
    case: str, title: str, text: str, published: date | None, kind: str, ordinal: int | None, when: date | None
) -> None:
    verdict = judge(title, text, published=published)
    got = verdict.meeting
    assert got is not None, f"{case}: rejected as {verdict.reason}"
    assert (got.status, got.kind, got.ordinal, got.meeting_date) == ("held", kind, ordinal, when), got
    assert verdict.reason is None
    assert is_meeting_report(title, text)


@pytest.mark.parametrize(
    ("case", "title", "text", "published", "kind", "ordinal", "when"), ANNOUNCED, ids=[c[0] for c in ANNOUNCED]
)
def test_announced_meeting(
    case: str, title: str, text: str, published: date, kind: str, ordinal: int, when: date
) -> None:
    verdict = judge(title, text, published=published)
    got = verdict.meeting
    assert got is not None, f"{case}: rejected as {verdict.reason}"
    assert (got.status, got.kind, got.ordinal, got.meeting_date) == ("announced", kind, ordinal, when), got
    assert verdict.reason is Reason.ANNOUNCEMENT
    assert not is_meeting_report(title, text), "an announced meeting is no report of a held one"
    out = annotate_record({"title": title, "text": text, "published": published.isoformat()})
    assert (out["is_meeting_report"], out["meeting_status"], out["meeting_date"]) == (
        False,
        "announced",
        when.isoformat(),
    )
    assert (out["reason"], out["reason_en"]) == ("announcement", "announcement of a future session")
