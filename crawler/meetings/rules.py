"""Rule tables for ``crawler.meetings``: every pattern runs on ``crawler.text.fold`` keys.

Kept apart from the logic so a reviewer can read what counts as a meeting report, and why, without
reading code. Patterns are written in folded form: lower case, new-style tone marks (``ủy``,
``hòa``, ``khóa``), single spaces. ``fold`` keeps string length, so a match span in a key is also
the span of the original wording in the cleaned text.
"""

from __future__ import annotations

import re

# --- the nouns that name a meeting ------------------------------------------------------------
# Longer alternatives first: "kỳ họp" must win over the bare verb "họp".
MENTION = re.compile(
    r"(?<!\w)(hội nghị liên tịch|hội nghị|k[ỳì] họp|phiên họp|phiên (?:chất vấn|trù bị|khai mạc|bế mạc|thảo luận)"
    r"|cuộc họp|buổi họp|họp liên tịch|đại hội|giao ban|hội thảo|tọa đàm|sơ kết|tổng kết|họp)(?!\w)"
)

# A mention followed by these words names something that is not a body's meeting.
EXCLUDED_AFTER = re.compile(
    r"^\s*(?:(?:đồng )?cổ đông|thể dục thể thao|tdtt|thể thao|cháu ngoan|gặp mặt|họp mặt|biểu dương|tuyên dương"
    r"|tôn vinh|vinh danh|khen thưởng|điển hình tiên tiến|tri ân|khách hàng|xúc tiến|tiếp xúc cử tri|cử tri"
    r"|hiệp thương|kỷ niệm|mít tinh|mặt|báo|bàn giao|(?:đảng )?(?:bộ )?các cấp|các chi|những|chi, đảng bộ"
    r"|đại biểu [^,.]{0,30}các cấp|[^,.]{0,20}cấp (?:cơ sở|huyện|xã|tỉnh)(?!\w)|cấp cơ sở|đảng bộ cấp (?:cơ sở|huyện"
    r"|tỉnh|xã)|(?:đảng bộ )?cơ sở cho|trực thuộc|thi |hội diễn|liên hoan|văn nghệ|nông dân (?:sản xuất"
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

# "dự họp" is attending, not the report; a review is the report only when held ("tổ chức sơ kết").
ATTEND_BEFORE = re.compile(r"(?<!\w)dự\s*$")
HOLD_VERB_BEFORE = re.compile(r"(?:tổ chức|tiến hành)\s*$")
# Future words just before a mention, in or out of its clause.
FUTURE_NEAR = re.compile(r"(?<!\w)(?:sẽ|dự kiến|ngày mai|sắp|hoãn|lùi)(?!\w)")
# "Toàn cảnh nơi diễn ra Đại hội ...": the venue, before the event.
VENUE_BEFORE = re.compile(r"(?:nơi|địa điểm) (?:sẽ )?(?:diễn ra|tổ chức)\s*$")
# A "hội nghị" about these is another event (a voters' meeting, an election, an inspection).
SIDE_TOPIC = re.compile(r"tiếp xúc cử tri|hiệp thương|bầu cử|cổ đông|(?:kiểm tra|giám sát)(?! (?:\w+ )?(?:đảng|khóa))")
# "Sáng nay chính thức khai mạc ...": the publication day is the meeting's.
TODAY_WORDS = re.compile(r"(?<!\w)(?:sáng|chiều|tối|trưa)? ?(?:nay|hôm nay)(?!\w)")

# --- is the mention the reported event, a future one, or a citation? --------------------------
FUTURE_LEFT = re.compile(
    r"(?:sẽ|dự kiến|ngày mai|sắp|chuẩn bị|để|nhằm|chọn|tiến tới|hướng tới|chào mừng|phục vụ|triệu tập|kế hoạch"
    r"|hoãn|lùi|trước thềm|bầu cử|ứng cử|mục tiêu|đến dự kiến|thời gian tổ chức|tổ chức tốt)(?!\w)"
)
CITED_LEFT = re.compile(
    r"(?:nghị quyết|kết luận|quán triệt|học tập|trình|văn kiện|kết quả|thông báo|tinh thần|sau|trước|dự thảo"
    r"|chương trình|quy chế|thăm|chúc mừng|tặng|theo|lẵng hoa|hoa chúc mừng|hoàn thành|thông qua|đề ra"
    r"|qua các|những|các kỳ|nhân dịp|dịp)(?!\w)"
)
HELD_LEFT = re.compile(
    r"(?:(?<!ban )tổ chức|tiến hành|khai mạc|bế mạc|họp|dự|tham dự|chủ trì|diễn ra|tới dự|đến dự|điều hành|mở|kết thúc"
    r"|khai mạc trọng thể|long trọng tổ chức)(?!\w)"
)
FUTURE_RIGHT = re.compile(
    r"^(?:[^.;]|\.(?=\S)){0,140}?(?:(?<!\w)sẽ (?:được )?(?:tổ chức|khai mạc|diễn ra|họp|tiến hành|bế mạc|kéo dài"
    r"|xem xét|bầu)"
    r"|dự kiến (?:sẽ |được )?(?:tổ chức|khai mạc|diễn ra|họp|tiến hành|vào|từ|trong|kéo dài|bế mạc|\d)"
    r"|(?:bị |được )?hoãn|lùi (?:thời gian|lại|sang)|(?<!\w)(?:sáng|chiều|tối|ngày) mai(?!\w))"
)
HELD_RIGHT = re.compile(
    r"^(?:[^.;]|\.(?=\S)){0,140}?(?<!\w)(?:đã|vừa|chính thức|diễn ra|khai mạc|bế mạc|kết thúc|thành công|bước vào"
    r"|tiến hành"
    r"|được tổ chức|họp|thảo luận|thông qua|bầu|cho ý kiến|biểu quyết|xem xét|nghe|đánh giá|sơ kết|tổng kết"
    r"|được tiến hành|quán triệt|triển khai|với sự tham dự|có sự tham dự|dưới sự chủ trì|do đồng chí)(?!\w)"
)

# --- article-level vetoes ----------------------------------------------------------------------
# A title that opens with one of these is not a meeting report; the key says what it is instead.
TITLE_HEAD_WORDS = {
    "document": "nghị quyết|kết luận|kế hoạch|thông báo|quyết định|chỉ thị|hướng dẫn|công văn|tờ trình|báo cáo"
    "|toàn văn|thư |thông cáo",
    "schedule": "lịch(?! sử)|chương trình",
    "visit": "thăm|kiểm tra|giám sát|đoàn công tác|đoàn kiểm tra|đoàn giám sát",
    "other_event": "tiếp xúc cử tri|txct|tuyên truyền",
    "ceremony": "trao|tặng|gặp mặt|họp mặt|lễ |ra mắt|phát động|ra quân|chúc mừng|mừng|khởi công|khánh thành",
    "contest": "hội thi|khai mạc hội thi|bế mạc hội thi|hội chợ|triển lãm|giải |liên hoan|hội diễn|ngày hội",
    "digest": "điểm tin|bản tin|tin vắn|tin tức",
    "announcement": "hoãn|dự kiến|chuẩn bị|sẵn sàng|công tác chuẩn bị|sắp diễn ra|sáng mai|ngày mai",
    "feature": r"nhìn lại|dấu ấn|lịch sử|bài \d|kỳ \d|góc nhìn|bình luận|ý kiến|video|ảnh|infographic|emagazine"
    "|e-magazine|chân dung|gương|người|hành trình|ký ức|kỷ niệm",
    "speech": "phát biểu của|bài phát biểu|diễn văn|kịch bản|kich ban",
}
TITLE_HEAD = [(code, re.compile(rf"^\W*(?:{words})(?!\w)")) for code, words in TITLE_HEAD_WORDS.items()]
# Anywhere in the title or the lead's first sentence.
TEXT_VETO = re.compile(
    r"(?:tiếp xúc cử tri|(?<!\w)txct(?!\w)|cổ đông|bầu cử đại biểu|hiệp thương|người ứng cử|ứng cử viên"
    r"|đại hội cháu ngoan|cháu ngoan bác hồ|thể dục thể thao|hội khỏe phù đổng|(?<!\w)lễ (?:khởi công|kỷ niệm|ra quân"
    r"|khánh thành|trao|kết nạp|công bố|phát động|tuyên dương|mít tinh|đón nhận|xuất quân|giao nhận)"
    r"|(?<!\w)hội thi(?!\w)|hội diễn|sẵn sàng cho|hội chợ|trung tâm hội nghị quốc gia tổ chức|qua các kỳ đại hội"
    r"|qua các nhiệm kỳ)"
)
# What each TEXT_VETO word is: read on the matched words, first hit wins.
TEXT_VETO_KINDS = [
    ("progress_tally", re.compile(r"qua các")),
    ("ceremony", re.compile(r"(?<!\w)lễ ")),
    ("contest", re.compile(r"cháu ngoan|thể dục|phù đổng|hội thi|hội diễn|hội chợ|sẵn sàng")),
    ("other_event", re.compile(r".")),
]
# "46/49 chi bộ đã hoàn thành đại hội": a progress report over many units.
AGGREGATE = re.compile(
    r"(?<!\w)các (?:xã|huyện|phường|địa phương|đơn vị|chi bộ|chi hội|chi đoàn|cơ sở)[^.]{0,60}?(?:đã "
    r"|đồng loạt )?tổ chức"
    r" (?:thành công )?đại hội"
    r"|(?:hđnd|ubnd|đảng bộ|đảng ủy|huyện|xã) các (?:địa phương|huyện|xã|phường|đơn vị)[^.]{0,30}?tổ chức"
    r"|(?:đã |vừa )?tổ chức (?:được )?(?:\d+|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|nhiều|các) (?:kỳ họp|hội nghị"
    r"|cuộc họp|phiên họp|đại hội)"
    r"|(?<!\w)\d+ (?:xã|đơn vị|huyện|chi bộ|đảng bộ|cơ sở)[^.]{0,80}?tổ chức thành công"
    r"|(?<![\d.,/])(?:\d+/\d+|\d+(?:[.,]\d+)?\s*%|(?<!\w)\d+ )\s*(?:chi bộ|đảng bộ|tổ chức cơ sở đảng"
    r"|tổ chức đảng|cơ sở|xã"
    r"|đơn vị|chi hội|công đoàn"
    r"|cơ sở hội|hội cơ sở|chi đoàn|đoàn cơ sở)[^.]{0,60}?(?:đại hội|hoàn thành)"
    r"|hoàn thành (?:việc )?(?:tổ chức )?đại hội(?!\w)"
    r"|(?:đại hội|tổ chức đại hội) (?:các )?(?:chi bộ|cơ sở) [^.]{0,40}(?:hoàn thành|bảo đảm|đúng tiến độ)"
)
# Feature and opinion titles (no dated event of their own).
FEATURE_TITLE = re.compile(
    r"(?:qua các (?:kỳ|nhiệm kỳ)|những kỳ đại hội|\(bài \d|bài \d:|kỳ \d:|những điều cần biết|hỏi đáp|là gì|vì sao"
    r"|tại sao|thông tin thời sự|thời sự (?:nổi bật|tuần)|tuần thứ \d)"
)
# Softer feature words: they veto only when the lead does not open on a dated event.
FEATURE_SOFT = re.compile(r"(?:dấu ấn|nhìn lại|bài học|kỳ vọng|niềm tin|tâm tư|tự hào|vững bước|\?$)")

# --- kind -------------------------------------------------------------------------------------
PARTY_ORG = re.compile(
    r"(?:ban chấp hành|(?<!\w)bch(?!\w)|ban thường vụ|(?<!\w)btv(?!\w)|chấp hành đảng bộ|(?:tỉnh|huyện|thành|quận"
    r"|thị|đảng) ủy"
    r"|cấp ủy|trung ương|(?<!\w)(?:tw|t\.ư)(?!\w)|bộ chính trị|ban bí thư|(?<!\w)đu(?!\w))"
)
PARTY_CONTEXT = re.compile(r"(?:đảng|huyện ủy|tỉnh ủy|thành ủy|quận ủy|thị ủy|trung ương|bộ chính trị)")
COUNCIL_ORG = re.compile(r"(?:(?<!\w)hđnd(?!\w)|hội đồng nhân dân)")
UBND_ORG = re.compile(r"(?:(?<!\w)ubnd(?!\w)|ủy ban nhân dân)")
REVIEW = re.compile(r"(?<!\w)(?:sơ kết|tổng kết)(?!\w)")
OTHER_HINT = re.compile(r"(?:học tập|quán triệt|triển khai|chuyên đề|liên tịch|hội thảo|tọa đàm|cán bộ chủ chốt)")
MONTHLY = re.compile(r"thường kỳ|tháng (?:\d{1,2}|một|hai|ba|tư|năm|sáu|bảy|tám|chín|mười)|hằng tháng|hàng tháng")
STANDING = re.compile(r"thường trực|thường vụ quốc hội|ủy ban thường vụ")
QUOC_HOI = re.compile(r"quốc hội")

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
    r"|mười(?: (?:một|hai|ba|bốn|tư|lăm|năm|sáu|bảy|bẩy|tám|chín))?"
    r"|nhất|một|hai|ba|tư|bốn|năm|sáu|bảy|bẩy|tám|chín)"
)
_NUM = rf"(?P<n>\d{{1,3}}|[ivxlc]+|{_WORD_NUM})(?!\w)"
# Words in the gap between a meeting noun and "lần thứ N" that mean the N belongs to something else.
_GAP = (
    r"(?P<gap>(?:(?!tiến tới|hướng tới|chào mừng|trình|thông qua|cho ý kiến|quán triệt|nghị quyết|ngày làm việc|để "
    r"|nhằm "
    r"|khóa |đại hội|hội nghị|kỳ họp)[^;.:!?]){0,70}?)"
)
ORDINAL = [
    re.compile(rf"^(?:kỳ họp|phiên họp|phiên|cuộc họp)\s+(?:lần\s+)?thứ\s+{_NUM}"),
    re.compile(r"^(?:cuộc họp|phiên họp|buổi họp|hội nghị)\s*\(?\s*lần\s+(?P<n>\d{1,3})(?!\w)"),
    re.compile(
        rf"^(?:hội nghị|đại hội|kỳ họp|phiên họp|cuộc họp|hội nghị liên tịch"
        rf"|phiên trù bị){_GAP}(?<!\w)lần\s+thứ\s+{_NUM}"
    ),
    re.compile(
        rf"^hội nghị\s+(?:lần thứ\s+)?(?:ban chấp hành\s+)?(?:trung ương|tw|t\.ư)(?:\s+đảng)?\s+(?:lần\s+thứ\s+)?{_NUM}"
    ),
    re.compile(r"^đại hội\s+(?:đảng\s+)?(?:toàn quốc\s+)?(?:lần\s+thứ\s+)?(?P<n>[ivxlc]+)(?!\w)"),
]
WORD_VALUES = {
    "nhất": 1,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
}
ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}

