"""Rule tables for ``crawler.meetings``: every pattern runs on ``crawler.text.fold`` keys.

Kept apart from the logic so a reviewer can read what counts as a meeting report, and why, without
reading code. Patterns are written in folded form: lower case, new-style tone marks (``ủy``,
``hòa``, ``khóa``), single spaces. ``fold`` keeps string length, so a match span in a key is also
the span of the original wording in the cleaned text. Patterns are bounded (``{0,60}`` rather than
``*``) and never nest optional repeats, so a hostile line costs linear time.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- the nouns that name a meeting ------------------------------------------------------------
# Longer alternatives first: "kỳ họp" must win over the bare verb "họp". A session ("phiên chất
# vấn", "phiên trù bị") is part of the meeting named next to it; a question session is a council's.
MENTION = re.compile(
    r"(?<!\w)(hội nghị liên tịch|hội nghị|k[ỳì] họp|phiên họp|phiên (?:tái chất vấn|chất vấn|giải trình|trù bị"
    r"|khai mạc|bế mạc|thảo luận|toàn thể)|cuộc họp|buổi họp|họp liên tịch|đại hội|giao ban|hội thảo|tọa đàm|sơ kết"
    r"|tổng kết|tái chất vấn|chất vấn|họp)(?!\w)"
)
QUESTION_NOUNS = frozenset({"chất vấn", "tái chất vấn", "phiên chất vấn", "phiên tái chất vấn", "phiên giải trình"})
# "phiên chất vấn và trả lời chất vấn tại Kỳ họp thứ 9": the words between a session and its meeting.
SESSION_LINK = re.compile(r"(?: và (?:trả lời chất vấn|giải trình))?,? ?(?:(?:tại|của|thuộc|trong) )?")
FORMAL_NOUNS = frozenset({"hội nghị", "kỳ họp", "đại hội", "phiên họp", "phiên trù bị", "phiên khai mạc"})

# A mention followed by these words names something that is not a body's meeting.
EXCLUDED_AFTER = re.compile(
    r"^\s*(?:(?:đồng )?cổ đông|thể dục thể thao|tdtt|thể thao|cháu ngoan|gặp mặt|họp mặt|biểu dương|tuyên dương"
    r"|tôn vinh|vinh danh|khen thưởng|điển hình tiên tiến|tri ân|khách hàng|xúc tiến|tiếp xúc cử tri|cử tri"
    r"|hiệp thương|kỷ niệm|mít tinh|mặt|báo|bàn giao|(?:đảng )?(?:bộ )?các cấp|các chi|những|chi, đảng bộ"
    r"|đại biểu [^,.]{0,30}các cấp|(?!điểm )[^,.]{0,20}cấp (?:cơ sở|huyện|xã|tỉnh)(?!\w)|cấp cơ sở|đảng bộ cấp (?:cơ sở"
    r"|huyện|tỉnh|xã)|(?:đảng bộ )?cơ sở cho|trực thuộc|thi |hội diễn|liên hoan|văn nghệ|nông dân (?:sản xuất"
    r"|kinh doanh) giỏi)"
)
# ... and preceded by these (the building, a sports games, a contest name).
EXCLUDED_BEFORE = re.compile(r"(?:trung tâm|cung|nhà|phòng|hội trường|khu|hội thi|giải|thi đấu)\s*$")

# "giao ban" is a briefing only with a briefing word around it; otherwise it is "giao" (assign)
# + "Ban Tổ chức ..." ("giao Ban Tuyên giáo Huyện ủy tham mưu").
GIAO_BAN_BEFORE = re.compile(r"(?:hội nghị|họp|cuộc họp|buổi|phiên|tổ chức|tiến hành|dự)\s*$")
GIAO_BAN_AFTER = re.compile(
    r"^\s*(?:công tác|tháng|quý|tuần|định kỳ|trực tuyến|thường kỳ|khối|cụm|báo chí|giữa|hằng|hàng|\d|6 tháng|9 tháng"
    r"|đánh giá|kinh tế|tình hình|trực|an ninh|quốc phòng|nội chính|dân vận|các|với|lãnh đạo|thường trực|chuyên)"
)

# --- is the mention the reported event, a future one, or a citation? --------------------------
# "dự họp" is attending, not the report; a review is the report only when held ("tổ chức sơ kết").
ATTEND_BEFORE = re.compile(r"(?<!\w)dự\s*$")
HOLD_VERB_BEFORE = re.compile(r"(?:tổ chức|tiến hành)\s*$")
# Future words just before a mention, in or out of its clause.
FUTURE_NEAR = re.compile(
    r"(?<!\w)(?:sẽ|dự kiến|(?:ngày|sáng|chiều|tối) mai|sắp|hoãn|lùi|mong chờ|chờ đợi|(?:tuần|tháng|năm) (?:tới|sau))(?!\w)"
)
# "Toàn cảnh nơi diễn ra Đại hội ...": the venue, before the event.
VENUE_BEFORE = re.compile(r"(?:nơi|địa điểm) (?:sẽ )?(?:diễn ra|tổ chức)\s*$")
# "Sáng 5/7, tại Kỳ họp thứ 12, ...": the sentence opens on the meeting's date and place.
AT_MEETING = re.compile(r"^\s*tại\s*$")
FUTURE_LEFT = re.compile(
    r"(?<!\w)(?:sẽ|dự kiến|ngày mai|sắp|chuẩn bị|để|nhằm|chọn|tiến tới|hướng tới|chào mừng|phục vụ|triệu tập|kế hoạch"
    r"|hoãn|lùi|trước thềm|bầu cử|ứng cử|mục tiêu|đến dự kiến|thời gian tổ chức|tổ chức tốt|mong chờ|mong muốn"
    r"|chờ đợi|kỳ vọng)(?!\w)"
)
CITED_LEFT = re.compile(
    r"(?<!\w)(?:nghị quyết|kết luận|quán triệt|học tập|(?<!chương )trình|văn kiện|kết quả|thông báo|tinh thần|sau"
    r"|trước|dự thảo|(?<!tiếp tục )chương trình|quy chế|thăm|chúc mừng|tặng|theo|lẵng hoa|hoa chúc mừng|hoàn thành"
    r"|thông qua|đề ra"
    r"|qua các|những|các kỳ|nhân dịp|dịp)(?!\w)"
)
# A day of a plenum, its communiqué, the rest of its programme: the meeting is under way.
HELD_LEFT = re.compile(
    r"(?<!\w)(?:(?<!ban )tổ chức|tiến hành|khai mạc|bế mạc|họp|dự|tham dự|chủ trì|diễn ra|tới dự|đến dự|điều hành|mở"
    r"|kết thúc"
    r"|khai mạc trọng thể|long trọng tổ chức|ngày làm việc thứ \w+(?: của)?|thông cáo(?: báo chí)?(?: về| của)?"
    r"|tiếp tục chương trình(?: làm việc)?(?: của)?)(?!\w)"
)
FUTURE_RIGHT = re.compile(
    r"^(?:[^.;]|\.(?=\S)){0,140}?(?:(?<!\w)sẽ (?:được )?(?:tổ chức|khai mạc|diễn ra|họp|tiến hành|bế mạc|kéo dài"
    r"|xem xét|bầu)"
    r"|dự kiến (?:sẽ |được )?(?:tổ chức|khai mạc|diễn ra|họp|tiến hành|vào|từ|kéo dài|bế mạc|\d)"
    r"|(?:bị |được )?hoãn|lùi (?:thời gian|lại|sang)|(?<!\w)(?:sáng|chiều|tối|ngày) mai(?!\w))"
)
HELD_RIGHT = re.compile(
    r"^(?:[^.;]|\.(?=\S)){0,140}?(?<!\w)(?:đã|vừa|chính thức|diễn ra|khai mạc|bế mạc|kết thúc|thành công|bước vào"
    r"|tiến hành|tiếp tục làm việc|làm việc phiên|được tổ chức|(?<!kỳ )(?<!phiên )(?<!cuộc )(?<!buổi )họp|thảo luận"
    r"|thông qua|bầu|cho ý kiến|biểu quyết|xem xét|nghe|đánh giá|sơ kết|tổng kết|được tiến hành|quán triệt|triển khai"
    r"|với sự tham dự|có sự tham dự|dưới sự chủ trì|do đồng chí)(?!\w)"
)
# "Sáng nay chính thức khai mạc ...": the publication day is the meeting's.
TODAY_WORDS = re.compile(r"(?<!\w)(?:sáng|chiều|tối|trưa)? ?(?:nay|hôm nay)(?!\w)")

# --- announcements of one future meeting ------------------------------------------------------------
# A convocation or a planned opening: with an ordinal or a planned date it names one meeting.
CONVENED = re.compile(r"(?:triệu tập|dự kiến khai mạc|sẽ khai mạc|chuẩn bị khai mạc|sẽ tổ chức|sẽ diễn ra)(?!\w)")
POSTPONED = re.compile(r"(?<!\w)(?:hoãn|lùi (?:thời gian|lại|sang)|tạm dừng|không tổ chức|hủy)(?!\w)")

# --- article-level vetoes ----------------------------------------------------------------------
# A title that opens with one of these is not a meeting report; the key says what it is instead.
TITLE_HEAD_WORDS = {
    "announcement": "thông báo (?:về việc )?triệu tập|triệu tập|hoãn|dự kiến|chuẩn bị|sẵn sàng|công tác chuẩn bị"
    "|sắp diễn ra|sáng mai|chiều mai|ngày mai",
    "document": "nghị quyết|kết luận|kế hoạch|thông báo|quyết định|chỉ thị|hướng dẫn|công văn|tờ trình|báo cáo"
    "|thư(?! ký)",
    "speech": "phát biểu|bài phát biểu|toàn văn|diễn văn|kịch bản|kich ban",
    "schedule": "lịch(?! sử)|chương trình công tác|chương trình",
    "visit": "thăm|kiểm tra|giám sát|đoàn công tác|đoàn kiểm tra|đoàn giám sát",
    "other_event": "tiếp xúc cử tri|txct|tuyên truyền",
    "ceremony": "trao|tặng|gặp mặt|họp mặt|lễ|phát động|ra quân|chúc mừng|mừng|khởi công|khánh thành",
    "contest": "hội thi|khai mạc hội thi|bế mạc hội thi|hội chợ|triển lãm|giải(?! quyết| pháp| trình)|liên hoan"
    "|hội diễn|ngày hội",
    "digest": "điểm tin|bản tin|tin vắn|tin tức|tổng hợp tin",
    "feature": r"nhìn lại|dấu ấn|lịch sử|bài \d|kỳ \d|góc nhìn|bình luận|ý kiến|video|ảnh|infographic|emagazine"
    "|e-magazine|chân dung|gương|người|hành trình|ký ức|kỷ niệm",
}
TITLE_HEAD = [(code, re.compile(rf"^\W*(?:{words})(?!\w)")) for code, words in TITLE_HEAD_WORDS.items()]
# Anywhere in the title or the lead's first sentence.
TEXT_VETO = re.compile(
    r"(?:tiếp xúc cử tri|(?<!\w)txct(?!\w)|cổ đông|bầu cử đại biểu|hiệp thương|người ứng cử|ứng cử viên"
    r"|đại hội cháu ngoan|cháu ngoan bác hồ|thể dục thể thao|hội khỏe phù đổng|(?<!\w)lễ (?:khởi công|kỷ niệm|ra quân"
    r"|khánh thành|trao|kết nạp|công bố|phát động|tuyên dương|mít tinh|đón nhận|xuất quân|giao nhận|ra mắt)"
    r"|(?<!\w)hội thi(?!\w)|hội diễn|hội chợ|trung tâm hội nghị quốc gia tổ chức|qua các kỳ đại hội"
    r"|qua các nhiệm kỳ)"
)
# What each TEXT_VETO word is: read on the matched words, first hit wins.
TEXT_VETO_KINDS = [
    ("progress_tally", re.compile(r"qua các")),
    ("ceremony", re.compile(r"(?<!\w)lễ ")),
    ("contest", re.compile(r"cháu ngoan|thể dục|phù đổng|hội thi|hội diễn|hội chợ")),
    ("other_event", re.compile(r".")),
]
# Organisers whose names hold a veto word: their name never vetoes ("Ủy ban Kiểm tra Tỉnh ủy sơ kết ...").
ORG_WITH_VETO_WORD = re.compile(
    r"(?<!\w)((?:ủy ban|ban) )(kiểm tra|giám sát|dân vận|tuyên giáo(?: và dân vận)?|thanh tra nhân dân|tổ chức)(?!\w)"
)
# A meeting about these is another event (a voters' meeting, an election) or an inspection visit.
SIDE_TOPIC = [
    ("other_event", re.compile(r"tiếp xúc cử tri|hiệp thương|bầu cử|cổ đông")),
    ("visit", re.compile(r"(?:công bố|thông qua)[^,.;]{0,30}(?:kiểm tra|giám sát)|đoàn (?:kiểm tra|giám sát)")),
]
# "46/49 chi bộ đã hoàn thành đại hội", "nhiều chi bộ tổ chức xong đại hội": a progress report over many units.
_UNITS = r"(?:xã|huyện|phường|địa phương|đơn vị|chi bộ|chi hội|chi đoàn|cơ sở|đảng bộ|công đoàn|tổ chức cơ sở đảng)"
AGGREGATE = re.compile(
    rf"(?<!\w)(?:các|nhiều|hầu hết|toàn bộ|tất cả) {_UNITS}[^.]{{0,60}}?(?:đã |đồng loạt )?tổ chức"
    r" (?:thành công |xong )?đại hội"
    r"|(?:hđnd|ubnd|đảng bộ|đảng ủy|huyện|xã) các (?:địa phương|huyện|xã|phường|đơn vị)[^.]{0,30}?tổ chức"
    r"|(?:đã |vừa )?tổ chức (?:được )?(?:\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|nhiều|các) (?:kỳ họp|hội nghị"
    r"|cuộc họp|phiên họp|đại hội)"
    r"|(?<!\w)\d+ (?:xã|đơn vị|huyện|chi bộ|đảng bộ|cơ sở)[^.]{0,80}?tổ chức thành công"
    r"|(?<![\d.,/])(?:\d+/\d+|\d+(?:[.,]\d+)?\s*%|(?<!\w)\d+ )\s*(?:chi bộ|đảng bộ|tổ chức cơ sở đảng|tổ chức đảng"
    r"|cơ sở|xã|đơn vị|chi hội|công đoàn|cơ sở hội|hội cơ sở|chi đoàn|đoàn cơ sở)[^.]{0,60}?(?:đại hội|hoàn thành)"
    r"|hoàn thành (?:việc )?(?:tổ chức )?đại hội(?!\w)|tổ chức xong (?:đại hội|hội nghị)"
    r"|(?:đại hội|tổ chức đại hội) (?:các )?(?:chi bộ|cơ sở) [^.]{0,40}(?:hoàn thành|bảo đảm|đúng tiến độ)"
)
# Feature and opinion titles (no dated event of their own).
FEATURE_TITLE = re.compile(
    r"(?:qua các (?:kỳ|nhiệm kỳ)|những kỳ đại hội|\(bài \d|bài \d:|kỳ \d:|những điều cần biết|hỏi đáp|là gì|vì sao"
    r"|tại sao)"
)
# Softer feature words: they veto only when the lead does not open on a dated event.
FEATURE_SOFT = re.compile(r"(?:dấu ấn|nhìn lại|bài học|kỳ vọng|niềm tin|tâm tư|tự hào|vững bước|\?$)")
# A week's news in one page ("Tin hoạt động nổi bật trong tuần", "Thời sự tuần", "tuần qua").
DIGEST = re.compile(
    r"(?:tin|sự kiện|hoạt động|thời sự)(?: [^.:;]{0,25})? (?:trong |của )?tuần(?: qua| này| từ| thứ|\s*\d|$)"
    r"|(?<!\w)tuần qua(?!\w)|thông tin thời sự|thời sự (?:nổi bật|tuần|sáng|trưa|chiều|tối|\d)|tuần thứ \d|tổng hợp tin"
)
# A preview or an agenda: a line that opens on a date (or a range) and a colon ("Từ ngày 9 đến 11/12: ...").
SCHEDULE = re.compile(
    r"^\W*(?:từ )?(?:ngày )?\d{1,2}(?:\s?[/.-]\s?\d{1,2})?(?:\s?[/.-]\s?\d{2,4})?(?:\s?(?:-|đến|tới)\s?(?:ngày )?"
    r"\d{1,2}\s?[/.-]\s?\d{1,2}(?:\s?[/.-]\s?\d{2,4})?)?\s?:"
    r"|^\W*thứ (?:hai|ba|tư|năm|sáu|bảy|[2-7])\s?\(\d{1,2}\s?/\s?\d{1,2}\)\s?:"
)
# An official document's head, line by line: "Số 1021-KL/TU", "ĐẢNG CỘNG SẢN VIỆT NAM", "Độc lập - Tự do - Hạnh phúc".
DOCUMENT_HEAD = re.compile(
    r"^\W*(?:số\s?:?\s?\d{1,6}\s?[-/]\s?[a-zđ]{1,6}\s?[-/]\s?[a-zđ]{1,8}(?!\w)|(?:đảng cộng sản việt nam"
    r"|cộng hòa xã hội chủ nghĩa việt nam|độc lập\s?-\s?tự do\s?-\s?hạnh phúc)\W*$)"
)
# A transcript opens on a salutation, not on a reported event.
SPEECH_OPENING = re.compile(r"^\W*(?:kính thưa|thưa các|thưa đồng chí|thưa quý|kính gửi các)(?!\w)")
# Without a meeting noun, what event the text is about (first hit wins).
EVENT_KINDS = [
    ("visit", re.compile(r"(?<!\w)(?:thăm|làm việc (?:với|tại)|đến làm việc|buổi làm việc|khảo sát)(?!\w)")),
    ("ceremony", re.compile(r"(?<!\w)(?:lễ|mít tinh|gặp mặt|họp mặt|trao tặng|khánh thành|khởi công)(?!\w)")),
    ("contest", re.compile(r"(?<!\w)(?:hội thi|hội diễn|giải|liên hoan|hội chợ|triển lãm)(?!\w)")),
    ("training", re.compile(r"(?<!\w)(?:tập huấn|bồi dưỡng|lớp học|đào tạo)(?!\w)")),
    ("other_event", re.compile(r"tiếp xúc cử tri|bầu cử|hiệp thương")),
]

# --- reading the lead -----------------------------------------------------------------------------
SOURCE_TAG = re.compile(
    r"^(?:\([^)]{2,30}\)\s*[-–—]*|(?:[A-ZĐ][A-ZĐ&.]{1,14}|[\w.&]{2,24}\.(?:vn|com|net|org))\s*[-–—]+|[-–—])\s*"
)
BOILER = re.compile(
    r"^(?:theo dõi|ngày đăng|đăng ngày|cập nhật|lượt xem|view count|xuất bản|chi tiết bài viết|null(?!\w)|đăng lúc"
    r"|tin cùng|ảnh:|\d{4}-\d{2}-\d{2}|\(?cập nhật|date \d{4})"
)
SENT_SPLIT = re.compile(r"(?<=[.!?…])\s+")
ABBR_END = re.compile(r"(?<!\w)(?:TP|Tp|tp|TX|TT|ThS|Th\.S|TS|PGS|GS|Q|P|Đ/c|đ/c|St|Mr|Ths)\.$")
DATE_PREFIX = re.compile(r"^[^,]{0,40}\d[^,]{0,20},\s*$|^\W*$|^(?:hôm nay|sáng nay|chiều nay|tối nay)[^,]{0,25},\s*$")
OPENS_DATED = re.compile(
    r"^\W*(?:(?:sáng|chiều|tối|trưa|hôm nay|hôm qua|vào|ngày|nay|từ)\s*){0,4}(?:\(?\s*thứ \w+\s*\)?,?\s*)?"
    r"\d{1,2}\s*(?:[/.-]|tháng)\s*\d"
)
TITLE_PREFIX = re.compile(r"^\W*$|^[^:]{1,40}[:|]\s*$|^(?:khai mạc|bế mạc|tổ chức)\s*$")
SUBJECT_HOP = re.compile(
    r"(?:bộ chính trị|ban bí thư|ban thường vụ|btv|thường trực|ubnd|ủy ban nhân dân|hđnd|chính phủ|ban chấp hành|bch"
    r"|ủy|ban chỉ đạo|tiểu ban|ban|hội đồng|huyện|tỉnh|xã|phường|thị trấn|quận|thị xã|thành phố)[^,.;]{0,40}"
    r"(?:đã |vừa |tiến hành |tổ chức |có cuộc )?$|chủ trì\s*$"
)

# --- kind -------------------------------------------------------------------------------------
PARTY_ORG = re.compile(
    r"(?:ban chấp hành|(?<!\w)bch(?!\w)|ban thường vụ|(?<!\w)btv(?!\w)|chấp hành đảng bộ|(?:tỉnh|huyện|thành|quận"
    r"|thị|đảng) ủy|cấp ủy|trung ương|(?<!\w)(?:tw|t\.ư)(?!\w)|bộ chính trị|ban bí thư|(?<!\w)đu(?!\w))"
)
PARTY_CONTEXT = re.compile(r"(?:đảng|huyện ủy|tỉnh ủy|thành ủy|quận ủy|thị ủy|trung ương|bộ chính trị)")
COUNCIL_ORG = re.compile(r"(?:(?<!\w)hđnd(?!\w)|hội đồng nhân dân)")
UBND_ORG = re.compile(r"(?:(?<!\w)ubnd(?!\w)|ủy ban nhân dân)")
REVIEW = re.compile(r"(?<!\w)(?:sơ kết|tổng kết)(?!\w)")
MONTHLY = re.compile(r"thường kỳ|tháng (?:\d{1,2}|một|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)|hằng tháng|hàng tháng")
STANDING = re.compile(r"thường trực|thường vụ quốc hội|ủy ban thường vụ")
QUOC_HOI = re.compile(r"quốc hội")
MASS_ORG_LEFT = re.compile(
    r"(?:hội (?:nông dân|liên hiệp|phụ nữ|cựu|lhpn|ccb|người|chữ thập|khuyến học)|công đoàn|đoàn thanh niên"
    r"|mặt trận|mttq)[^,]*$"
)
MASS_ORG_COMMITTEE = re.compile(
    r"\s*(?:ban chấp hành|bch|ban thường vụ|btv)\s+(?:hội|công đoàn|liên đoàn|đoàn|mặt trận|mttq|ủy ban mặt trận)"
)

# What follows "cuộc họp"/"hội nghị", or stands before it, says whose it is.
GIAO_BAN_NEXT = re.compile(r"\s*(?:thường kỳ\s*)?giao ban")
PARTY_BODY_NEXT = re.compile(
    r"\s*(?:thường kỳ\s*)?(?:của\s*)?(?:bộ chính trị|ban bí thư|ban thường vụ|btv|ban chấp hành|bch)"
)
PARTY_BODY_LEFT = re.compile(r"(?:bộ chính trị|ban bí thư|ban thường vụ|btv|ban chấp hành|bch)[^,]*$")
PARTY_NEXT = re.compile(r"\s*(?:lần thứ \S+\s*)?(?:mở rộng\s*)?(?:của\s*)?" + PARTY_ORG.pattern)
PLENUM_NEXT = re.compile(r"\s*(?:trung ương|tw|t\.ư)\s*(?:\d|lần|[ivxl]+(?!\w))")
COMMITTEE_LEFT = re.compile(
    r"(?:ban chấp hành|bch|ban thường vụ|btv|(?:tỉnh|huyện|thành|quận|thị|đảng) ủy|cấp ủy)[^,]*$"
)

# --- cutting the meeting's noun phrase where the clause moves on -----------------------------------
PHRASE_END = re.compile(
    r"(?:[;:!?]|\.(?:\s|$)|,(?!\s*(?:hđnd|hội đồng|ban chấp hành|bch|khóa|nhiệm kỳ|lần thứ|ubnd|mttq|ủy ban|đảng bộ))"
    r"| thống nhất | góp ý | chuẩn bị | kết quả | hội nghị | đại hội | kỳ họp | quán triệt| học tập| triển khai| để "
    r"| nhằm | thông qua | cho ý kiến | đánh giá | tại | do | dưới | có | với | đã | vừa "
    r"| chính thức | diễn ra| khai mạc| bế mạc| được | tổ chức| bàn | xem xét| thảo luận| nghe | và (?!thị|đô)"
    r"| về | tiến tới| hướng tới| trình | từ ngày| trong (?:\d|hai|ba|2|3)| ngày \d| sáng | chiều | bước vào)"
)

# --- ordinals ---------------------------------------------------------------------------------
_WORD_NUM = (
    r"(?:(?:hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín) mươi(?: (?:mốt|một|hai|ba|bốn|tư|lăm|năm|sáu|bảy|bẩy|tám|chín))?"
    r"|mười(?: (?:một|hai|ba|bốn|tư|lăm|năm|sáu|bảy|bẩy|tám|chín))?|nhất|một|hai|ba|tư|bốn|năm|sáu|bảy|bẩy|tám|chín)"
)
_NUM = rf"(?P<n>\d{{1,3}}|[ivxlc]+|{_WORD_NUM})(?!\w)"
# Words in the gap between a meeting noun and "lần thứ N" that mean the N belongs to something else.
_GAP = (
    r"(?P<gap>(?:(?!tiến tới|hướng tới|chào mừng|trình|thông qua|cho ý kiến|quán triệt|nghị quyết|ngày làm việc|để "
    r"|nhằm |khóa |đại hội|hội nghị|kỳ họp)[^;.:!?]){0,70}?)"
)
ORDINAL = [
    re.compile(rf"^(?:kỳ họp|phiên họp|phiên|cuộc họp)\s+(?:lần\s+)?thứ\s+{_NUM}"),
    re.compile(r"^(?:cuộc họp|phiên họp|buổi họp|hội nghị)\s*\(?\s*lần\s+(?P<n>\d{1,3})(?!\w)"),
    re.compile(
        rf"^(?:hội nghị|đại hội|kỳ họp|phiên họp|cuộc họp|hội nghị liên tịch|phiên trù bị)"
        rf"{_GAP}(?<!\w)lần\s+thứ\s+{_NUM}"
    ),
    re.compile(
        rf"^hội nghị\s+(?:lần thứ\s+)?(?:ban chấp hành\s+)?(?:trung ương|tw|t\.ư)(?:\s+đảng)?\s+(?:lần\s+thứ\s+)?{_NUM}"
    ),
    re.compile(r"^đại hội\s+(?:đảng\s+)?(?:toàn quốc\s+)?(?:lần\s+thứ\s+)?(?P<n>[ivxlc]+)(?!\w)"),
]
WORD_VALUES = {
    "nhất": 1, "một": 1, "mốt": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7,
    "bẩy": 7, "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

# --- term, period -----------------------------------------------------------------------------
TERM_KHOA = re.compile(r"(?<!\w)khóa\s+([ivxlc]+|\d{1,3})(?!\w)")
TERM_NHIEM_KY = re.compile(r"nhiệm kỳ\s+((?:19|20)\d{2})\s*[-–—]\s*((?:19|20)\d{2})")
PERIOD = re.compile(
    r"(?<!\w)(?:(?P<months>\d{1,2}|sáu|chín) tháng (?P<half>đầu năm|cuối năm|năm|đầu)?(?:\s*(?P<y1>(?:19|20)\d{2}))?"
    r"|quý (?P<q>i{1,3}|iv|[1-4])(?:\s*(?:năm\s*|/\s*)?(?P<y2>(?:19|20)\d{2}))?"
    r"|tháng (?P<m>\d{1,2})(?:\s*(?:năm\s*|[/-]\s*)(?P<y3>(?:19|20)\d{2}))?"
    r"|năm (?:học )?(?P<y4>(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)\d{2})?)|nhiệm kỳ (?P<nk>(?:19"
    r"|20)\d{2}\s*[-–]\s*(?:19|20)\d{2}))"
)
PERIOD_CUE = re.compile(r"(?:sơ kết|tổng kết|đánh giá|kiểm điểm|giao ban|kết quả|tình hình|thường kỳ)(?!\w)")
CITED_TAIL = re.compile(
    r"(?<!\w)(?:thực hiện|nghị quyết|chỉ thị|kết luận|quy định|văn kiện|của bộ chính trị"
    r"|của ban chấp hành trung ương)(?!\w)"
)
BARE = re.compile(
    r"\s*(?:(?:lần thứ \S+|thường kỳ|mở rộng|bất thường|\(mở rộng\)|tháng \d+|quý \w+|năm \d{4})\s*){0,4}"
    r"(?:[,.;(]|$|khóa|nhiệm kỳ|để|nhằm|thông qua|cho ý kiến|xem xét|thảo luận|bàn|vào|với|tại|do|dưới|đánh giá"
    r"|nghe|quyết định|kiểm điểm|và|có)"
)
# "Ban Chấp hành Đảng bộ huyện (khoá IX)": the term written after the body's name.
BODY_TERM = r"[^,;.]{0,12}?\(?\s*(khóa\s+[ivxlc]+)(?!\w)"

# --- organisations (for the body) ---------------------------------------------------------------
# Names as displayed (their fold key is their lower case), then abbreviations and short forms.
_ORG_NAMES = (
    "Ban Chấp hành|Ban Thường vụ|Ban Thường trực|Ủy ban Thường vụ|Thường trực|Hội đồng nhân dân|Ủy ban nhân dân"
    "|Ủy ban Mặt trận Tổ quốc Việt Nam|Ủy ban Mặt trận Tổ quốc|Mặt trận Tổ quốc Việt Nam|Mặt trận Tổ quốc|Đảng ủy"
    "|Đảng bộ|Chi bộ|Tỉnh ủy|Huyện ủy|Thành ủy|Quận ủy|Thị ủy|Bộ Chính trị|Ban Bí thư|Trung ương Đảng|Trung ương"
    "|Quốc hội|Chính phủ|Hội Nông dân|Hội Liên hiệp Phụ nữ|Hội Phụ nữ|Hội Cựu chiến binh|Hội Cựu giáo chức"
    "|Hội Người cao tuổi|Hội Chữ thập đỏ|Hội Khuyến học|Liên đoàn Lao động|Công đoàn"
    "|Đoàn Thanh niên Cộng sản Hồ Chí Minh|Đoàn TNCS Hồ Chí Minh|Đoàn Thanh niên|Huyện đoàn|Tỉnh đoàn|Thành đoàn"
    "|Ủy ban Kiểm tra|Ban Kiểm tra|Ban Chỉ đạo|Tiểu ban|Ban Tổ chức|Ban Tuyên giáo và Dân vận|Ban Tuyên giáo"
    "|Ban Dân vận|Ban Nội chính|Văn phòng|Khối|Hội"
)
_ORG_SHORT = {
    "bch": "Ban Chấp hành", "chấp hành": "Ban Chấp hành", "btv": "Ban Thường vụ", "tt": "Thường trực",
    "hđnd": "Hội đồng nhân dân", "ubnd": "Ủy ban nhân dân", "ủy ban mttq việt nam": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "ủy ban mttq vn": "Ủy ban Mặt trận Tổ quốc Việt Nam", "ubmttq việt nam": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "ủy ban mttq": "Ủy ban Mặt trận Tổ quốc", "ubmttq": "Ủy ban Mặt trận Tổ quốc", "mttq": "Mặt trận Tổ quốc",
    "mttq việt nam": "Mặt trận Tổ quốc Việt Nam", "mttqvn": "Mặt trận Tổ quốc Việt Nam",
    "mttq vn": "Mặt trận Tổ quốc Việt Nam", "đu": "Đảng ủy", "tw": "Trung ương", "hnd": "Hội Nông dân",
    "hội lhpn": "Hội Liên hiệp Phụ nữ", "hội ccb": "Hội Cựu chiến binh",
}  # fmt: skip
ORG_WORDS: list[tuple[str, str]] = [(n.lower(), n) for n in _ORG_NAMES.split("|")] + list(_ORG_SHORT.items())
ORG_START = re.compile(
    "(?<!\\w)(?<!toàn )(?:" + "|".join(sorted((re.escape(k) for k, _ in ORG_WORDS), key=len, reverse=True)) + ")(?!\\w)"
)
LEVEL_WORDS: list[tuple[str, str]] = [
    ("thành phố", "thành phố"), ("tp.", "thành phố"), ("tp", "thành phố"), ("thị xã", "thị xã"),
    ("thị trấn", "thị trấn"), ("tỉnh", "tỉnh"), ("huyện", "huyện"), ("quận", "quận"), ("xã", "xã"),
    ("phường", "phường"), ("toàn quốc", "toàn quốc"), ("việt nam", "Việt Nam"), ("cơ sở", "cơ sở"),
]  # fmt: skip
LEVEL_OF = {
    "tỉnh": "province", "tỉnh ủy": "province", "tỉnh đoàn": "province", "huyện": "district", "quận": "district",
    "thị xã": "district", "huyện ủy": "district", "quận ủy": "district", "thị ủy": "district",
    "huyện đoàn": "district", "xã": "commune", "phường": "commune", "thị trấn": "commune",
}  # fmt: skip
# Cities run by the centre: their "thành phố" and "Thành ủy" are province level.
CENTRAL_CITIES = {"hà nội", "hồ chí minh", "hcm", "tphcm", "hải phòng", "đà nẵng", "cần thơ", "huế"}
# Words in the body phrase that are not part of the organisation's name.
BODY_DROP = re.compile(
    r"\s*(?:,\s*)?(?:\(?\s*(?:khóa|khoá)\s+[ivxlc\d]+\)?|\(?nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4}\)?|lần thứ\s+\S+|mở rộng"
    r"|thường kỳ|bất thường|chuyên đề|\(\s*chuyên đề\s*\))",
    re.I,
)
CONNECT = re.compile(
    r"\s*(?:\(\w{2,8}\)|khóa\s+[ivxlc\d]+|\(?\s*khóa\s+[ivxlc\d]+\s*\)?|đại biểu|đảng viên|lần thứ\s+\S+)?\s*"
)
# Words that end a place name read after "huyện", "xã" ...
PLACE_STOP = _words(
    "khóa khoá nhiệm lần kỳ hội đại ban tổ đã năm tháng ngày sáng chiều và với đoàn về tại phiên đảng ủy uỷ huyện"
    " tỉnh xã hđnd ubnd bch btv mttq thường chủ bí phó trưởng cụm kết họp"
)
NOT_A_NAME = re.compile(r"(?<!\w)(?:phối hợp|với|cùng|và|đã|được|tại|vừa|do|của)(?!\w)")
VERB_BEFORE = re.compile(
    r"(?:(?:đã|vừa|long trọng|chính thức)\s+){0,4}(?:tổ chức|tiến hành|khai mạc|họp|mở|tiếp tục)\s*(?:thành công\s*)?$"
)
LEAD_DATE = re.compile(r"^[^,]{0,40}\d[^,]{0,20},\s*")
PREFIX_DATE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}|ngày\s+\d")

# --- chair ----------------------------------------------------------------------------------------
CHAIR_CUE = re.compile(r"(?<!\w)(?:chủ trì|điều hành|chủ tọa)(?!\w)")
PERSON = re.compile(r"(?<!\w)(?:đồng chí|đ/c|ông|bà)\s*:?\s+")
CHAIR_AFTER = re.compile(
    r"(?:chủ trì(?:,? điều hành)?(?: của)?|chủ trì (?:hội nghị|kỳ họp|đại hội|cuộc họp|buổi làm việc|phiên họp)"
    r"(?: có| là)?)\s*:?\s*(?:đồng chí|đ/c|ông|bà)\s+"
)
# Words that open an office, not a name ("Bí thư", "Phó Chủ tịch").
TITLE_WORDS = _words("bí phó chủ trưởng ủy giám tỉnh huyện thường đại tổng thứ ban các")
# Family names that open a person's name when no "đồng chí"/"ông"/"bà" announces it.
SURNAMES = _words(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh lâm mai trịnh đoàn lương tạ hà cao"
    " lưu chu tô kiều quách thái triệu la nông lò vi hứa tăng từ châu phùng trương âu giang khổng thân mạc lục ông"
    " vương doãn diệp kim nghiêm lã hầu bế lăng ninh thạch đàm tống quan trình viên bạch khúc đồng mã lữ lộc y"
)

# --- dates ----------------------------------------------------------------------------------------
# A session named in the headline: its own sentence dates it ("phiên bế mạc", "ngày làm việc thứ hai").
SESSION = re.compile(r"bế mạc|trù bị|chất vấn|ngày làm việc thứ \w+|phiên thảo luận")
# The words that open a date's phrase in the evidence ("Sáng ngày 11/7/2022").
DATE_LEAD_IN = re.compile(r"(?:(?:sáng|chiều|tối|trưa|ngày|hôm nay|nay|từ)\s*){0,4}$")

# --- unaccented text ------------------------------------------------------------------------------
# Titles typed without diacritics ("Hoi nghi Ban Chap hanh ...") get these words back in their key
# (same length, so spans still hold); longer phrases first, each unambiguous in a report's lead.
UNACCENTED_WORDS = (
    "hội nghị liên tịch|hội nghị|kỳ họp thứ|kỳ họp|phiên họp|cuộc họp|buổi họp|đại hội|giao ban|hội thảo|tọa đàm"
    "|sơ kết|tổng kết|chất vấn|trù bị|tổ chức|tiến hành|khai mạc|bế mạc|diễn ra|thảo luận|thông qua|cho ý kiến"
    "|dự kiến|triệu tập|thông báo|kết luận|nghị quyết|quyết định|kế hoạch|báo cáo|chuẩn bị|quán triệt|phối hợp"
    "|hợp tác|quy định|quy chế|tinh thần|tham dự|họp|ban chấp hành|ban thường vụ|thường trực|đảng bộ|đảng ủy"
    "|chi bộ|huyện ủy|tỉnh ủy|thành ủy"
    "|quận ủy|thị ủy|trung ương đảng|trung ương|bộ chính trị|ban bí thư|hội đồng nhân dân|ủy ban nhân dân"
    "|mặt trận tổ quốc|ủy ban kiểm tra|ủy ban|ban dân vận|ban tuyên giáo|ban tổ chức|công đoàn|cựu chiến binh"
    "|phụ nữ|nông dân|thanh niên|quốc hội|hđnd|ubnd|lần thứ|thứ nhất|thứ hai|thứ ba|thứ tư|thứ năm|thứ sáu"
    "|thứ bảy|thứ tám|thứ chín|thứ mười|mười một|mười hai|khóa|nhiệm kỳ|mở rộng|thường kỳ|bất thường|chuyên đề"
    "|tỉnh|huyện|xã|phường|thị trấn|thị xã|thành phố|việt nam|sáng|chiều|tối|ngày|tháng|năm|quý|đầu năm"
    "|cuối năm|đã|vừa|sẽ|của|làm việc|tình hình|thứ"
)
