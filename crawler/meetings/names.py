"""Word tables for a meeting's fields: its noun phrase, ordinal, term and period, the body that holds
it (organisations and places) and who chaired it.

Like ``rules``, every pattern runs on ``crawler.text.fold`` keys and is bounded; ``rules`` says what
counts as a meeting report, this module how its parts are named.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- cutting the meeting's noun phrase where the clause moves on -----------------------------------
PHRASE_END = re.compile(
    r"(?:[;:!?]|(?<!tp)\.(?:\s|$)|,(?!\s*(?:hđnd|hội đồng|ban chấp hành|bch|khóa|nhiệm kỳ|lần thứ|ubnd|mttq|ủy ban"
    r"|đảng bộ|quốc hội|(?:huyện|tỉnh|thị xã|quận) [^\s,]+ [^\s,]+(?:, tỉnh [^\s,]+(?: [^\s,]+)?)? lần thứ))"
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
    r"|nhằm |đại hội|hội nghị|kỳ họp)(?:[^;.:!?]|\.(?=\w))){0,70}?)"
)
ORDINAL = [
    re.compile(rf"^(?:kỳ họp|phiên họp|phiên|cuộc họp)\s+(?:lần\s+)?thứ\s+{_NUM}"),
    re.compile(r"^(?:cuộc họp|phiên họp|buổi họp|hội nghị)\s*\(?\s*lần\s+(?P<n>\d{1,3})(?!\w)"),
    re.compile(
        rf"^(?:hội nghị|đại hội|đhđb|kỳ họp|phiên họp|cuộc họp|hội nghị liên tịch|phiên trù bị)"
        rf"{_GAP}(?<!\w)lần\s+thứ\s+{_NUM}"
    ),
    # "Đại hội đại biểu Đảng bộ tỉnh Gia Lai lần I": a Roman numeral needs no "thứ".
    re.compile(
        rf"^(?:hội nghị|đại hội|đhđb|kỳ họp|phiên họp|cuộc họp|phiên trù bị){_GAP}(?<!\w)lần\s+(?P<n>[ivxlc]+)(?!\w)"
    ),
    re.compile(
        rf"^hội nghị\s+(?:lần thứ\s+)?(?:ban chấp hành\s+)?(?:trung ương|tw|t\.ư)(?:\s+đảng)?\s+(?:lần\s+thứ\s+)?{_NUM}"
    ),
    re.compile(r"^(?:đại hội|đhđb)\s+(?:đảng\s+)?(?:toàn quốc\s+)?(?:lần\s+thứ\s+)?(?P<n>[ivxlc]+)(?!\w)"),
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
    r"(?:[,.;(]|$|khóa|nhiệm kỳ|để|nhằm|thông qua|cho ý kiến|xem xét|thảo luận|bàn|vào|với|tại|do|dưới|đánh giá|bầu"
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
    "|Ban Dân vận|Ban Nội chính|Đoàn Chủ tịch|Ủy ban Trung ương|Tổng Liên đoàn Lao động|Ủy ban Bầu cử"
    "|Bộ đội Biên phòng|Bộ Chỉ huy Quân sự|Ban Chỉ huy Quân sự|Chi đoàn|Chi hội|Văn phòng|Khối|Hội"
)
_ORG_SHORT = {
    "bch": "Ban Chấp hành", "chấp hành": "Ban Chấp hành", "btv": "Ban Thường vụ", "tt": "Thường trực",
    "hđnd": "Hội đồng nhân dân", "ubnd": "Ủy ban nhân dân", "ủy ban mttq việt nam": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "ủy ban mttq vn": "Ủy ban Mặt trận Tổ quốc Việt Nam", "ubmttq việt nam": "Ủy ban Mặt trận Tổ quốc Việt Nam",
    "ủy ban mttq": "Ủy ban Mặt trận Tổ quốc", "ubmttq": "Ủy ban Mặt trận Tổ quốc", "mttq": "Mặt trận Tổ quốc",
    "mttq việt nam": "Mặt trận Tổ quốc Việt Nam", "mttqvn": "Mặt trận Tổ quốc Việt Nam",
    "mttq vn": "Mặt trận Tổ quốc Việt Nam", "đu": "Đảng ủy", "tw": "Trung ương", "hnd": "Hội Nông dân",
    "hội lhpn": "Hội Liên hiệp Phụ nữ", "hội ccb": "Hội Cựu chiến binh", "ubkt": "Ủy ban Kiểm tra",
}  # fmt: skip
ORG_WORDS: list[tuple[str, str]] = [(n.lower(), n) for n in _ORG_NAMES.split("|")] + list(_ORG_SHORT.items())
ORG_START = re.compile(
    "(?<!\\w)(?<!toàn )(?:" + "|".join(sorted((re.escape(k) for k, _ in ORG_WORDS), key=len, reverse=True)) + ")(?!\\w)"
)
# The national congress of the Party: "Đại hội đại biểu toàn quốc lần thứ XIV của Đảng", "Đại hội XIV của Đảng",
# "Đại hội Đảng toàn quốc lần thứ XIV", "Đại hội Đảng XIV" (read after the noun); its body is the Party itself.
NATIONAL_PARTY_CONGRESS = re.compile(
    r"^\s*(?:(?:đại biểu\s+)?(?:đảng\s+)?toàn quốc\s+lần thứ\s+\S+|(?:lần thứ\s+)?[ivxlc]+|\d{1,2})\s+(?:của\s+)?đảng"
    r"(?:\s+cộng sản việt nam)?(?!\s*(?:bộ|ủy|viên))(?!\w)|^\s*đảng\s+(?:toàn quốc\s+)?(?:lần thứ\s+)?[ivxlc]+(?!\w)"
)
PARTY = "Đảng Cộng sản Việt Nam"
# A plenum of the Central Committee ("Hội nghị Trung ương 15", "Hội nghị lần thứ 11 Ban Chấp hành Trung ương (BCH
# TƯ) Đảng") and bodies read as the Central Committee under another spelling; it is named in full.
CENTRAL_PLENUM = re.compile(
    r"^\s*(?:lần thứ\s+\S+\s+)?(?:ban chấp hành\s+)?(?:trung ương|tw|t\.ư)(?:\s+đảng)?\s+(?:lần thứ\s+)?"
    r"(?:\d{1,2}|[ivxlc]+)(?!\w)"
)
CENTRAL_COMMITTEE_BODY = re.compile(
    r"^(?:ban chấp hành\s+)?(?:trung ương|tw|t\.ư)(?:\s+\(\S+(?:\s+\S+)?\))?(?:\s+đảng)?(?:\s+\d{1,2})?$"
)
CENTRAL_COMMITTEE = "Ban Chấp hành Trung ương Đảng"
# Abbreviations spelt out in a body's display name ("BCH Đảng bộ huyện" -> "Ban Chấp hành Đảng bộ huyện").
ABBREVIATIONS = {
    "BCH": "Ban Chấp hành", "BTV": "Ban Thường vụ", "HĐND": "Hội đồng nhân dân", "UBND": "Ủy ban nhân dân",
    "MTTQ": "Mặt trận Tổ quốc", "ĐU": "Đảng ủy", "LHPN": "Liên hiệp Phụ nữ", "CCB": "Cựu chiến binh", "TP": "thành phố",
    "UBKT": "Ủy ban Kiểm tra",
}  # fmt: skip
ABBREVIATION = re.compile(r"(?<!\w)(?:BCH|BTV|HĐND|UBND|MTTQ|ĐU|LHPN|CCB|UBKT|TP\.|TP(?!\w))")  # "TP.HCM" too
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
# One named bare, not the Hồ Chí Minh of "Đoàn TNCS Hồ Chí Minh" or "tư tưởng Hồ Chí Minh".
CENTRAL_CITY = re.compile(
    r"(?<!tncs )(?<!cộng sản )(?<!chủ tịch )(?<!tư tưởng )(?<!\w)(?:"
    + "|".join(sorted(CENTRAL_CITIES, key=len, reverse=True))
    + r")(?!\w)"
)
# Level words abbreviated before a name: "P.Long An" (phường), "TX.Sơn Tây" (thị xã), "Q.Ba Đình" (quận).
LEVEL_ABBREVIATIONS = {"p": "phường", "tx": "thị xã", "q": "quận"}
LEVEL_ABBREVIATION = re.compile(r"(?<![\w.])(p|tx|q)\.\s?(?=[^\W\d_])")
# Words in the body phrase that are not part of the organisation's name.
BODY_DROP = re.compile(
    r"\s*(?:,\s*)?(?:\(?\s*(?:khóa|khoá)\s+[ivxlc\d]+\)?|\(?nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4}\)?|lần thứ\s+\S+|mở rộng"
    r"|thường kỳ|bất thường|chuyên đề|\(\s*chuyên đề\s*\)|khóa mới|khoá mới)",
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
NOT_A_NAME = re.compile(r"(?<!\w)(?:phối hợp|với|cùng|và|đã|được|tại|vừa|do|của|thuộc|cho biết|sẽ|dự kiến|đang)(?!\w)")
VERB_BEFORE = re.compile(
    r"(?:(?:đã|vừa|long trọng|trang trọng|chính thức|sẽ|dự kiến|được)\s+){0,4}(?:(?:tổ chức|tiến hành)\s+)?"
    r"(?:tổ chức|tiến hành|khai mạc|họp|mở|tiếp tục|có)\s*"
    r"(?:(?:thành công|trọng thể|long trọng)\s*)?(?:phiên [^,.;]{0,40}?(?:tại|của|trong) )?$"
)
# An office before a level word: a person's name follows it, not a place ("Chủ tịch UBND xã Nguyễn Văn A", "Chủ tịch
# Ủy ban MTTQ Việt Nam tỉnh Võ Xuân Ca").
OFFICE_BEFORE = re.compile(
    r"(?:chủ tịch|bí thư|giám đốc|trưởng|ủy viên)(?:\s+(?:hđnd|ubnd|ủy ban nhân dân|hội đồng nhân dân|mttq"
    r"|ủy ban mttq|ủy ban mặt trận tổ quốc|mặt trận tổ quốc)(?: việt nam| vn)?)?\s*$"
)
# --- names the table does not hold -----------------------------------------------------------------
# An organisation's own name after its type word runs to its natural end: "Công đoàn Trường Tiểu học Thiên Hương",
# "Chi bộ Khoa Ngoại - HSCC - SKSS", "Hội Luật gia huyện Nhơn Trạch", "Đoàn TNCS Hồ Chí Minh cơ quan Trung ương
# Đoàn". It opens on a capitalised word or an institution's head noun and stops at a verb, a function word, a
# level word (the caller reads the place after it) or punctuation.
INSTITUTION_HEAD = re.compile(
    r"(?:trường|bệnh viện|trung tâm|công ty|tổng công ty|tập đoàn|cơ quan|viện|học viện|đại học|sở|phòng|khoa|cục"
    r"|chi cục|ngân hàng|tòa án|vksnd|tand|ban quản lý|khu công nghiệp|tổ dân phố|khu phố|thôn|ấp|bản|xóm|khối"
    r"|hiệp hội|liên hiệp)(?!\w)"
)
NAME_STOP = _words(
    "đã vừa sẽ đang tổ long tiến khai bế họp lần khóa khoá nhiệm về dự với tại có do của thuộc cho là được đến từ"
    " trong ngày sáng chiều tối tháng năm phối nhằm để và cùng theo gồm hội đại kỳ chính trọng đồng ông bà trực"
    " tham lễ thực căn vào nay hôm trang thành"
)
# A party committee's name before its unit ("Đảng ủy UBND tỉnh X" -> "UBND tỉnh X").
PARTY_PREFIX = re.compile(r"^(?:Ban Thường vụ |Ban Chấp hành |BCH |BTV )?(?:Đảng ủy|Đảng uỷ|Đảng bộ)\s+")
# A place as a sentence's subject ("Cà Mau tổ chức Đại hội ..."): up to three capitalised words before the verb.
PLACE_SUBJECT = re.compile(r"\s*((?:[^\W\d_][^\s,.;:]*)(?: [^\W\d_][^\s,.;:]*){0,2}) (?:tổ chức|tiến hành|khai mạc)")
LEAD_DATE = re.compile(r"^(?:[^,]{0,40}\d[^,]{0,20}|(?:hôm|sáng|chiều|tối|trưa) nay),\s*")
# Meeting nouns used as the verb after their subject ("Huyện ủy sơ kết ...", "Thường trực HĐND giao ban ...").
VERB_NOUNS = frozenset({"họp", "giao ban", "sơ kết", "tổng kết"})
# What follows a comma inside the subject: its term ("HĐND tỉnh khóa X, nhiệm kỳ 2021-2026 khai mạc ...").
APPOSITIVE = re.compile(r"\s*(?:khóa\s+[ivxlc\d]+|nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4})[^,;]{0,20}$|\s*(?:khóa|nhiệm kỳ)\s")
PREFIX_DATE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}|ngày\s+\d")

# --- chair ----------------------------------------------------------------------------------------
CHAIR_CUE = re.compile(r"(?<!\w)(?:chủ trì|điều hành|chủ tọa)(?!\w)")
PERSON = re.compile(r"(?<!\w)(?:đồng chí|đ/c|ông|bà)\s*:?\s+")
# "Chủ trì hội nghị có các đồng chí: ...", "Chủ trì điều hành phiên trù bị có: Ông ...".
CHAIR_AFTER = re.compile(
    r"chủ trì(?:,? điều hành)?(?: của)?(?: (?:hội nghị|kỳ họp|đại hội|cuộc họp|buổi làm việc|phiên họp"
    r"|phiên [^\s,:]+(?: [^\s,:]+)?)(?: có| là)?)?\s*:?\s*(?:các )?(?:đồng chí|đ/c|ông|bà)\s*:?\s+"
)
# A level word before a place's first word ("tỉnh Tây Ninh").
LEVEL_BEFORE_RUN = re.compile(r"(?:tỉnh|huyện|xã|phường|quận|thị xã|thị trấn|thành phố|TP\.?)\s+$", re.I)
# Words that open an office, not a name ("Bí thư", "Phó Chủ tịch").
TITLE_WORDS = _words("bí phó chủ trưởng ủy giám tỉnh huyện thường đại tổng thứ ban các")
# A family name after these words opens a place ("tại Thủ đô Hà Nội"), not a person.
PLACE_BEFORE = re.compile(r"(?:tại|ở|thủ đô|về|đến|từ)\s+$", re.I)
# Family names that open a person's name when no "đồng chí"/"ông"/"bà" announces it.
SURNAMES = _words(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh lâm mai trịnh đoàn lương tạ hà cao"
    " lưu chu tô kiều quách thái triệu la nông lò vi hứa tăng từ châu phùng trương âu giang khổng thân mạc lục ông"
    " vương doãn diệp kim nghiêm lã hầu bế lăng ninh thạch đàm tống quan trình viên bạch khúc đồng mã lữ lộc y"
)


# --- kind: whose meeting it is -------------------------------------------------------------------------------------
# Organisations by the kind of body they are. A committee word ("Ban Chấp hành", "Ban Thường vụ") or an office
# ("Thường trực", "Đoàn Chủ tịch", "Trung ương") names a body of the organisation named next, which says whose the
# meeting is: "Ban Thường vụ Tỉnh đoàn" is a youth union's, "Ban Chấp hành Trung ương Hội Nông dân" a farmers'
# union's, "Thường trực HĐND" a council's, "Ủy ban Thường vụ Quốc hội" the Assembly's; a committee named alone
# ("Hội nghị Ban Chấp hành lần thứ 5") is read as a party committee unless its subject says otherwise. Departments
# and sub-committees ("Tiểu ban văn kiện Đại hội ...", "Ban Tổ chức Tỉnh ủy") hold other meetings. Alternatives at
# one place are tried in order, so longer names come first.
OWNER_WORDS = re.compile(
    r"(?<!\w)(?:(?P<assembly>ủy ban thường vụ quốc hội|ubtvqh|quốc hội)"
    r"|(?P<inspection>ủy ban kiểm tra|ubkt)"
    r"|(?P<election>ủy ban bầu cử|hội đồng bầu cử|ban bầu cử)"
    r"|(?P<council>hội đồng nhân dân|hđnd)"
    r"|(?P<mass>ủy ban (?:trung ương )?(?:mặt trận|mttq)|ubmttq|mặt trận|mttq|(?:tỉnh|thành|huyện|quận|thị) đoàn"
    r"|đoàn (?:thanh niên|tncs|khối|trường)|hội đồng đội|hội (?:nông dân|liên hiệp|lhpn|phụ nữ|cựu|ccb|người cao tuổi"
    r"|chữ thập đỏ|khuyến học|luật gia|nhà báo|sinh viên|doanh nhân|doanh nghiệp|làm vườn|đông y|người mù|bảo trợ"
    r"|nạn nhân|thanh niên)|công đoàn|(?:tổng )?liên đoàn|(?:tổng )?lđlđ|liên minh hợp tác xã)"
    r"|(?P<executive>ủy ban nhân dân|ubnd|chính phủ)"
    r"|(?P<committee>ban chấp hành|bch|ban thường vụ|btv)"
    r"|(?P<office>ban thường trực|thường trực|đoàn chủ tịch|trung ương|tw|t\.ư)"
    r"|(?P<other>tiểu ban|ban chỉ đạo|ban tổ chức|ban tuyên giáo|ban dân vận|ban nội chính|ban kinh tế"
    r"|văn phòng|tổ công tác|ban chỉ huy|bộ chỉ huy|sở|ban quản lý)"
    r"|(?P<party>bộ chính trị|ban bí thư|đảng ủy|đảng bộ|đảng đoàn|ban cán sự đảng|chi bộ|chi ủy|cấp ủy"
    r"|(?:tỉnh|huyện|thành|quận|thị) ủy|đu|đảng(?! viên)))(?!\w)"
)
# Lower-case words inside an organisation's name and place ("Đảng ủy xã Tân Hòa", "HĐND tỉnh khóa X").
NAME_FILLERS = _words("tỉnh huyện xã phường quận thị trấn thành phố tp khóa khoá đã vừa")
# How far apart the words of one organisation's name may lie ("Ban Chấp hành Trung ương (BCH TƯ) Đảng").
OWNER_GAP = 25
# Words between a meeting noun and the body named after it ("Hội nghị lần thứ 5 (mở rộng) của Ban Thường vụ").
OWNER_MODIFIERS = re.compile(
    r"(?:\s*(?:lần thứ \S+(?: (?:mươi|mốt|một|hai|ba|bốn|tư|lăm|năm|sáu|bảy|bẩy|tám|chín)(?!\w))*|lần \d+"
    r"|thường kỳ|định kỳ|mở rộng|\(mở rộng\)|tháng \d{1,2}(?:/\d{4})?|tháng \S+|quý \S+"
    r"|năm \d{4}|trực tuyến|chuyên đề|bất thường|đầu năm|cuối năm|của|,))*\s*"
)
# A review: "sơ kết", "tổng kết", or a conference that assesses a period ("Hội nghị đánh giá tình hình hoạt động 9
# tháng đầu năm ...").
REVIEW = re.compile(
    r"(?<!\w)(?:sơ kết|tổng kết|(?:đánh giá|kiểm điểm) (?:kết quả|tình hình)[^,.;]{0,40}?(?:\d+|sáu|chín) tháng)(?!\w)"
)
# A People's Committee's or the Government's regular, administrative or members' session is a briefing.
REGULAR = re.compile(
    r"thường kỳ|hành chính|thành viên|hằng tháng|hàng tháng|tháng (?:\d{1,2}|một|hai|ba|tư|năm|sáu|bảy|tám|chín"
    r"|mười)"
)
GIAO_BAN_NEXT = re.compile(r"\s*(?:thường kỳ\s*)?giao ban")
# "Hội nghị Trung ương 8", "Hội nghị TW lần thứ 12": a Central Committee plenum.
PLENUM_NEXT = re.compile(r"\s*(?:trung ương|tw|t\.ư)\s*(?:\d|lần|[ivxl]+(?!\w))")
