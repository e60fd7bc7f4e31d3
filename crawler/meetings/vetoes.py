"""Article-level vetoes for ``crawler.meetings``: what a page is when it is no report of a held meeting.

Documents, schedules, digests, speeches, visits, ceremonies, contests, features and progress tallies,
told by the headline, the top of the text or the lead's first sentence. Like ``rules`` (which says
what a meeting mention is and whether it was held), every pattern runs on ``crawler.text.fold`` keys
and is bounded, so a hostile line costs linear time.
"""

from __future__ import annotations

import re

# --- article-level vetoes ----------------------------------------------------------------------
# A title that opens with one of these is not a meeting report; the key says what it is instead.
TITLE_HEAD_WORDS = {
    "announcement": "thông báo (?:về việc )?triệu tập|triệu tập|hoãn|dự kiến|chuẩn bị|sẵn sàng|công tác chuẩn bị"
    "|sắp diễn ra|sáng mai|chiều mai|ngày mai",
    "speech": "kịch bản",  # a script; speech labels are read by ``SPEECH_LABEL``
    "document": "nghị quyết|kết luận|kế hoạch|thông báo|quyết định|chỉ thị|hướng dẫn|công văn|tờ trình|báo cáo"
    "|toàn văn|thư(?! ký)",
    "schedule": "lịch(?! sử)|chương trình công tác|chương trình",
    "visit": "thăm|kiểm tra|giám sát|đoàn công tác|đoàn kiểm tra|đoàn giám sát",
    "other_event": "tiếp xúc cử tri|txct|tuyên truyền|hội chợ|triển lãm",
    "ceremony": "trao|tặng|gặp mặt|họp mặt|lễ|phát động|ra quân|chúc mừng|mừng|khởi công|khánh thành",
    "contest": "hội thi|khai mạc hội thi|bế mạc hội thi|giải(?! quyết| pháp| trình)|liên hoan|hội diễn|ngày hội",
    "digest": "tin tức",  # the other digest names are read anywhere in the headline (``DIGEST``)
    "feature": r"nhìn lại|dấu ấn|lịch sử|bài \d|kỳ \d|góc nhìn|bình luận|ý kiến|infographic|emagazine"
    "|e-magazine|chân dung|gương|người|hành trình|ký ức|kỷ niệm",
}
# Eve-of-opening headlines, read anywhere in them ("Rộn ràng trước thềm Đại hội ...", "Tất cả đã sẵn sàng cho Kỳ
# họp thứ 10", "Rực rỡ cờ hoa chào mừng Đại hội ..."): the meeting is ahead.
EVE_TITLE = re.compile(
    r"(?<!\w)(?:trước giờ (?:khai mạc|g)|trước thềm|đêm trước|những ngày trước|sẵn sàng (?:cho|tổ chức|đón|chào đón)"
    r"|đếm ngược|chào (?:mừng|đón) (?:đại hội|kỳ họp|hội nghị)|hướng về (?:đại hội|kỳ họp)|trước ngày (?:hội|khai mạc)"
    r"|(?:hoàn tất|hoàn thành|khẩn trương|gấp rút|tích cực) (?:công tác |các công việc )?chuẩn bị"
    r"|sắp (?:diễn ra|khai mạc|tổ chức))(?!\w)"
)
# Photo and video reports ("[Ảnh] Khai mạc kỳ họp ...", "Video: ...") are told by their lead, not their format.
TITLE_HEAD = [(code, re.compile(rf"^\W*(?:{words})(?!\w)")) for code, words in TITLE_HEAD_WORDS.items()]
# Anywhere in the title or the lead's first sentence (only on lines holding one of TEXT_VETO_WORDS).
TEXT_VETO_WORDS = (
    "cử tri", "txct", "cổ đông", "bầu cử", "hiệp thương", "ứng cử", "cháu ngoan", "thể dục", "phù đổng", "lễ ",
    "hội thi", "hội diễn", "hội chợ", "qua các", "tập huấn", "bồi dưỡng",
)  # fmt: skip
TEXT_VETO = re.compile(
    r"(?:tiếp xúc cử tri|(?<!\w)txct(?!\w)|cổ đông|bầu cử đại biểu|hiệp thương|người ứng cử|ứng cử viên"
    r"|đại hội cháu ngoan|cháu ngoan bác hồ|thể dục thể thao|hội khỏe phù đổng|(?<!\w)lễ (?:khởi công|kỷ niệm|ra quân"
    r"|khánh thành|trao|kết nạp|công bố|phát động|tuyên dương|mít tinh|đón nhận|xuất quân|giao nhận|ra mắt)"
    r"|(?<!\w)(?<!đại )hội thi(?!\w)(?! đua)|(?<!đại )hội diễn|hội chợ|qua các kỳ đại hội"
    r"|qua các nhiệm kỳ|(?<!\w)(?:lớp )?(?:tập huấn|bồi dưỡng)(?!\w))"
)
# What each TEXT_VETO word is: read on the matched words, first hit wins.
TEXT_VETO_KINDS = [
    ("progress_tally", re.compile(r"qua các")),
    ("ceremony", re.compile(r"(?<!\w)lễ |cháu ngoan")),
    ("contest", re.compile(r"thể dục|phù đổng|hội thi|(?<!đại )hội diễn")),  # a fair (hội chợ) is another event
    ("training", re.compile(r"tập huấn|bồi dưỡng")),  # "lớp tập huấn nghiệp vụ công tác tổ chức đại hội"
    ("other_event", re.compile(r".")),
]
# Organisers whose names hold a veto word: their name never vetoes ("Ủy ban Kiểm tra Tỉnh ủy sơ kết ...").
ORG_WITH_VETO_WORD = re.compile(
    r"ban (kiểm tra|giám sát|dân vận|tuyên giáo(?: và dân vận)?|thanh tra nhân dân|tổ chức)(?!\w)"
)
# Offices whose names hold a veto word ("Phòng Giáo dục và Đào tạo", "Sở GD&ĐT"): a name never vetoes.
OFFICE_WITH_VETO_WORD = re.compile(r"(?<=giáo dục và )đào tạo(?!\w)|(?<=gd&)đt(?!\w)|(?<=gd & )đt(?!\w)")
# A meeting about these is another event (a voters' meeting, an election) or an inspection visit.
SIDE_TOPIC = [
    ("other_event", re.compile(r"tiếp xúc cử tri|hiệp thương|cổ đông")),  # "công tác bầu cử" is a meeting's topic
    ("visit", re.compile(r"(?:công bố|thông qua)[^,.;]{0,30}(?:kiểm tra|giám sát)|đoàn (?:kiểm tra|giám sát)")),
    # "Hội nghị công bố quyết định thành lập ...", "hội nghị liên tịch lấy ý kiến cử tri ... người ứng cử".
    ("other_event", re.compile(r"công bố (?:các )?(?:quyết định|nghị quyết)|lấy ý kiến cử tri|ứng cử")),
]
# "46/49 chi bộ đã hoàn thành đại hội", "nhiều chi bộ tổ chức xong đại hội": a progress report over many units.
# Each pattern runs only on a line holding one of its words (a substring test costs far less than a scan).
_UNITS = r"(?:xã|huyện|phường|địa phương|đơn vị|chi bộ|chi hội|chi đoàn|cơ sở|đảng bộ|công đoàn|tổ chức cơ sở đảng)"
_NUMBER_WORDS = r"(?:\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|nhiều|các)"
AGGREGATE: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    (
        ("đại hội",),
        re.compile(
            rf"(?<!\w)(?:các|nhiều|hầu hết|toàn bộ|tất cả) {_UNITS}[^.]{{0,60}}?(?:đã |đồng loạt )?tổ chức"
            r" (?:thành công |xong )?đại hội"
        ),
    ),
    (
        (" các ",),
        re.compile(
            r"(?:hđnd|ubnd|đảng bộ|đảng ủy|huyện|xã) các (?:địa phương|huyện|xã|phường|đơn vị)[^.]{0,30}?tổ chức"
        ),
    ),
    (("tổ chức",), re.compile(rf"tổ chức (?:được )?{_NUMBER_WORDS} (?:kỳ họp|hội nghị|cuộc họp|phiên họp|đại hội)")),
    # "các chi bộ trên địa bàn huyện ... đã đồng loạt triển khai ...": many units at once.
    (("đồng loạt",), re.compile(rf"(?<!\w)(?:các|nhiều|hầu hết|toàn bộ|tất cả) {_UNITS}[^.]{{0,60}}?đồng loạt")),
    (("thành công",), re.compile(r"(?<!\w)\d+ (?:xã|đơn vị|huyện|chi bộ|đảng bộ|cơ sở)[^.]{0,80}?tổ chức thành công")),
    (
        ("đại hội", "hoàn thành"),
        re.compile(
            r"(?<![\d.,/])(?:\d+/\d+|\d+(?:[.,]\d+)?\s*%|(?<!\w)\d+ )\s*(?:chi bộ|đảng bộ|tổ chức cơ sở đảng"
            r"|tổ chức đảng|cơ sở|xã|đơn vị|chi hội|công đoàn|cơ sở hội|hội cơ sở|chi đoàn|đoàn cơ sở)[^.]{0,60}?"
            r"(?:đại hội|hoàn thành)"
        ),
    ),
    # "Hiện còn 5 chi bộ chưa tổ chức đại hội": the units still to hold theirs.
    (("chưa",), re.compile(rf"(?:còn|có) (?:\d+|{_NUMBER_WORDS}) {_UNITS}[^.]{{0,40}}?chưa (?:tổ chức|tiến hành)")),
    (
        ("hoàn thành", "xong"),
        # (one unit's own, "Đảng bộ phường ... đã hoàn thành Đại hội đại biểu lần thứ I", is a report)
        re.compile(
            r"(?:hoàn thành (?:việc )?(?:tổ chức )?đại hội|tổ chức xong (?:đại hội|hội nghị))(?!\w)"
            r"(?![^.;,]{0,40}lần (?:thứ )?\w)"
        ),
    ),
    (
        ("đại hội",),
        re.compile(r"đại hội (?:các )?(?:chi bộ|cơ sở) [^.]{0,40}(?:hoàn thành|bảo đảm|đúng tiến độ)"),
    ),
    # "Đại hội Đảng bộ các xã, phường trên địa bàn tỉnh đang được tổ chức", "đại hội ... diễn ra đồng loạt".
    (
        ("đại hội",),
        re.compile(
            rf"đại hội (?:đại biểu )?(?:đảng bộ |chi bộ |công đoàn |hội |đoàn )?(?:các|nhiều) {_UNITS}[^.]{{0,60}}?"
            r"(?<!\w)(?:đang|đã|được tổ chức|diễn ra|hoàn thành)(?!\w)"
            r"|đại hội[^.]{0,80}(?<!\w)đồng loạt|đồng loạt (?:tổ chức|tiến hành) (?:thành công )?đại hội"
        ),
    ),
]
# Feature and opinion titles (no dated event of their own).
FEATURE_TITLE = re.compile(
    r"(?:qua các (?:kỳ|nhiệm kỳ)|những kỳ đại hội|\(bài \d|bài \d:|kỳ \d:|những điều cần biết|hỏi đáp|là gì|vì sao"
    r"|tại sao)"
)
# Softer feature words: they veto only when the lead does not open on a dated event.
FEATURE_SOFT = re.compile(r"(?:dấu ấn|nhìn lại|bài học|kỳ vọng|niềm tin|tâm tư|tự hào|vững bước|\?$)")
# --- digests: a round-up of several stories, whatever its first item is -----------------------------------
# Its name, anywhere in a headline or in a short line opening the text: "Điểm tin", "Bản tin thời sự tối",
# "Tin tức trong ngày", "Thời sự 12h", "10 sự kiện nổi bật năm 2025", "Tin hoạt động nổi bật trong tuần" (a
# category and its date, "Thời sự 26-08-2020", is page chrome).
DIGEST_WORDS = (
    "điểm tin", "bản tin", "tin vắn", "tin ngắn", "tin tổng hợp", "tổng hợp tin", "thời sự", "tin tức", "nổi bật",
    "tuần", "điểm báo", "tin trong", "tin thế giới",
)  # fmt: skip
DIGEST = re.compile(
    r"(?<!\w)(?:điểm tin|điểm báo|bản tin|tin vắn|tin ngắn|tin tổng hợp|tổng hợp tin|(?<!thông )tin thời sự"
    r"|tin tức (?:trong ngày|nổi bật|mới|sáng|trưa|chiều|tối|ngày|tuần|24h|\d+)|tin (?:nổi bật|trong (?:ngày|tuần))"
    r"|(?:sự kiện|hoạt động|tin)(?: [^.:;]{0,15})? nổi bật[^.:;]{0,50}? (?:trong|của) (?:ngày|tuần|tháng|quý|năm)"
    r"|\d{1,2} (?:sự kiện|hoạt động|tin|dấu ấn)(?: [^.:;]{0,20})? nổi bật|các (?:sự kiện|tin|hoạt động)[^.:;]{0,30}"
    r" nổi bật|thời sự (?:nổi bật|tuần|sáng|trưa|chiều|tối|ngày|\d{1,2}\s?(?:h|g|giờ)\d{0,2})"
    r"|(?:tin|sự kiện|hoạt động|thời sự)(?: [^.:;]{0,40})? (?:trong |của )?tuần(?: qua| này| từ| thứ|\s*\d+|$)"
    r"|tuần qua|nhìn lại (?:một )?tuần|tuần thứ \d+|tin (?:thế giới|trong nước|trong tỉnh)$)(?!\w)"
)
# A story of a listing opens on its own date, after a source tag or a "Sau hai ngày làm việc," clause at most.
STORY_DATE = re.compile(
    r"^\W{0,3}(?:\([^)]{1,30}\)\s*[-–—]*\s*)?(?:sau [^,.]{1,40},\s*)?(?:(?:sáng|chiều|tối|trưa|ngày|vào)\s+){0,3}"
    r"(?:ngày\s+)?(\d{1,2})\s?[/.-]\s?(\d{1,2})(?!\d)"
)
# Items from the top of the text: "1. ...", "I. TIN TRONG TỈNH", "• ...", "- ..." (a rule "-----" is none).
ITEM = re.compile(r"^\W{0,2}(?:\d{1,2}|[IVX]{1,4})\s?[.)]\s+\S|^\s*[•●▪◦◆■►✓✔*+\-–—]\s*[^\W_]")

