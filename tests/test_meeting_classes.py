"""The classes of text the rules must read right, each in both directions.

Sentences written for these tests (not taken from any corpus): each class the rules once got wrong
(mass-organisation congresses and "ra mắt", daily plenum communiqués, preparatory sessions, question
sessions, organisers whose names hold a veto word, unaccented and upper-case titles), the negatives
that look like reports (tallies, schedules, document pages, digests, speeches, visits), and
announcements of one future meeting.
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

# (id, title, text, reason)
REJECTED = [
    (
        "launch-ceremony",
        "Lễ ra mắt Câu lạc bộ Phụ nữ với pháp luật ấp Mỹ Hòa",
        "Ngày 5/4/2024, Hội LHPN xã Mỹ Phước tổ chức lễ ra mắt Câu lạc bộ Phụ nữ với pháp luật tại ấp Mỹ Hòa với 30 "
        "thành viên.",
        Reason.CEREMONY,
    ),
    (
        "farmers-tally",
        "Hội Nông dân huyện hoàn thành đại hội cấp cơ sở",
        "Đến ngày 30/5/2023, 18/18 cơ sở Hội Nông dân trong huyện đã tổ chức xong đại hội nhiệm kỳ 2023-2028, đạt 100% "
        "kế hoạch.",
        Reason.PROGRESS_TALLY,
    ),
    (
        "cells-tally",
        "Đại hội chi bộ trực thuộc: 42/45 chi bộ đã hoàn thành",
        "Tính đến ngày 15/4/2025, đã có 42/45 chi bộ trực thuộc Đảng bộ xã tổ chức xong đại hội nhiệm kỳ 2025-2027.",
        Reason.PROGRESS_TALLY,
    ),
    (
        "many-cells-done",
        "Nhiều chi bộ tổ chức xong đại hội",
        "Đến nay, nhiều chi bộ thôn, bản trên địa bàn huyện đã tổ chức xong đại hội nhiệm kỳ 2022-2025, đảm bảo đúng "
        "tiến độ.",
        Reason.PROGRESS_TALLY,
    ),
    (
        "plenum-cited",
        "Tiếp tục triển khai Nghị quyết Hội nghị Trung ương 8",
        "Các cấp ủy đảng trong huyện đang tập trung thực hiện Nghị quyết Hội nghị lần thứ 8 Ban Chấp hành Trung ương "
        "Đảng khóa XIII về chiến lược bảo vệ Tổ quốc.",
        Reason.CITATION,
    ),
    (
        "inspection-team",
        "Đoàn kiểm tra của Ban Thường vụ Tỉnh ủy làm việc tại Đảng ủy xã Hải Ninh",
        "Ngày 14/3/2024, Đoàn kiểm tra số 3 của Ban Thường vụ Tỉnh ủy đã làm việc với Ban Thường vụ Đảng ủy xã Hải "
        "Ninh về công tác lãnh đạo phát triển kinh tế.",
        Reason.VISIT,
    ),
    (
        "inspection-decision",
        "Công bố quyết định kiểm tra tại Đảng ủy Quân sự huyện",
        "Sáng 6/5/2024, Ủy ban Kiểm tra Huyện ủy tổ chức hội nghị công bố quyết định kiểm tra khi có dấu hiệu vi phạm "
        "đối với Đảng ủy Quân sự huyện.",
        Reason.VISIT,
    ),
    (
        "visit",
        "Bí thư Tỉnh ủy thăm và làm việc tại xã Mường Lạn",
        "Ngày 3/6/2025, đồng chí Bí thư Tỉnh ủy đã đến thăm và làm việc với Đảng ủy xã Mường Lạn.",
        Reason.VISIT,
    ),
    ("upper-case-conclusion", "KẾT LUẬN HỘI NGHỊ BAN CHẤP HÀNH ĐẢNG BỘ TỈNH LẦN THỨ 12", "", Reason.DOCUMENT),
    ("unaccented-notice", "Thong bao ket luan cua Ban Thuong vu Huyen uy", "", Reason.DOCUMENT),
    (
        "conclusion-number",
        "Kết luận của Ban Thường vụ Tỉnh ủy tại hội nghị giao ban quý III",
        "Số 512-KL/TU. Ngày 10/10/2024, Ban Thường vụ Tỉnh ủy tổ chức hội nghị giao ban quý III năm 2024.",
        Reason.DOCUMENT,
    ),
    (
        "document-header",
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20",
        "TỈNH ỦY BẮC KẠN\nSố 1021-KL/TU\nKết luận Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 20\nTại Hội nghị lần "
        "thứ 20 tổ chức ngày 15/7/2024, Ban Chấp hành Đảng bộ tỉnh đã thảo luận và thống nhất kết luận như sau.",
        Reason.DOCUMENT,
    ),
    ("dated-preview", "Từ ngày 9 đến 11/12: diễn ra Kỳ họp thứ 22 HĐND tỉnh khóa XVIII", "", Reason.SCHEDULE),
    (
        "weekly-schedule",
        "Lịch công tác tuần của Thường trực Tỉnh ủy (từ 2/12 đến 6/12/2024)",
        "Thứ Hai (2/12): Thường trực Tỉnh ủy họp giao ban. Thứ Ba (3/12): Dự Kỳ họp thứ 22 HĐND tỉnh.",
        Reason.SCHEDULE,
    ),
    (
        "weekly-digest",
        "Tin hoạt động nổi bật trong tuần từ 14 đến 20/10",
        "Trong tuần, HĐND tỉnh tổ chức phiên họp thường kỳ; UBND tỉnh họp phiên chuyên đề về đầu tư công.",
        Reason.DIGEST,
    ),
    (
        "digest-week-past",
        "Điểm tin hoạt động của Đảng bộ tỉnh tuần qua",
        "Ngày 2/3/2024, Tỉnh ủy tổ chức hội nghị sơ kết quý I; ngày 4/3, HĐND tỉnh họp phiên thường kỳ.",
        Reason.DIGEST,
    ),
    (
        "opening-speech",
        "Phát biểu khai mạc Kỳ họp thứ 8 của Chủ tịch HĐND tỉnh",
        "Kính thưa các vị đại biểu! Hôm nay, HĐND tỉnh khai mạc Kỳ họp thứ 8 để xem xét nhiều nội dung quan trọng.",
        Reason.SPEECH,
    ),
    (
        "speech-salutation",
        "Hội nghị tổng kết năm 2024 của Ban Chỉ đạo",
        "Kính thưa các đồng chí lãnh đạo tỉnh, thưa các vị đại biểu! Năm 2024, dưới sự lãnh đạo của Tỉnh ủy, Ban Chỉ "
        "đạo đã hoàn thành các nhiệm vụ đề ra.",
        Reason.SPEECH,
    ),
    (
        "voters-await-questions",
        "Cử tri mong chờ phiên chất vấn tại kỳ họp cuối năm",
        "Nhiều cử tri trong tỉnh bày tỏ mong muốn các đại biểu sẽ chất vấn thẳng thắn tại kỳ họp thường lệ cuối năm "
        "2024 của HĐND tỉnh.",
        Reason.ANNOUNCEMENT,
    ),
    (
        "preparatory-session-preview",
        "Chuẩn bị chu đáo cho phiên trù bị Đại hội Đảng bộ phường",
        "Ban Tổ chức Đại hội đang khẩn trương hoàn thiện tài liệu; phiên trù bị dự kiến diễn ra vào chiều 24/7.",
        Reason.ANNOUNCEMENT,
    ),
    (
        "all-cells-done",
        "Đảng bộ xã hoàn tất đại hội chi bộ trực thuộc",
        "Đến ngày 20/5/2025, tất cả 12 chi bộ trực thuộc Đảng bộ xã đã tổ chức thành công đại hội nhiệm kỳ 2025-2027.",
        Reason.PROGRESS_TALLY,
    ),
    ("next-week", "Tuần tới, HĐND tỉnh tổ chức kỳ họp chuyên đề", "", Reason.ANNOUNCEMENT),
    ("resolution-page", "NGHỊ QUYẾT Kỳ họp thứ 8 HĐND tỉnh khóa XVII", "", Reason.DOCUMENT),
    (
        "evening-news",
        "Thời sự tối 12/3/2024",
        "Ngày 12/3/2024, UBND tỉnh họp phiên thường kỳ; Tỉnh ủy tổ chức hội nghị giao ban.",
        Reason.DIGEST,
    ),
    ("closing-address", "Diễn văn bế mạc Đại hội đại biểu Đảng bộ tỉnh", "", Reason.SPEECH),
    ("postponed", "Hoãn Kỳ họp thứ 11 HĐND huyện do ảnh hưởng của bão", "", Reason.POSTPONED),
    (
        "resolution-into-life",
        "Đưa Nghị quyết Đại hội Đảng bộ tỉnh vào cuộc sống",
        "Sau Đại hội, các cấp ủy đã cụ thể hóa nghị quyết thành chương trình hành động.",
        Reason.CITATION,
    ),
    # Counted meetings, a comment on one, a delegation's visit.
    (
        "counted-congresses",
        "Hội Nông dân huyện trưởng thành cùng quê hương",
        "Hội Nông dân huyện đã tiến hành 8 kỳ đại hội, mỗi kỳ đại hội đều để lại dấu ấn riêng.",
        Reason.NOT_REPORTED,
    ),
    (
        "copula-comment",
        "",
        "Kỳ họp là dịp để cử tri theo dõi hoạt động của đại biểu, khi các đại biểu đã chuẩn bị kỹ nội dung thảo luận.",
        Reason.NOT_REPORTED,
    ),
    (
        "delegation-visit",
        "",
        "Đoàn đại biểu dự Đại hội Hội Nông dân Việt Nam lần thứ IX của tỉnh vừa đến thăm, tặng quà gia đình chính "
        "sách tại xã Hòa Thắng.",
        Reason.VISIT,
    ),
    # Congresses of many units at once.
    (
        "plural-congresses-under-way",
        "",
        "Đại hội đảng bộ các xã, phường trong tỉnh đang được tổ chức theo đúng kế hoạch.",
        Reason.PROGRESS_TALLY,
    ),
    (
        "congresses-all-at-once",
        "",
        "Đại hội chi bộ thôn nhiệm kỳ 2025-2027 đang diễn ra đồng loạt ở các xã trong huyện.",
        Reason.PROGRESS_TALLY,
    ),
    # A look back, a listing, a speech, questions and answers, a file page, a document's type line.
    (
        "history-opening",
        "",
        "Cách đây 50 năm, ngày 2/7/1976, tại kỳ họp thứ nhất, Quốc hội khóa VI đã quyết định đặt tên nước.",
        Reason.FEATURE,
    ),
    (
        "listing-with-source-tags",
        "Hội đồng nhân dân tỉnh",
        "TTXVN - Sáng 10/7/2025, HĐND tỉnh tổ chức kỳ họp thứ nhất.\nTTXVN - Chiều 11/7/2025, UBND tỉnh họp phiên "
        "thường kỳ tháng 6.",
        Reason.DIGEST,
    ),
    (
        "speech-label-opening",
        "Phải quyết liệt hơn trong giải ngân đầu tư công",
        "Phát biểu của đồng chí Chủ tịch UBND tỉnh tại phiên bế mạc Kỳ họp thứ 12 HĐND tỉnh khóa X.",
        Reason.SPEECH,
    ),
    (
        "question-and-answer",
        "",
        "Hỏi: Phiên trù bị của đại hội đảng bộ cơ sở gồm những nội dung gì?\nTrả lời: Theo hướng dẫn, phiên trù bị "
        "do đoàn chủ tịch điều hành.",
        Reason.FEATURE,
    ),
    (
        "file-download-page",
        "Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII",
        "Loại file: pdf   Dung lượng: 1,2 MB   Lượt tải: 35\nTài liệu tuyên truyền Đại hội.",
        Reason.DOCUMENT,
    ),
    (
        "document-type-line",
        "",
        "KẾ HOẠCH\nTổ chức Đại hội Hội Liên hiệp Phụ nữ các cấp tiến tới Đại hội đại biểu Phụ nữ tỉnh lần thứ XVIII",
        Reason.DOCUMENT,
    ),
    # Conferences that are other events: decisions announced, candidates consulted.
    (
        "decision-announcement-conference",
        "Đảng ủy phường Tân Phú kiện toàn tổ chức",
        "Chiều 1/7/2025, Đảng ủy phường Tân Phú tổ chức hội nghị công bố quyết định thành lập các chi bộ trực thuộc.",
        Reason.OTHER_EVENT,
    ),
    (
        "candidate-consultation",
        "",
        "Chiều 20/1/2026, Thường trực Đảng ủy xã Tân Lộc tổ chức hội nghị liên tịch lấy ý kiến cử tri nơi công tác về "
        "người được giới thiệu ứng cử đại biểu HĐND xã.",
        Reason.OTHER_EVENT,
    ),
    # Previews: a tenseless lead beside "sẽ", an order to attend, a plan to organise.
    (
        "preview-tenseless-with-will",
        "",
        "Đại hội đại biểu Hội Cựu chiến binh tỉnh lần thứ VIII diễn ra trong hai ngày 14-15/10 tại Hội trường tỉnh. "
        "Sẽ có 250 đại biểu dự đại hội.",
        Reason.ANNOUNCEMENT,
    ),
    (
        "ordered-to-attend",
        "",
        "Chủ tịch UBND tỉnh yêu cầu giám đốc các sở phải trực tiếp dự phiên chất vấn ngày 5/12 để trả lời đại biểu.",
        Reason.ANNOUNCEMENT,
    ),
    (
        "procedure-of-organising",
        "",
        "Theo Hướng dẫn số 12 của Ban Tổ chức Tỉnh ủy, quy trình tổ chức đại hội chi bộ trực thuộc gồm các bước sau.",
        Reason.CITATION,
    ),
    (
        "preview-dated-ahead",
        "",
        "Ngày 20/9, theo Ban Tuyên giáo Tỉnh ủy, Đại hội đại biểu Đảng bộ tỉnh Điện Biên lần thứ XV diễn ra trong 3 "
        "ngày từ 22/9 đến ngày 24/9.",
        Reason.ANNOUNCEMENT,
    ),
    (
        "purpose-in-headline",
        "Xã Tân Lộc tổ chức hội nghị liên tịch lấy ý kiến cử tri nơi công tác",
        "Chiều 20/1/2026, Thường trực Đảng ủy xã Tân Lộc tổ chức hội nghị liên tịch giữa Đảng ủy, HĐND, UBND và Ủy ban "
        "MTTQ Việt Nam xã cùng các tổ chức chính trị - xã hội.",
        Reason.OTHER_EVENT,
    ),
    # Honour and emulation congresses are ceremonies; a trade fair is another event; a working visit about
    # preparing a congress is a visit.
    (
        "honour-congress",
        "Đại hội Cháu ngoan Bác Hồ huyện Phú Tân lần thứ XV",
        "Sáng 20/5/2025, Hội đồng Đội huyện Phú Tân tổ chức Đại hội Cháu ngoan Bác Hồ lần thứ XV.",
        Reason.CEREMONY,
    ),
    (
        "emulation-congress",
        "",
        "Đại hội thi đua yêu nước của Hội Nông dân tỉnh vừa diễn ra thành công tốt đẹp với 300 đại biểu.",
        Reason.CEREMONY,
    ),
    (
        "trade-fair",
        "Hội chợ sản phẩm OCOP huyện Bắc Trà My năm 2026",
        "Sáng 22/8/2026, UBND huyện Bắc Trà My khai mạc hội chợ với 45 gian hàng.",
        Reason.OTHER_EVENT,
    ),
    (
        "visit-about-preparation",
        "",
        "Ngày 21/8/2025, Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy Lạng Sơn về công tác chuẩn bị Đại hội Đảng "
        "bộ tỉnh lần thứ XVIII.",
        Reason.VISIT,
    ),
    (
        "organising-plan",
        "",
        "Ngày 28/8/2025, Ban Thường trực trình bày đề án tổ chức Đại hội đại biểu Mặt trận Tổ quốc tỉnh lần thứ I.",
        Reason.NOT_REPORTED,
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


@pytest.mark.parametrize(("case", "title", "text", "reason"), REJECTED, ids=[c[0] for c in REJECTED])
def test_rejected_with_reason(case: str, title: str, text: str, reason: Reason) -> None:
    verdict = judge(title, text)
    held = verdict.meeting is not None and verdict.meeting.status == "held"
    assert not held, f"{case}: read as a held meeting {verdict.meeting}"
    assert verdict.reason is reason, f"{case}: rejected as {verdict.reason}, expected {reason}"
    out = annotate_record({"title": title, "text": text})
    assert out["is_meeting_report"] is False
    assert (out["reason"], out["reason_vi"], out["reason_en"]) == (str(reason), reason.vi, reason.en)


def test_reason_texts_are_distinct_and_bilingual() -> None:
    assert len({r.vi for r in Reason}) == len(Reason) and len({r.en for r in Reason}) == len(Reason)
    assert Reason.VISIT.en == "visit" and Reason.PROGRESS_TALLY.en == "progress tally"
    assert Reason.ANNOUNCEMENT.vi == "thông báo kỳ họp sắp tới"


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