# --- term, period, chair ----------------------------------------------------------------------
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

# --- organisations (for the body) ---------------------------------------------------------------
# (folded key, display) pairs; abbreviations expand here.
ORG_WORDS: list[tuple[str, str]] = [
    ("ban chấp hành", "Ban Chấp hành"),
    ("bch", "Ban Chấp hành"),
    ("chấp hành", "Ban Chấp hành"),
    ("ban thường vụ", "Ban Thường vụ"),
    ("btv", "Ban Thường vụ"),
    ("ban thường trực", "Ban Thường trực"),
    ("ủy ban thường vụ", "Ủy ban Thường vụ"),
    ("thường trực", "Thường trực"),
    ("tt", "Thường trực"),
    ("hội đồng nhân dân", "Hội đồng nhân dân"),
    ("hđnd", "Hội đồng nhân dân"),
    ("ủy ban nhân dân", "Ủy ban nhân dân"),
    ("ubnd", "Ủy ban nhân dân"),
    ("ủy ban mặt trận tổ quốc việt nam", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("ủy ban mttq việt nam", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("ủy ban mttq", "Ủy ban Mặt trận Tổ quốc"),
    ("ubmttq việt nam", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("ubmttq", "Ủy ban Mặt trận Tổ quốc"),
    ("ủy ban mặt trận tổ quốc", "Ủy ban Mặt trận Tổ quốc"),
    ("mặt trận tổ quốc việt nam", "Mặt trận Tổ quốc Việt Nam"),
    ("mặt trận tổ quốc", "Mặt trận Tổ quốc"),
    ("mttq việt nam", "Mặt trận Tổ quốc Việt Nam"),
    ("mttqvn", "Mặt trận Tổ quốc Việt Nam"),
    ("mttq vn", "Mặt trận Tổ quốc Việt Nam"),
    ("ủy ban mttq vn", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("mttq", "Mặt trận Tổ quốc"),
    ("đảng ủy", "Đảng ủy"),
    ("đu", "Đảng ủy"),
    ("đảng bộ", "Đảng bộ"),
    ("chi bộ", "Chi bộ"),
    ("tỉnh ủy", "Tỉnh ủy"),
    ("huyện ủy", "Huyện ủy"),
    ("thành ủy", "Thành ủy"),
    ("quận ủy", "Quận ủy"),
    ("thị ủy", "Thị ủy"),
    ("bộ chính trị", "Bộ Chính trị"),
    ("ban bí thư", "Ban Bí thư"),
    ("trung ương đảng", "Trung ương Đảng"),
    ("trung ương", "Trung ương"),
    ("tw", "Trung ương"),
    ("quốc hội", "Quốc hội"),
    ("chính phủ", "Chính phủ"),
    ("hội nông dân", "Hội Nông dân"),
    ("hnd", "Hội Nông dân"),
    ("hội liên hiệp phụ nữ", "Hội Liên hiệp Phụ nữ"),
    ("hội lhpn", "Hội Liên hiệp Phụ nữ"),
    ("hội phụ nữ", "Hội Phụ nữ"),
    ("hội cựu chiến binh", "Hội Cựu chiến binh"),
    ("hội ccb", "Hội Cựu chiến binh"),
    ("hội cựu giáo chức", "Hội Cựu giáo chức"),
    ("hội người cao tuổi", "Hội Người cao tuổi"),
    ("hội chữ thập đỏ", "Hội Chữ thập đỏ"),
    ("hội khuyến học", "Hội Khuyến học"),
    ("liên đoàn lao động", "Liên đoàn Lao động"),
    ("công đoàn", "Công đoàn"),
    ("đoàn thanh niên cộng sản hồ chí minh", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"),
    ("đoàn tncs hồ chí minh", "Đoàn TNCS Hồ Chí Minh"),
    ("đoàn thanh niên", "Đoàn Thanh niên"),
    ("huyện đoàn", "Huyện đoàn"),
    ("tỉnh đoàn", "Tỉnh đoàn"),
    ("thành đoàn", "Thành đoàn"),
    ("ủy ban kiểm tra", "Ủy ban Kiểm tra"),
    ("ban chỉ đạo", "Ban Chỉ đạo"),
    ("tiểu ban", "Tiểu ban"),
    ("ban tổ chức", "Ban Tổ chức"),
    ("ban tuyên giáo", "Ban Tuyên giáo"),
    ("ban dân vận", "Ban Dân vận"),
    ("ban nội chính", "Ban Nội chính"),
    ("văn phòng", "Văn phòng"),
    ("khối", "Khối"),
    ("hội", "Hội"),
]
ORG_START = re.compile(
    "(?<!\\w)(?<!toàn )(?:" + "|".join(sorted((re.escape(k) for k, _ in ORG_WORDS), key=len, reverse=True)) + ")(?!\\w)"
)
LEVEL_WORDS: list[tuple[str, str]] = [
    ("thành phố", "thành phố"),
    ("tp.", "thành phố"),
    ("tp", "thành phố"),
    ("thị xã", "thị xã"),
    ("thị trấn", "thị trấn"),
    ("tỉnh", "tỉnh"),
    ("huyện", "huyện"),
    ("quận", "quận"),
    ("xã", "xã"),
    ("phường", "phường"),
    ("toàn quốc", "toàn quốc"),
    ("việt nam", "Việt Nam"),
    ("cơ sở", "cơ sở"),
]
LEVEL_OF = {
    "tỉnh": "province",
    "tỉnh ủy": "province",
    "tỉnh đoàn": "province",
    "huyện": "district",
    "quận": "district",
    "thị xã": "district",
    "huyện ủy": "district",
    "quận ủy": "district",
    "thị ủy": "district",
    "huyện đoàn": "district",
    "xã": "commune",
    "phường": "commune",
    "thị trấn": "commune",
}
# Cities run by the centre: their "thành phố" and "Thành ủy" are province level.
CENTRAL_CITIES = {"hà nội", "hồ chí minh", "hcm", "tphcm", "hải phòng", "đà nẵng", "cần thơ", "huế"}
# Words in the body phrase that are not part of the organisation's name.
BODY_DROP = re.compile(
    r"\s*(?:,\s*)?(?:\(?\s*(?:khóa|khoá)\s+[ivxlc\d]+\)?|\(?nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4}\)?|lần thứ\s+\S+|mở rộng"
    r"|thường kỳ|bất thường|chuyên đề|\(\s*chuyên đề\s*\))",
    re.I,
)

# Family names that open a person's name when no "đồng chí"/"ông"/"bà" announces it.
SURNAMES = frozenset(
    [
        "nguyễn",
        "trần",
        "lê",
        "phạm",
        "hoàng",
        "huỳnh",
        "phan",
        "vũ",
        "võ",
        "đặng",
        "bùi",
        "đỗ",
        "hồ",
        "ngô",
        "dương",
        "lý",
        "đinh",
        "lâm",
        "mai",
        "trịnh",
        "đoàn",
        "lương",
        "tạ",
        "hà",
        "cao",
        "lưu",
        "chu",
        "tô",
        "kiều",
        "quách",
        "thái",
        "triệu",
        "la",
        "nông",
        "lò",
        "vi",
        "hứa",
        "tăng",
        "từ",
        "châu",
        "phùng",
        "trương",
        "âu",
        "giang",
        "khổng",
        "thân",
        "mạc",
        "lục",
        "ông",
        "vương",
        "doãn",
        "diệp",
        "kim",
        "nghiêm",
        "lã",
        "hầu",
        "bế",
        "lăng",
        "ninh",
        "thạch",
        "đàm",
        "tống",
        "quan",
        "trình",
        "viên",
        "bạch",
        "khúc",
        "đồng",
        "mã",
        "lữ",
        "lộc",
        "y",
    ]
)

# --- moved from when.py ---
CHAIR_CUE = re.compile(r"(?<!\w)(?:chủ trì|điều hành|chủ tọa)(?!\w)")
PERSON = re.compile(r"(?<!\w)(?:đồng chí|đ/c|ông|bà)\s*:?\s+")
CHAIR_AFTER = re.compile(
    r"(?:chủ trì(?:,? điều hành)?(?: của)?|chủ trì (?:hội nghị|kỳ họp|đại hội|cuộc họp|buổi làm việc|phiên họp)"
    r"(?: có| là)?)\s*:?\s*(?:đồng chí|đ/c|ông|bà)\s+"
)
TITLE_WORDS = {
    "bí",
    "phó",
    "chủ",
    "trưởng",
    "ủy",
    "giám",
    "tỉnh",
    "huyện",
    "thường",
    "đại",
    "tổng",
    "thứ",
    "ban",
    "các",
}


# --- moved from body.py ---
CONNECT = re.compile(
    r"\s*(?:\(\w{2,8}\)|khóa\s+[ivxlc\d]+|\(?\s*khóa\s+[ivxlc\d]+\s*\)?|đại biểu|đảng viên|lần thứ\s+\S+)?\s*"
)
PLACE_STOP = {
    "khóa",
    "khoá",
    "nhiệm",
    "lần",
    "kỳ",
    "hội",
    "đại",
    "ban",
    "tổ",
    "đã",
    "năm",
    "tháng",
    "ngày",
    "sáng",
    "chiều",
    "và",
    "với",
    "đoàn",
    "về",
    "tại",
    "phiên",
    "đảng",
    "ủy",
    "uỷ",
    "huyện",
    "tỉnh",
    "xã",
    "hđnd",
    "ubnd",
    "bch",
    "btv",
    "mttq",
    "thường",
    "chủ",
    "bí",
    "phó",
    "trưởng",
    "cụm",
    "kết",
    "họp",
}
NOT_A_NAME = re.compile(r"(?<!\w)(?:phối hợp|với|cùng|và|đã|được|tại|vừa|do|của)(?!\w)")
VERB_BEFORE = re.compile(
    r"(?:(?:đã|vừa|long trọng|chính thức)\s+)*(?:tổ chức|tiến hành|khai mạc|họp|mở|tiếp tục)\s*(?:thành công\s*)?$"
)
LEAD_DATE = re.compile(r"^[^,]{0,40}\d[^,]{0,20},\s*")
PREFIX_DATE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}|ngày\s+\d")


# --- moved from fields.py ---
CITED_TAIL = re.compile(
    r"(?<!\w)(?:thực hiện|nghị quyết|chỉ thị|kết luận|quy định|văn kiện|của bộ chính trị"
    r"|của ban chấp hành trung ương)(?!\w)"
)
BARE = re.compile(
    r"\s*(?:(?:lần thứ \S+|thường kỳ|mở rộng|bất thường|\(mở rộng\)|tháng \d+|quý \w+|năm \d{4})\s*)*"
    r"(?:[,.;(]|$|khóa|nhiệm kỳ|để|nhằm|thông qua|cho ý kiến|xem xét|thảo luận|bàn|vào|với|tại|do|dưới|đánh giá"
    r"|nghe|quyết định|kiểm điểm|và|có)"
)


# --- moved from analysis.py ---
SOURCE_TAG = re.compile(
    r"^(?:\([^)]{2,30}\)\s*[-–—]*|(?:[A-ZĐ][A-ZĐ&.]{1,14}|[\w.&]{2,24}\.(?:vn|com|net|org))\s*[-–—]+|[-–—])\s*"
)
BOILER = re.compile(
    r"^(?:theo dõi|ngày đăng|đăng ngày|cập nhật|lượt xem|view count|xuất bản|chi tiết bài viết|null(?!\w)|đăng lúc"
    r"|tin cùng"
    r"|ảnh:|\d{4}-\d{2}-\d{2}|\(?cập nhật|date \d{4})"
)
SENT_SPLIT = re.compile(r"(?<=[.!?…])\s+")
ABBR_END = re.compile(r"(?<!\w)(?:TP|Tp|tp|TX|TT|ThS|Th\.S|TS|PGS|GS|Q|P|Đ/c|đ/c|St|Mr|Ths)\.$")
DATE_PREFIX = re.compile(r"^[^,]{0,40}\d[^,]{0,20},\s*$|^\W*$|^(?:hôm nay|sáng nay|chiều nay|tối nay)[^,]{0,25},\s*$")
OPENS_DATED = re.compile(
    r"^\W*(?:(?:sáng|chiều|tối|trưa|hôm nay|hôm qua|vào|ngày|nay"
    r"|từ)\s*)*(?:\(?\s*thứ \w+\s*\)?,?\s*)?\d{1,2}\s*(?:[/.-]|tháng)\s*\d"
)
TITLE_PREFIX = re.compile(r"^\W*$|^[^:]{1,40}[:|]\s*$|^(?:khai mạc|bế mạc|tổ chức)\s*$")
SUBJECT_HOP = re.compile(
    r"(?:bộ chính trị|ban bí thư|ban thường vụ|btv|thường trực|ubnd|ủy ban nhân dân|hđnd|chính phủ|ban chấp hành|bch"
    r"|ủy|ban chỉ đạo|tiểu ban|ban|hội đồng|huyện|tỉnh|xã|phường|thị trấn|quận|thị xã|thành phố)[^,.;]{0,40}"
    r"(?:đã |vừa |tiến hành |tổ chức |có cuộc )?$|chủ trì\s*$"
)

# --- moved from when.py (dates) ---
# A session named in the headline: its own sentence dates it ("phiên bế mạc", "ngày làm việc thứ hai").
SESSION = re.compile(r"bế mạc|trù bị|chất vấn|ngày làm việc thứ \w+|phiên thảo luận")
# The words that open a date's phrase in the evidence ("Sáng ngày 11/7/2022").
DATE_LEAD_IN = re.compile(r"(?:(?:sáng|chiều|tối|trưa|ngày|hôm nay|nay|từ)\s*)*$")
# "Ban Chấp hành Đảng bộ huyện (khoá IX)": the term written after the body's name.
BODY_TERM = r"[^,;.]{0,12}?\(?\s*(khóa\s+[ivxlc]+)(?!\w)"