# --- speeches: a transcript, its label or the editor's line that presents it ------------------------------------
# A label opening a headline's segment or a lead ("[Toàn văn] Phát biểu bế mạc ...", "Diễn văn khai mạc Đại hội",
# "Bài nói chuyện của Chủ tịch nước ..."); in a lead only without a subject after it ("Phát biểu tại hội nghị,
# đồng chí X nhấn mạnh ..." is a report's clause).
SPEECH_LABEL = re.compile(
    r"^\W*(?:toàn văn\W{0,3})?(?:nội dung\s+)?(?:bài\s+|lời\s+)?(?:phát biểu|diễn văn|nói chuyện|diễn từ)(?!\w)"
)
# Each speech pattern runs only on a line holding one of these words.
SPEECH_WORDS = ("phát biểu", "diễn văn", "nói chuyện", "diễn từ", "toàn văn", "bài nói")
VOICE_WORDS = ("thưa", "tôi")
# Whose speech the label names ("Phát biểu bế mạc của đồng chí ..."): a clause after it is the label's own.
SPEECH_OWNER = re.compile(
    r"\s*(?:(?:khai mạc|bế mạc|chỉ đạo|kết luận|chào mừng|tổng kết|nhậm chức|tiếp thu)\s+)?của(?!\w)"
)
SPEECH_TITLE_MARK = re.compile(r"[(\[]\s*toàn văn\s*[)\]]|(?:^|[:|]\s*)toàn văn\s*(?:[:|]|$)")
# The editor presents the speech ("Báo ... trân trọng giới thiệu toàn văn bài phát biểu", "trích đăng").
SPEECH_PRESENTED = re.compile(
    r"(?:giới thiệu|trích đăng|trích giới thiệu|xin đăng|đăng tải|lược ghi|(?:sau|dưới) đây là)[^.;]{0,40}?"
    r"(?:toàn văn|bài phát biểu|phát biểu|diễn văn|bài nói)(?!\w)"
)
# A salutation or a speaker's own words ("Kính thưa các đồng chí", "Thưa Đại hội!", "tôi xin tuyên bố khai mạc").
SPEECH_VOICE = re.compile(
    r"(?<!\w)(?:kính thưa|thưa (?:các|toàn thể|quý|đại hội|hội nghị|kỳ họp|đồng chí|đoàn chủ tịch|chủ tịch)"
    r"|(?:tôi|chúng tôi) (?:xin )?(?:tuyên bố|trân trọng (?:cảm ơn|chào mừng|gửi)|nhiệt liệt chào mừng)"
    r"|thay mặt [^.,;]{1,80}, tôi)(?!\w)"
)

