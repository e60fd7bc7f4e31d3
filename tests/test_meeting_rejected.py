"""Negatives that look like reports, each with the reason readers see.

Sentences written for these tests (not taken from any corpus): progress tallies, schedules, document
pages, digests, speeches, visits, ceremonies, citations, postponements and previews, and texts that
name a meeting without reporting one.
"""

from __future__ import annotations

import pytest

from crawler.meetings import Reason, annotate_record, judge

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
        "training-on-congress-work",
        "Tập huấn nghiệp vụ công tác đại hội",
        "Ngày 3/3/2025, Ban Tổ chức Huyện ủy tổ chức lớp tập huấn nghiệp vụ công tác tổ chức đại hội chi bộ.",
        Reason.TRAINING,
    ),
    (
        "delegation-pays-respects",
        "Đoàn đại biểu tỉnh dự Đại hội XIV viếng Lăng Bác",
        "Sáng 18/1/2026, Đoàn đại biểu Đảng bộ tỉnh dự Đại hội XIV của Đảng vào Lăng viếng Chủ tịch Hồ Chí Minh.",
        Reason.VISIT,
    ),
    (
        "welcome-for-delegates",
        "Gặp mặt đại biểu dự Đại hội Đảng bộ tỉnh",
        "Chiều 10/10/2025, Thường trực Tỉnh ủy gặp mặt các đại biểu dự Đại hội đại biểu Đảng bộ tỉnh lần thứ I.",
        Reason.CEREMONY,
    ),
    (
        "studying-the-resolution",
        "Học tập, quán triệt Nghị quyết Đại hội Đảng bộ tỉnh",
        "Các chi bộ đang tập trung học tập, quán triệt Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ I.",
        Reason.CITATION,
    ),
    (
        "many-pilot-congresses",
        "Nhiều xã tổ chức đại hội điểm",
        "Đến nay, nhiều xã trong huyện đã tổ chức đại hội điểm thành công, rút ra nhiều kinh nghiệm.",
        Reason.PROGRESS_TALLY,
    ),
    (
        "good-farmers-congress",
        "",
        "Sáng 12/8/2025, Hội Nông dân tỉnh tổ chức Đại hội Nông dân sản xuất, kinh doanh giỏi lần thứ V.",
        Reason.CEREMONY,
    ),
    (
        "press-conference-meeting",
        "",
        "Chiều 20/10/2025, Văn phòng Tỉnh ủy tổ chức cuộc họp báo cung cấp thông tin về kết quả Đại hội.",
        Reason.OTHER_EVENT,
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
    # A meeting cited for what was decided or asked at it.
    (
        "conclusion-cited-at-meeting",
        "",
        "Thực hiện Kết luận của Ban Thường vụ Tỉnh ủy tại Hội nghị ngày 12/4/2025, các huyện đã rà soát quy hoạch cán "
        "bộ.",
        Reason.CITATION,
    ),
    (
        "demand-cited-at-session",
        "",
        "Theo yêu cầu của Chủ tịch UBND tỉnh tại phiên họp thường kỳ tháng 9, các sở phải báo cáo trước ngày "
        "15/10/2025.",
        Reason.CITATION,
    ),
    # A document's body: its grounds, the line before its decisions.
    (
        "document-grounds",
        "Về phát triển kinh tế biển đến năm 2030",
        "Căn cứ Điều lệ Đảng Cộng sản Việt Nam; căn cứ Quy chế làm việc của Ban Chấp hành Đảng bộ tỉnh khóa I; tại Hội "
        "nghị lần thứ 3 ngày 10/11/2025, Ban Chấp hành Đảng bộ tỉnh đã thảo luận và thống nhất.",
        Reason.DOCUMENT,
    ),
    (
        "document-concludes-as-follows",
        "Về công tác cán bộ",
        "Ngày 5/12/2025, Ban Thường vụ Tỉnh ủy họp nghe báo cáo công tác cán bộ. Sau khi thảo luận, Ban Thường vụ Tỉnh "
        "ủy kết luận như sau:\n1. Thống nhất chủ trương kiện toàn các ban quản lý dự án.",
        Reason.DOCUMENT,
    ),
    (
        "resolves-article-one",
        "",
        "HỘI ĐỒNG NHÂN DÂN TỈNH KHÓA XVIII, KỲ HỌP THỨ 30\nQUYẾT NGHỊ:\nĐiều 1. Thông qua dự toán ngân sách năm 2026.",
        Reason.DOCUMENT,
    ),
    # An agenda, line by line.
    (
        "agenda-lines",
        "Kỳ họp thứ 10 HĐND tỉnh khóa XVIII",
        "Sáng 8/12: Khai mạc kỳ họp; nghe báo cáo tình hình kinh tế - xã hội.\nChiều 8/12: Thảo luận tổ.\nSáng 9/12: "
        "Chất vấn và trả lời chất vấn.",
        Reason.SCHEDULE,
    ),
    (
        "timed-agenda",
        "Chương trình Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 5",
        "7h30 - 8h00: Đón tiếp đại biểu\n8h00 - 8h15: Khai mạc hội nghị\n8h15 - 9h30: Thảo luận các nội dung",
        Reason.SCHEDULE,
    ),
    # Units still to hold their congresses.
    (
        "cells-still-to-hold",
        "",
        "Đến nay, Đảng bộ huyện còn 5 chi bộ chưa tổ chức đại hội, dự kiến hoàn thành trước ngày 30/7/2025.",
        Reason.PROGRESS_TALLY,
    ),
    (
        "organising-plan",
        "",
        "Ngày 28/8/2025, Ban Thường trực trình bày đề án tổ chức Đại hội đại biểu Mặt trận Tổ quốc tỉnh lần thứ I.",
        Reason.NOT_REPORTED,
    ),
]


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
