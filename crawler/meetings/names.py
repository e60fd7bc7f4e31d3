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
    r"|nhằm |đại hội|hội nghị|kỳ họp)(?:[^;.:!?]|\.(?=\w))){0,70}?)"
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
# Abbreviations spelt out in a body's display name ("BCH Đảng bộ huyện" -> "Ban Chấp hành Đảng bộ huyện").
ABBREVIATIONS = {
    "BCH": "Ban Chấp hành", "BTV": "Ban Thường vụ", "HĐND": "Hội đồng nhân dân", "UBND": "Ủy ban nhân dân",
    "MTTQ": "Mặt trận Tổ quốc", "ĐU": "Đảng ủy", "LHPN": "Liên hiệp Phụ nữ", "CCB": "Cựu chiến binh", "TP": "thành phố",
}  # fmt: skip
ABBREVIATION = re.compile(r"(?<!\w)(?:BCH|BTV|HĐND|UBND|MTTQ|ĐU|LHPN|CCB|TP\.?)(?!\w)")
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
NOT_A_NAME = re.compile(r"(?<!\w)(?:phối hợp|với|cùng|và|đã|được|tại|vừa|do|của|cho biết|sẽ|dự kiến|đang)(?!\w)")
VERB_BEFORE = re.compile(
    r"(?:(?:đã|vừa|long trọng|chính thức|sẽ|dự kiến|được)\s+){0,4}(?:tổ chức|tiến hành|khai mạc|họp|mở|tiếp tục)\s*"
    r"(?:thành công\s*)?(?:phiên [^,.;]{0,40}?(?:tại|của|trong) )?$"
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
# A family name after these words opens a place ("tại Thủ đô Hà Nội"), not a person.
PLACE_BEFORE = re.compile(r"(?:tại|ở|thủ đô|về|đến|từ)\s+$", re.I)
# Family names that open a person's name when no "đồng chí"/"ông"/"bà" announces it.
SURNAMES = _words(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh lâm mai trịnh đoàn lương tạ hà cao"
    " lưu chu tô kiều quách thái triệu la nông lò vi hứa tăng từ châu phùng trương âu giang khổng thân mạc lục ông"
    " vương doãn diệp kim nghiêm lã hầu bế lăng ninh thạch đàm tống quan trình viên bạch khúc đồng mã lữ lộc y"
)
