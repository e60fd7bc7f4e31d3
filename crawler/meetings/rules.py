"""Rule tables for ``crawler.meetings``: every pattern runs on ``crawler.text.fold`` keys.

Kept apart from the logic so a reviewer can read what counts as a meeting report, and why, without
reading code (``names`` holds the tables of its fields: organisations, places, ordinals, chairs).
Patterns are written in folded form: lower case, new-style tone marks (``ủy``, ``hòa``, ``khóa``),
single spaces. ``fold`` keeps string length, so a match span in a key is also the span of the
original wording in the cleaned text. Patterns are bounded (``{0,60}`` rather than ``*``) and never
nest optional repeats, so a hostile line costs linear time.
"""

from __future__ import annotations

import re

# --- the nouns that name a meeting ------------------------------------------------------------
# Longer alternatives first: "kỳ họp" must win over the bare verb "họp". A session ("phiên chất
# vấn", "phiên trù bị") is part of the meeting named next to it; a question session is a council's.
MENTION = re.compile(
    r"(?<!\w)(hội nghị liên tịch|hội nghị|k[ỳì] họp|phiên họp|phiên (?:tái chất vấn|chất vấn|giải trình|trù bị"
    r"|khai mạc|bế mạc|thảo luận|toàn thể)|cuộc họp|buổi họp|họp liên tịch|đại hội|giao ban|hội thảo|tọa đàm|sơ kết"
    r"|tổng kết|tái chất vấn|chất vấn|họp)(?!\w)"
)
QUESTION_NOUNS = frozenset({"chất vấn", "tái chất vấn", "phiên chất vấn", "phiên tái chất vấn", "phiên giải trình"})
BARE_QUESTION_NOUNS = frozenset({"chất vấn", "tái chất vấn"})
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
# What an excluded mention is, read on its words (first hit wins; else another event).
EXCLUDED_KINDS = [
    ("contest", re.compile(r"thể dục|thể thao|tdtt|cháu ngoan|thi |hội diễn|liên hoan|văn nghệ|giỏi")),
    (
        "ceremony",
        re.compile(
            r"gặp mặt|họp mặt|biểu dương|tuyên dương|tôn vinh|vinh danh|khen thưởng|tri ân|kỷ niệm"
            r"|mít tinh|điển hình"
        ),
    ),
    ("not_reported", re.compile(r"các cấp|cấp cơ sở|cấp (?:huyện|xã|tỉnh)|trực thuộc|các chi|những|cơ sở cho")),
]
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
    r"(?<!\w)(?:sẽ|dự kiến|(?:ngày|sáng|chiều|tối) mai|sắp|hoãn|lùi|mong chờ|chờ đợi"
    r"|(?:tuần|tháng|năm) (?:tới|sau))(?!\w)"
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
# The verbs that announce one meeting ("triệu tập", "dự kiến khai mạc", "sẽ tổ chức kỳ họp thứ ...").
ANNOUNCING = re.compile(
    r"(?<!\w)(?:sẽ (?:được )?(?:tổ chức|khai mạc|diễn ra|họp|tiến hành|triệu tập)|dự kiến(?: sẽ)?(?: được)? (?:tổ chức"
    r"|khai mạc|diễn ra|họp|tiến hành|vào|từ|trong|kéo dài)|triệu tập|(?:ngày|sáng|chiều|tối) mai"
    r"|sắp (?:diễn ra|khai mạc|tổ chức)|(?:tuần|tháng) (?:tới|sau))(?!\w)"
)
# A goal or a celebration names a meeting without announcing it.
GOAL_BEFORE = re.compile(r"(?:hướng tới|tiến tới|chào mừng|để|nhằm|phục vụ|trước thềm|mục tiêu)\s*(?:cho\s*)?$")
POSTPONED = re.compile(
    r"(?<!\w)(?:hoãn|lùi (?:thời gian|lại|sang)|tạm dừng|không tổ chức|hủy|điều chỉnh thời gian)(?!\w)"
)