# A preview or an agenda: a line that opens on a date (or a range) and a colon ("Từ ngày 9 đến 11/12: ...").
SCHEDULE = re.compile(
    r"^\W*(?:từ )?(?:ngày )?\d{1,2}(?:\s?[/.-]\s?\d{1,2})?(?:\s?[/.-]\s?\d{2,4})?(?:\s?(?:-|đến|tới)\s?(?:ngày )?"
    r"\d{1,2}\s?[/.-]\s?\d{1,2}(?:\s?[/.-]\s?\d{2,4})?)?\s?:"
    r"|^\W*thứ (?:hai|ba|tư|năm|sáu|bảy|[2-7])\s?\(\d{1,2}\s?/\s?\d{1,2}\)\s?:"
)
# A document's body in the first paragraphs: its grounds ("Căn cứ Điều lệ Đảng ..."), the line before its decisions
# ("... kết luận như sau:", "QUYẾT NGHỊ:"), its first article ("Điều 1.").
DOCUMENT_BODY_WORDS = ("căn cứ", "như sau", "quyết nghị", "điều 1")
DOCUMENT_BODY = re.compile(
    r"^\W*căn cứ (?:điều lệ|luật|hiến pháp|nghị quyết|quy chế|quyết định|chỉ thị|kết luận|hướng dẫn|công văn)"
    r"|(?<!\w)(?:kết luận|quyết nghị|thông báo|chỉ thị|quyết định|yêu cầu) như sau\s*:|^\W*(?:quyết nghị|điều 1)\s*[:.]"
)
# An agenda or a schedule, line by line: "Sáng 8/12: Khai mạc kỳ họp", "Thứ Hai (2/12): ...", "8h00 - 8h30: ...".
AGENDA_LINE = re.compile(
    r"^\W*(?:(?:sáng|chiều|tối|trưa)\s+)?(?:(?:thứ (?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ nhật)\s*,?\s*)?\(?(?:ngày )?"
    r"\d{1,2}\s?[/.-]\s?\d{1,2}(?:\s?[/.-]\s?\d{2,4})?\)?\s?:|^\W*\d{1,2}\s?(?:h|giờ|:)\s?\d{0,2}(?:\s?(?:-|–|đến)\s?"
    r"\d{1,2}\s?(?:h|giờ|:)\s?\d{0,2})?\s?[:–-]\s"
)
# An official document's head, line by line: "Số 1021-KL/TU", "ĐẢNG CỘNG SẢN VIỆT NAM", "Độc lập - Tự do - Hạnh phúc".
DOCUMENT_HEAD_WORDS = ("số", "so", "đảng cộng sản", "cộng h", "độc lập", "doc lap", "dang cong san")
# A download page of a file ("Số trang: 13  Loại file: pdf  Dung lượng: ..."), or a document-type line alone.
FILE_PAGE = re.compile(r"(?:số trang|loại file|dung lượng|lượt tải|định dạng file)\s?:")
DOCUMENT_TYPE_LINE = re.compile(
    r"^\W*(?:kế hoạch|nghị quyết|kết luận|thông báo|báo cáo|quyết định|hướng dẫn|chỉ thị|tờ trình|công văn)\W*$"
)
DOCUMENT_HEAD = re.compile(
    r"^\W*(?:số\s?:?\s?\d{1,6}\s?[-/]\s?[a-zđ]{1,6}\s?[-/]\s?[a-zđ]{1,8}(?!\w)|(?:đảng cộng sản việt nam"
    r"|cộng hòa xã hội chủ nghĩa việt nam|độc lập\s?-\s?tự do\s?-\s?hạnh phúc)\W*$)"
)
# A question-and-answer page opens on its labels ("Hỏi: ...", "Trả lời: ...").
QA_OPENING = re.compile(r"^\W*(?:hỏi|trả lời|câu hỏi|đáp)\s?:")
# Without a meeting noun, what event the text is about (first hit wins).
EVENT_KINDS = [
    ("visit", re.compile(r"(?<!\w)(?:thăm|viếng|làm việc (?:với|tại)|đến làm việc|buổi làm việc|khảo sát)(?!\w)")),
    (
        "ceremony",
        re.compile(r"(?<!\w)(?:lễ|mít tinh|gặp mặt|họp mặt|trao tặng|khánh thành|khởi công|ra quân|phát động)(?!\w)"),
    ),
    (
        "contest",
        re.compile(
            r"(?<!\w)(?:(?<!đại )hội thi(?! đua)|(?<!đại )hội diễn|liên hoan|(?:trao|đoạt|đạt|tranh) giải"
            r"|giải (?:đấu|thưởng|bóng|cầu lông|quần vợt|chạy|việt dã|cờ|bơi|báo chí|búa liềm|nhất|nhì|ba"
            r"|khuyến khích))(?!\w)"
        ),
    ),
    ("training", re.compile(r"(?<!\w)(?:tập huấn|bồi dưỡng|lớp học|đào tạo)(?!\w)")),
    ("other_event", re.compile(r"tiếp xúc cử tri|bầu cử|hiệp thương|hội chợ|triển lãm")),
]
