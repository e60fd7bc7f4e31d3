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
    ],
    ids=["page-stamp", "dated-phrase", "url-path", "publication", "term-and-weekday", "typo-after-publication"],
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
