"""Rule tables for ``crawler.meetings``: every pattern runs on ``crawler.text.fold`` keys.

Kept apart from the logic so a reviewer can read what counts as a meeting report, and why, without
reading code (``vetoes`` holds what a page is when it reports none; ``names`` the tables of the fields:
organisations, places, ordinals, kinds, chairs).
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
    r"(?<!\w)(hội nghị liên tịch|hội nghị|k[ỳì] họp|đhđb|phiên họp|phiên (?:tái chất vấn|chất vấn|giải trình|trù bị"
    r"|khai mạc|bế mạc|thảo luận|toàn thể|thứ (?:nhất|hai|ba|tư|năm|\d))|sinh hoạt chi bộ|cuộc họp|buổi họp"
    r"|họp liên tịch|đại hội|giao ban|hội thảo|tọa đàm|sơ kết"
    r"|tổng kết|tái chất vấn|chất vấn|buổi làm việc|họp)(?!\w)"
)
# A committee's "buổi làm việc" is a meeting; one held "với" or "tại" another unit is a working visit.
VISIT_AFTER = re.compile(r"^[^.;]{0,60}?(?<!\w)(?:với|tại)(?!\w)")
VISIT_BEFORE = re.compile(r"(?:đoàn (?:công tác|kiểm tra|giám sát|khảo sát)|thăm)[^.;]{0,80}$")
# Spellings of a noun read as the noun itself: the old "kì", the press abbreviation "ĐHĐB" (Đại hội đại biểu).
NOUN_ALIASES = {"kì họp": "kỳ họp", "đhđb": "đại hội"}
QUESTION_NOUNS = frozenset({"chất vấn", "tái chất vấn", "phiên chất vấn", "phiên tái chất vấn", "phiên giải trình"})
BARE_QUESTION_NOUNS = frozenset({"chất vấn", "tái chất vấn"})
# "phiên chất vấn và trả lời chất vấn tại Kỳ họp thứ 9": the words between a session and its meeting.
SESSION_LINK = re.compile(r"(?: và (?:trả lời chất vấn|giải trình))?,? ?(?:(?:tại|của|thuộc|trong) )?")
FORMAL_NOUNS = frozenset({"hội nghị", "kỳ họp", "đại hội", "phiên họp", "phiên trù bị", "phiên khai mạc"})

# A mention followed by these words names something that is not a body's meeting.
EXCLUDED_AFTER = re.compile(
    r"^\s*(?:(?:đồng )?cổ đông|thể dục thể thao|tdtt|thể thao|cháu ngoan|gặp mặt|họp mặt|biểu dương|tuyên dương"
    r"|tôn vinh|vinh danh|khen thưởng|điển hình tiên tiến|tri ân|khách hàng|xúc tiến|tiếp xúc cử tri|cử tri"
    r"|hiệp thương(?! cử| bầu)|kỷ niệm|mít tinh|bàn giao|thi |(?<!đại )hội diễn|liên hoan|văn nghệ"
    r"|nông dân [^.;]{0,30}giỏi)"
)
# ... and after "họp" only: a get-together ("họp mặt") or a press conference ("cuộc họp báo", not "họp báo cáo").
HOP_EXCLUDED_AFTER = re.compile(r"^\s*(?:mặt|báo(?! cáo))(?!\w)")
HOP_NOUNS = frozenset({"họp", "cuộc họp", "buổi họp", "phiên họp"})
# ... and after "đại hội" or "kỳ họp" only: many of them at once ("đại hội các cấp", "đại hội chi bộ trực thuộc",
# "kỳ họp HĐND các cấp"); "hội nghị các chi bộ trực thuộc" is one conference.
PLURAL_AFTER = re.compile(
    r"^\s*(?:(?:đảng )?(?:bộ )?các cấp|các chi|những|chi, đảng bộ|đại biểu [^,.]{0,30}các cấp"
    r"|(?!điểm )[^,.]{0,20}cấp (?:cơ sở|huyện|xã|tỉnh)(?!\w)|cấp cơ sở|đảng bộ cấp (?:cơ sở|huyện|tỉnh|xã)"
    r"|(?:đảng bộ )?cơ sở cho|trực thuộc)"
)
PLURAL_NOUNS = frozenset({"đại hội", "kỳ họp", "kì họp"})
# What an excluded mention is, read on its words (first hit wins; else another event).
# Honour and emulation congresses ("Đại hội cháu ngoan Bác Hồ", "Đại hội thi đua yêu nước", "Đại hội Nông dân sản
# xuất, kinh doanh giỏi") are ceremonies.
EXCLUDED_KINDS = [
    (
        "ceremony",
        re.compile(
            r"gặp mặt|họp mặt|biểu dương|tuyên dương|tôn vinh|vinh danh|khen thưởng|tri ân|kỷ niệm"
            r"|mít tinh|điển hình|cháu ngoan|thi đua|giỏi"
        ),
    ),
    ("contest", re.compile(r"thể dục|thể thao|tdtt|thi |(?<!đại )hội diễn|liên hoan|văn nghệ")),
    ("not_reported", re.compile(r"các cấp|cấp cơ sở|cấp (?:huyện|xã|tỉnh)|trực thuộc|các chi|những|cơ sở cho")),
]
# ... and preceded by these (a sports games, a contest name).
EXCLUDED_BEFORE = re.compile(r"(?<!\w)(?:hội thi|giải|thi đấu)\s*$")
# A building named after meetings is a venue, no meeting ("tại Trung tâm Hội nghị tỉnh"; "Hải Phòng" is a city).
VENUE_NAME_BEFORE = re.compile(r"(?<!\w)(?:trung tâm|cung|nhà|(?<!hải )phòng|hội trường|khu)\s*$")

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
    r"|(?:tuần|tháng|năm|thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật) (?:tới|sau))(?!\w)"
)
# "Toàn cảnh nơi diễn ra Đại hội ...": the venue, before the event.
VENUE_BEFORE = re.compile(r"(?:nơi|địa điểm) (?:sẽ )?(?:diễn ra|tổ chức)\s*$")
# "Sáng 5/7, tại Kỳ họp thứ 12, ...": the sentence opens on the meeting's date and place.
AT_MEETING = re.compile(r"^\s*tại\s*$")
# "đã triệu tập" reports the convening; "Ủy ban Bầu cử" names an organiser; "phải dự" is an order for later.
FUTURE_LEFT = re.compile(
    r"(?<!\w)(?:sẽ|dự kiến|ngày mai|sắp|chuẩn bị|trước khi (?:tiến hành|tổ chức)|để|nhằm|chọn|tiến tới|hướng tới"
    r"|chào mừng|phục vụ"
    r"|(?<!đã )(?<!vừa )triệu tập|kế hoạch|hoãn|lùi|trước thềm|(?<!ban )(?<!tổ )bầu cử|ứng cử|mục tiêu"
    r"|thời gian tổ chức|tổ chức tốt|mong chờ|mong muốn|chờ đợi|kỳ vọng|phải (?:trực tiếp )?(?:tham )?dự)(?!\w)"
)
# "trình bày", "theo dõi" are no citations; "những" cites only just before the noun ("những kỳ đại hội"); "do"
# just before it makes the meeting the agent of what is cited ("nhiệm vụ do Đại hội XI đề ra").
CITED_LEFT = re.compile(
    r"(?<!\w)(?:nghị quyết|kết luận|quán triệt|học tập|(?<!chương )trình(?! bày)|văn kiện|kết quả|thông báo|tinh thần"
    r"|sau|trước|dự thảo|(?<!tiếp tục )chương trình|quy chế|thăm|chúc mừng|tặng|theo(?! dõi)"
    r"|hoàn thành|thông qua|đề ra|thông tin về|họp báo|qua các|những(?= (?:kỳ |cuộc |buổi )?$)|các kỳ|nhân dịp|dịp"
    r"|do(?= $))(?!\w)"
)
# What was said or decided at the meeting ("Đó là thông tin tại Hội nghị ...", "Bí thư Tỉnh ủy nhấn mạnh ... tại Đại
# hội ...", "Thông tin được đưa ra tại ...", "phát biểu tại ..."): the meeting the sentence reports.
STATED_AT = (
    r"(?:(?:đó|đây) là|yêu cầu|nhấn mạnh|chỉ đạo|khẳng định|đề nghị|cho biết|thông tin|chia sẻ|đánh giá"
    r"|lưu ý|đề xuất|kiến nghị|nêu rõ|nêu|đưa ra|phát biểu|trình bày|báo cáo|giải trình|trả lời)"
    r"[^,;.]{0,80}? tại"
)
# ... but not in a sentence that opens by citing it ("Thực hiện Kết luận của Ban Thường vụ tại Hội nghị ngày ...",
# "Theo yêu cầu của Chủ tịch UBND tỉnh tại phiên họp ...").
CITING_OPENING = re.compile(
    r"^\W*(?:[^,]{0,30},\s*)?(?:theo|thực hiện|căn cứ|quán triệt|tiếp tục thực hiện|để thực hiện|nhằm thực hiện"
    r"|để cụ thể hóa|trên cơ sở)(?!\w)"
)
# ... the statement's verb may lie a few clauses back ("Chủ tịch UBND tỉnh yêu cầu các sở, ngành ... tại phiên họp").
STATED_BEFORE = re.compile(
    r"(?<!\w)(?:yêu cầu|nhấn mạnh|chỉ đạo|khẳng định|đề nghị|cho biết|lưu ý|đề xuất|kiến nghị|nêu rõ"
    r"|phát biểu|trình bày|báo cáo)(?!\w)[^.;]{0,160}? tại\s*$"
)
# A statement made at a meeting reports it only with a time to it ("... tại Hội nghị ... chiều 26/12", "vừa"); a
# journal's "được đánh giá cao tại Đại hội XII" looks back.
RECENT = re.compile(
    r"(?<![\d/.-])\d{1,2}\s?[/.-]\s?\d{1,2}(?!\d)|(?<!\w)(?:ngày \d{1,2}|vừa|mới đây|hôm nay|hôm qua"
    r"|(?:sáng|chiều|tối|trưa) (?:nay|qua))(?!\w)"
)
# ... or when the meeting is named bare, as the article's own ("tại kỳ họp", "tại hội nghị này").
BARE_AFTER = re.compile(r"\s*(?:này|lần này|hôm nay)?\s*(?:[.,;:!?]|$)")
# "hoàn thành" right before the noun completes the meeting itself, not what it set ("hoàn thành chỉ tiêu Nghị quyết Đại
# hội"); whether one unit's or many is for the tallies to tell.
COMPLETED_BEFORE = re.compile(r"(?<!\w)(?:đã )?hoàn thành (?:việc )?(?:tổ chức )?$")
# A day of a plenum, its communiqué, the rest of its programme, who spoke at it: the meeting is under way
# ("việc tổ chức", "đề án tổ chức", "công tác tổ chức" Đại hội name the organising of it, not its holding).
HELD_LEFT = re.compile(
    r"(?<!\w)(?:(?<!ban )(?<!việc )(?<!đề án )(?<!phương án )(?<!công tác )(?<!quy trình )(?<!hướng dẫn )tổ chức"
    r"|tiến hành|khai mạc|bế mạc"
    r"|họp(?! báo| mặt)|dự|tham dự|chủ trì|diễn ra|tới dự|đến dự|điều hành|mở"
    r"|kết thúc|ra mắt|"
    + STATED_AT
    + r"|khai mạc trọng thể|long trọng tổ chức|ngày làm việc thứ \w+(?: của)?|thông cáo(?: báo chí)?(?: về| của)?"
    r"|tiếp tục chương trình(?: làm việc)?(?: của)?)(?!\w)"
)
# The object of a held verb that is another event about the meeting ("tổ chức gặp mặt giới thiệu báo chí tuyên truyền
# Đại hội ...", "tổ chức họp báo thông tin về Đại hội ..."): the meeting is its topic, not what was held. The opening
# and closing ceremonies of a meeting ("lễ khai mạc Đại hội") are the meeting itself.
EVENT_OBJECT = re.compile(
    r"(?<!\w)(?:gặp mặt|họp báo|buổi gặp|(?<!\w)lễ (?!khai mạc|bế mạc)|khai trương|tuyên truyền|triển lãm|phát động"
    r"|tặng quà|trao tặng|chúc mừng|thăm|hội thi|cuộc thi|giải|tập huấn|bồi dưỡng)(?!\w)"
)
# Up to 140 characters of the mention's sentence ("TP. Cần Thơ" does not end it).
_SENTENCE_ON = r"^(?:[^.;]|\.(?=\S)|(?<=tp)\.\s){0,140}?"
FUTURE_RIGHT = re.compile(
    _SENTENCE_ON + r"(?:(?<!\w)sẽ (?:được )?(?:chính thức )?(?:tổ chức|khai mạc|diễn ra|họp|tiến hành|bế mạc|kéo dài)"
    r"|(?<!\w)sắp (?:chính thức )?(?:tổ chức|khai mạc|diễn ra)"
    r"|dự kiến (?:sẽ |được )?(?:tổ chức|khai mạc|diễn ra|họp|tiến hành|vào|từ|kéo dài|bế mạc|\d)"
    r"|(?:bị |được )?hoãn|lùi (?:thời gian|lại|sang)|(?<!\w)(?:sáng|chiều|tối|ngày) mai(?!\w))"
)
# "Hội nghị Trung ương 8 ... đã ban hành Nghị quyết về ...": the meeting is cited for what it issued.
CITED_RIGHT = re.compile(
    _SENTENCE_ON + r"(?<!\w)(?:đã )?ban hành (?:\w+ )?(?:nghị quyết|kết luận|quy định|chỉ thị)(?!\w)"
)
# What a meeting will do ("Đại hội sẽ bầu Ban Chấp hành khóa mới"): said of one ahead, and of one under way.
AGENDA_RIGHT = re.compile(
    _SENTENCE_ON + r"(?<!\w)sẽ (?:xem xét|bầu|thảo luận|thông qua|quyết định|cho ý kiến|nghe|biểu quyết)(?!\w)"
)
HELD_RIGHT = re.compile(
    _SENTENCE_ON + r"(?<!\w)(đã|vừa|chính thức|diễn ra|khai mạc|bế mạc|kết thúc|thành công|bước vào"
    r"|tiến hành|tiếp tục làm việc|làm việc phiên|được tổ chức|(?<!kỳ )(?<!phiên )(?<!cuộc )(?<!buổi )họp|thảo luận"
    r"|thông qua|bầu|hiệp thương cử|cho ý kiến|biểu quyết|xem xét|nghe|đánh giá|sơ kết|tổng kết|được tiến hành"
    r"|quán triệt|triển khai"
    r"|với sự tham dự|có sự tham dự|dưới sự chủ trì|do đồng chí|tổ chức phiên"
    r"|do (?:(?:đại|thượng|trung|thiếu) tướng|bộ trưởng|thủ tướng|chủ tịch|bí thư|tổng bí thư|phó)"
    r"[^.;]{0,100}? chủ trì)(?!\w)"
)
# Cues that say the meeting has taken place (not "diễn ra", which previews use too): "Kỳ họp đã thông qua ...".
PERFECTIVE_CUE = re.compile(r"(?:đã|vừa|thông qua|bầu|hiệp thương cử|bế mạc|kết thúc|thành công|biểu quyết)$")
# "X vừa tổ chức (thành công) Đại hội ...": a sentence that says, right before the noun, that one unit has just held it.
JUST_HELD = re.compile(r"(?<!\w)vừa (?:long trọng |trọng thể |chính thức )?tổ chức (?:thành công )?(?:trọng thể )?$")
# "Cách đây 48 năm, ...": a look back.
HISTORY_OPENING = re.compile(r"^\W*cách đây (?:\d+|hơn \d+|nhiều|mấy) (?:năm|thập)")
# Cues that say nothing of tense ("Đại hội ... diễn ra trong hai ngày 22-23/9"): a preview beside "sẽ" uses them.
TENSELESS_CUE = frozenset({"diễn ra", "được tổ chức", "tổ chức", "chính thức", "được tiến hành", "tiến hành"})
WILL_CUE = re.compile(r"(?<!\w)(?:sẽ|dự kiến|sắp|ngày mai)(?!\w)")
# "Đại hội là dấu mốc đặc biệt khi đã ...": a copula before the verb makes the sentence a comment on the meeting.
COPULA = re.compile(r"(?<!\w)là(?!\w)")
# A number or a plural word just before the noun counts meetings ("4 kỳ đại hội", "các kỳ họp", "nhiều hội nghị").
COUNTED_BEFORE = re.compile(
    r"(?:(?<![\d/.,-])\d{1,3}|(?<!\w)(?:các|nhiều|những|hai|ba|bốn|mấy|mỗi|từng))\s+(?:(?:kỳ|cuộc|buổi|phiên)\s+)?$"
)
# "Đoàn đại biểu (về) dự Đại hội ... đến thăm": the delegation is who attends, not a report that it was held.
DELEGATION_BEFORE = re.compile(
    r"(?<!\w)đoàn(?:\s+đại biểu(?:\s+[^\s,.;]+){0,6})?\s+(?:(?:về|đi|sẽ|được cử|chính thức)\s+)?(?:tham\s+)?$"
)
# A clause that follows a date clause, up to two short clauses back: "..., sáng 23/1, Ban Chấp hành ... tiến hành ".
DATED_CLAUSE_BEFORE = re.compile(
    r"(?:^|[,;]\s?)(?:(?:sáng|chiều|tối|trưa|ngày|hôm nay|nay)[\s,]*){0,3}\(?\d{1,2}\s?[/.-]\s?\d{1,2}"
    r"(?:\s?[/.-]\s?\d{2,4})?\)?,(?:[^,;.]{0,60},){0,2}[^,;.]{0,80}$"
)
# "Sáng nay chính thức khai mạc ...": the publication day is the meeting's; "Sáng mai, khai mạc ..." the next one.
TODAY_WORDS = re.compile(r"(?<!\w)(?:sáng|chiều|tối|trưa)? ?(?:nay|hôm nay)(?!\w)")
TOMORROW_WORDS = re.compile(r"(?<!\w)(?:ngày|sáng|chiều|tối|trưa) mai(?!\w)")
# Words in a mention's own clause that say it has taken place ("đã tổ chức thành công Đại hội", "Kỳ họp ... đã bế
# mạc"): such a report stays held under an eve-of-opening headline, whatever date the page shows.
PERFECTIVE = re.compile(r"(?<!\w)(?:đã|vừa|thành công|(?<!phiên )(?<!lễ )bế mạc|kết thúc|thông qua|bầu)(?!\w)")
# A meeting dated more than a day after the page's own date is a preview, up to ``crawler.dates.AHEAD_DAYS`` ahead
# (further ahead, the date is a typo such as 31/12/2026 printed for 2025, and is refused).

QUOC_HOI = re.compile(r"quốc hội|(?<!\w)qh(?!\w)")
COUNCIL_WORD = re.compile(r"hội đồng nhân dân|(?<!\w)hđnd(?!\w)")

# --- announcements of one future meeting ------------------------------------------------------------
# The verbs that announce one meeting ("triệu tập", "dự kiến khai mạc", "sẽ tổ chức kỳ họp thứ ...").
ANNOUNCING = re.compile(
    r"(?<!\w)(?:sẽ (?:được )?(?:chính thức )?(?:tổ chức|khai mạc|diễn ra|họp|tiến hành|triệu tập)"
    r"|dự kiến(?: sẽ)?(?: được)? (?:tổ chức"
    r"|khai mạc|diễn ra|họp|tiến hành|vào|từ|trong|kéo dài)|triệu tập|(?:ngày|sáng|chiều|tối) mai"
    r"|sắp (?:chính thức )?(?:diễn ra|khai mạc|tổ chức)"
    r"|(?:tuần|tháng|thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật) (?:tới|sau))(?!\w)"
)
# A goal or a celebration names a meeting without announcing it.
GOAL_BEFORE = re.compile(r"(?:hướng tới|tiến tới|chào mừng|để|nhằm|phục vụ|trước thềm|mục tiêu)\s*(?:cho\s*)?$")
# Citation cues that name a meeting ahead in a preview ("họp báo thông tin về Đại hội ...", "trước Đại hội ...").
ABOUT_CUE = re.compile(r"(?:thông tin về|họp báo|trước|chúc mừng)$")
# A press conference before one meeting announces it; one on its results follows it.
PRESS = re.compile(r"(?<!\w)họp báo(?!\w)(?! cáo)")
RESULTS = re.compile(r"(?<!\w)kết quả(?!\w)")
POSTPONED = re.compile(r"(?<!\w)(?:hoãn|lùi (?:thời gian|lại|sang)|tạm dừng|không tổ chức|hủy)(?!\w)")
# Of those, the words that call a meeting off rather than put it off.
CANCELLED = re.compile(r"(?<!\w)(?:không tổ chức|hủy|dừng tổ chức)(?!\w)")

# --- reading the lead -----------------------------------------------------------------------------
SOURCE_TAG = re.compile(
    r"^(?:\([^)]{2,30}\)\s*[-–—]*|(?:[A-ZĐ][A-ZĐ&.]{1,14}|[\w.&]{2,24}\.(?:vn|com|net|org))\s*[-–—]+|[-–—])\s*"
)
BOILER = re.compile(
    r"^(?:hotline|theo dõi|ngày đăng|đăng ngày|cập nhật|lượt xem|view count|xuất bản|chi tiết bài viết|null(?!\w)"
    r"|đăng lúc|tin cùng|ảnh:|\d{4}-\d{2}-\d{2}|\(?cập nhật|date \d{4})"
)
# How photo captions and banners open ("Toàn cảnh đại hội.", "Các đại biểu dự hội nghị", "Chào mừng đại hội ...").
CAPTION = re.compile(
    r"^\W*(?:toàn cảnh|quang cảnh|cảnh|các đại biểu|đại biểu|chào mừng|ảnh|hình ảnh|một số hình ảnh|lãnh đạo"
    r"|phiên|hội nghị|kỳ họp|đại hội)(?!\w)"
)
# A day and month as a lead writes them ("3/7", "12-8", "ngày 5 tháng 9"); a caption or banner has none.
DAY_MONTH = re.compile(r"(?<![\d/.-])\d{1,2}\s?[/.-]\s?\d{1,2}(?![\d])|(?<!\w)ngày \d{1,2}(?!\d)", re.I)
SENT_SPLIT = re.compile(r"(?<=[.!?…])\s+")
ABBR_END = re.compile(r"(?<!\w)(?:TP|Tp|tp|TX|TT|ThS|Th\.S|TS|PGS|GS|Q|P|Đ/c|đ/c|St|Mr|Ths)\.$")
DATE_PREFIX = re.compile(r"^[^,]{0,40}\d[^,]{0,20},\s*$|^\W*$|^(?:hôm nay|sáng nay|chiều nay|tối nay)[^,]{0,25},\s*$")
OPENS_DATED = re.compile(
    r"^\W*(?:(?:sáng|chiều|tối|trưa|hôm nay|hôm qua|vào|ngày|nay|từ|trong (?:\d|hai|ba|bốn|năm) ngày)[\s,]*){0,4}"
    r"(?:\(?\s*thứ \w+\s*\)?,?\s*)?"
    r"\d{1,2}\s*(?:[/.-]|tháng)\s*\d"
)
# A later lead sentence that opens at the meeting states it too: "Dự hội nghị có ...", "Tại kỳ họp, ...",
# "Chủ trì hội nghị, ...", "Phát biểu khai mạc đại hội, ...", "Kết luận hội nghị, ...".
AT_MEETING_OPENING = re.compile(
    r"^\W*(?:ảnh\s?:[^:]{0,40}?\s)?(?:(?:tham )?dự|chủ trì|điều hành|tại|kết luận|mở đầu"
    r"|phát biểu(?: khai mạc| bế mạc| chỉ đạo| kết luận)?(?: tại)?)\s+$"
)
TITLE_PREFIX = re.compile(r"^\W*$|^[^:]{1,40}[:|]\s*$|^(?:khai mạc|bế mạc|tổ chức)\s*$")
SUBJECT_HOP = re.compile(
    r"(?:bộ chính trị|ban bí thư|ban thường vụ|btv|thường trực|ubnd|ủy ban nhân dân|hđnd|chính phủ|ban chấp hành|bch"
    r"|ủy|ban chỉ đạo|tiểu ban|ban|hội đồng|huyện|tỉnh|xã|phường|thị trấn|quận|thị xã|thành phố)[^,.;]{0,40}"
    r"(?:đã |vừa |tiến hành |tổ chức |có cuộc )?$|chủ trì\s*$"
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
    "|cuối năm|đã|vừa|sẽ|của|làm việc|tình hình|thứ|điểm tin|bản tin|tin tức|thời sự|nổi bật|toàn văn|phát biểu"
    "|diễn văn|bí thư|ngày mai|sáng mai|chiều mai|tuần tới|kịch bản"
)