# --- article-level vetoes ----------------------------------------------------------------------
# A title that opens with one of these is not a meeting report; the key says what it is instead.
TITLE_HEAD_WORDS = {
    "announcement": "thông báo (?:về việc )?triệu tập|triệu tập|hoãn|dự kiến|chuẩn bị|sẵn sàng|công tác chuẩn bị"
    "|sắp diễn ra|sáng mai|chiều mai|ngày mai",
    "speech": "phát biểu|bài phát biểu|toàn văn (?:bài )?(?:phát biểu|diễn văn)|diễn văn|kịch bản|kich ban",
    "document": "nghị quyết|kết luận|kế hoạch|thông báo|quyết định|chỉ thị|hướng dẫn|công văn|tờ trình|báo cáo"
    "|toàn văn|thư(?! ký)",
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
# Anywhere in the title or the lead's first sentence (only on lines holding one of TEXT_VETO_WORDS).
TEXT_VETO_WORDS = (
    "cử tri", "txct", "cổ đông", "bầu cử", "hiệp thương", "ứng cử", "cháu ngoan", "thể dục", "phù đổng", "lễ ",
    "hội thi", "hội diễn", "hội chợ", "trung tâm hội nghị", "qua các",
)  # fmt: skip
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
    r"ban (kiểm tra|giám sát|dân vận|tuyên giáo(?: và dân vận)?|thanh tra nhân dân|tổ chức)(?!\w)"
)
# A meeting about these is another event (a voters' meeting, an election) or an inspection visit.
SIDE_TOPIC = [
    ("other_event", re.compile(r"tiếp xúc cử tri|hiệp thương|bầu cử|cổ đông")),
    ("visit", re.compile(r"(?:công bố|thông qua)[^,.;]{0,30}(?:kiểm tra|giám sát)|đoàn (?:kiểm tra|giám sát)")),
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
    (("thành công",), re.compile(r"(?<!\w)\d+ (?:xã|đơn vị|huyện|chi bộ|đảng bộ|cơ sở)[^.]{0,80}?tổ chức thành công")),
    (
        ("đại hội", "hoàn thành"),
        re.compile(
            r"(?<![\d.,/])(?:\d+/\d+|\d+(?:[.,]\d+)?\s*%|(?<!\w)\d+ )\s*(?:chi bộ|đảng bộ|tổ chức cơ sở đảng"
            r"|tổ chức đảng|cơ sở|xã|đơn vị|chi hội|công đoàn|cơ sở hội|hội cơ sở|chi đoàn|đoàn cơ sở)[^.]{0,60}?"
            r"(?:đại hội|hoàn thành)"
        ),
    ),
    (
        ("hoàn thành", "xong"),
        re.compile(r"hoàn thành (?:việc )?(?:tổ chức )?đại hội(?!\w)|tổ chức xong (?:đại hội|hội nghị)"),
    ),
    (
        ("đại hội",),
        re.compile(r"đại hội (?:các )?(?:chi bộ|cơ sở) [^.]{0,40}(?:hoàn thành|bảo đảm|đúng tiến độ)"),
    ),
]
# Feature and opinion titles (no dated event of their own).
FEATURE_TITLE = re.compile(
    r"(?:qua các (?:kỳ|nhiệm kỳ)|những kỳ đại hội|\(bài \d|bài \d:|kỳ \d:|những điều cần biết|hỏi đáp|là gì|vì sao"
    r"|tại sao)"
)
# Softer feature words: they veto only when the lead does not open on a dated event.
FEATURE_SOFT = re.compile(r"(?:dấu ấn|nhìn lại|bài học|kỳ vọng|niềm tin|tâm tư|tự hào|vững bước|\?$)")
# A week's news in one page ("Tin hoạt động nổi bật trong tuần", "Thời sự tuần", "tuần qua").
DIGEST_WORDS = ("tuần", "thời sự", "tổng hợp tin")
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
DOCUMENT_HEAD_WORDS = ("số", "so", "đảng cộng sản", "cộng h", "độc lập", "doc lap", "dang cong san")
DOCUMENT_HEAD = re.compile(
    r"^\W*(?:số\s?:?\s?\d{1,6}\s?[-/]\s?[a-zđ]{1,6}\s?[-/]\s?[a-zđ]{1,8}(?!\w)|(?:đảng cộng sản việt nam"
    r"|cộng hòa xã hội chủ nghĩa việt nam|độc lập\s?-\s?tự do\s?-\s?hạnh phúc)\W*$)"
)
# A transcript opens on a salutation, not on a reported event.
SPEECH_OPENING = re.compile(r"^\W*(?:kính thưa|thưa các|thưa đồng chí|thưa quý|kính gửi các)(?!\w)")
# Without a meeting noun, what event the text is about (first hit wins).
EVENT_KINDS = [
    ("visit", re.compile(r"(?<!\w)(?:thăm|làm việc (?:với|tại)|đến làm việc|buổi làm việc|khảo sát)(?!\w)")),
    (
        "ceremony",
        re.compile(r"(?<!\w)(?:lễ|mít tinh|gặp mặt|họp mặt|trao tặng|khánh thành|khởi công|ra quân|phát động)(?!\w)"),
    ),
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
