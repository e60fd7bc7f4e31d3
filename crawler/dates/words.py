"""Words and patterns Vietnamese portals print around dates, for the ``crawler.dates`` modules.

Every pattern runs on text that ``crawler.dates`` has already put in NFC, lower case, with one
kind of dash and single spaces, so the tables below only spell each word once.
"""

from __future__ import annotations

import re

# Month names: Vietnamese ordinal words ("Tháng Mười Một" on WordPress themes localised to vi),
# the lunar-calendar names people also use for January and December, and English (some themes).
VI_MONTHS = {
    "một": 1,
    "giêng": 1,
    "hai": 2,
    "ba": 3,
    "tư": 4,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "bẩy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "mười một": 11,
    "mười hai": 12,
    "chạp": 12,
}
EN_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_VI_MONTH_WORDS = "|".join(sorted(VI_MONTHS, key=len, reverse=True))
_EN_MONTH_WORDS = "|".join(sorted(EN_MONTHS, key=len, reverse=True))

D = r"(?:0?[1-9]|[12]\d|3[01])"
M = r"(?:0?[1-9]|1[0-2])"
Y4 = r"(?:19|20)\d\d"
YEAR_2_OR_4 = rf"(?:{Y4}|\d\d)"
# A number is only a day or month when it is not glued to other digits or separators.
NB = r"(?<![\d/.,-])"
NA = r"(?![\d])"

# Weekdays are dropped before anything else: "Thứ 2" and "T2" hold digits that are not dates.
WEEKDAY = re.compile(
    r"\b(?:thứ\s*(?:hai|ba|tư|bốn|năm|sáu|bảy|bẩy|[2-7])|chủ\s*nhật|cn|t\s?[2-7])\b\.?"
    r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b\.?"
)
DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
# Glued stamps: "11/07/202208:30", "Cập nhật:05/08/2023".
GLUED_YEAR_TIME = re.compile(rf"((?:[/.-]){Y4})(\d{{1,2}}[:h]\d)")

# Explicit offsets. "(GMT+7)" is what portals print after local times; others are converted.
OFFSET = re.compile(
    r"\b(?:gmt|utc)\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?\b|(?<=\d)\s?(z)\b|(?<=\d)\s?\+(\d{2}):?(\d{2})\b"
)

ISO = re.compile(
    rf"(?<!\d)({Y4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
    r"(?:[t ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s?(z|[+-]\d{2}(?::?\d{2})?)?)?(?!\d)"
)

# Times: 09:15, 9:15:30, 9h, 9h15, 9h15', 9g30, 9 giờ 15 phút, 13 giờ 30 giờ (a typo), with
# SA/CH (sáng/chiều) or AM/PM after them.
TIME = re.compile(
    r"(?:(?<![\d/.:,])"
    r"(?P<h1>[01]?\d|2[0-3])\s?:\s?(?P<m1>[0-5]\d)(?:\s?:\s?(?P<s1>[0-5]\d))?(?![\d:/])"
    r"|(?<![\d/.:,-])(?P<h2>[01]?\d|2[0-4])\s?(?:h|g(?=\d))\s?(?:(?P<m2>[0-5]?\d)(?![\d/])\s?(?:'|’|p\b|ph\b|phút)?)?(?![a-zà-ỹđ\d])"
    r"|(?<![\d/.:,-])(?P<h3>[01]?\d|2[0-4])\s?giờ(?:\s?(?P<m3>[0-5]?\d)(?![\d/])(?:\s?(?:phút|p\b|giờ))?"
    r"(?:\s?(?P<s3>[0-5]?\d)\s?giây)?)?(?!\s?(?:trước|sau|nữa|qua)\b)"
    r")(?:\s?(?P<mer>sa|ch|am|pm|a\.m\.?|p\.m\.?)(?![a-zà-ỹ]))?"
)
PART_OF_DAY = re.compile(r"\b(sáng|trưa|chiều|tối|đêm|khuya)\b")

# Relative stamps ("3 giờ trước", "2 tuần trước", "hôm qua") need the caller's ``now``.
_COUNT = r"(?<!\w)(\d+|một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|vài|an?)"
_UNIT = (
    r"(?:giây|phút|giờ|tiếng|ngày|tuần|tháng|năm"
    r"|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
)
# "2 tháng 2 tuần trước" (avnews.vnanet.vn listings) adds up; the last count needs "trước"/"ago".
_COUNT_NC = _COUNT.replace("(\\d+", "(?:\\d+", 1)
RELATIVE_AGO = re.compile(
    # One way to read each space (a "\s?" on both sides of an optional comma backtracks exponentially).
    rf"(?:cách\s?đây\s?)?(?P<ago>(?:{_COUNT_NC}\s?{_UNIT}(?:\s?(?:,|và))?\s?)+)(?:trước|ago)\b"
    rf"|cách\s?đây\s?(?P<since>(?:{_COUNT_NC}\s?{_UNIT}\s?)+)"
)
RELATIVE_PART = re.compile(rf"{_COUNT}\s?({_UNIT})")
COUNT_WORDS = {
    "một": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
    "mười": 10,
    "a": 1,
    "an": 1,
}
RELATIVE_DAY = re.compile(
    r"\b(hôm\s?nay|bữa\s?nay|hôm\s?qua|hôm\s?kia|ngày\s?mai|today|yesterday|tomorrow|vừa\s?xong|vừa\s?mới|just\s?now)\b"
)
RELATIVE_DAY_OFFSET = {
    "hôm nay": 0,
    "bữa nay": 0,
    "today": 0,
    "hôm qua": -1,
    "yesterday": -1,
    "hôm kia": -2,
    "ngày mai": 1,
    "tomorrow": 1,
}

# Date mentions, tried leftmost first and, at one position, in this order.
MENTION = re.compile(
    # 2024-11-19, 2024/11/19, 2024.11.19
    rf"(?<![\d/.]){NB}(?P<ymd_y>{Y4})(?P<ymd_s>[/.-])(?P<ymd_m>{M})(?P=ymd_s)(?P<ymd_d>{D}){NA}"
    # 30/4-1/5/2024: two days sharing the year written once at the end
    rf"|{NB}(?P<p_d1>{D})\s?(?P<p_s>[/.])\s?(?P<p_m1>{M})\s?(?:-|đến|tới)\s?(?:ngày\s?)?(?P<p_d2>{D})\s?(?P=p_s)\s?"
    rf"(?P<p_m2>{M})(?:\s?(?P=p_s)\s?(?P<p_y>{YEAR_2_OR_4})){NA}"
    # ranges whose first day borrows month and year: 04-10/3/2024, 27-28/3, 10 - 15/1/2023, 27 và 28/3
    rf"|{NB}(?P<r_d1>{D})(?:-|\s-\s?|\s?-\s|\s?(?:đến|tới|và|&|,)\s?)(?:ngày\s?)?(?P<r_d2>{D})"
    rf"\s?(?P<r_s>[/.-])\s?(?P<r_m>{M})(?:\s?(?P=r_s)\s?(?P<r_y>{YEAR_2_OR_4})|\s?(?:năm\s?)?(?P<r_y4>{Y4}))?{NA}"
    # 11/07/2022, 4.7.2022, 13-10 2020 (a typo), 5/7 năm 2022, d/m/yy
    rf"|{NB}(?P<d>{D})\s?(?P<s>[/.-])\s?(?P<m>{M})(?:\s?(?:(?P=s)\s?(?P<y>{YEAR_2_OR_4})|[/.-]\s?(?P<y4>{Y4})"
    rf"|\s(?:năm\s)?(?P<y4b>{Y4})){NA}|(?!\s?(?P=s)\s?\d|\d))"
    # ngày 19 tháng 11 năm 2024, 19 Tháng Mười Một 2024, mùng 5 tháng 7/2022
    rf"|(?<![\d/.])(?<!thứ )(?<!thứ)(?P<w_d>{D})\s?(?:tháng|th\.?)\s?"
    rf"(?:(?P<w_m>{M})(?!\d)|(?P<w_mw>{_VI_MONTH_WORDS})\b)"
    rf"(?:\s?(?:năm|,|/|-|\.)?\s?(?P<w_y>{Y4}){NA})?"
    # July 11, 2022 / Jul 11 2022 / 11 July 2022
    rf"|\b(?P<e_mw>{_EN_MONTH_WORDS})\.?\s(?P<e_d>{D})(?:st|nd|rd|th)?\b(?:,?\s(?P<e_y>{Y4}){NA})?"
    rf"|(?<![\d/.])(?P<e2_d>{D})(?:st|nd|rd|th)?\s(?:of\s)?(?P<e2_mw>{_EN_MONTH_WORDS})\b\.?(?:,?\s(?P<e2_y>{Y4}){NA})?"
    # Tháng Mười Một 19, 2024: WordPress's "F j, Y" in the Vietnamese locale
    rf"|\btháng\s?(?:(?P<f_m>{M})|(?P<f_mw>{_VI_MONTH_WORDS}))\s(?P<f_d>{D}),\s?(?P<f_y>{Y4}){NA}"
    # tháng 7/2022, tháng 11 năm 2024: a month with no day
    rf"|\btháng\s?(?:(?P<mo_m>{M})(?!\d)|(?P<mo_mw>{_VI_MONTH_WORDS})\b)\s?(?:năm|/|-|,)?\s?(?P<mo_y>{Y4}){NA}"
    # ngày 10 (đến ngày 15/1/2023): a day whose month comes later in a range
    rf"|\b(?:ngày|từ)\s(?P<bare_d>{D})(?=\s?(?:đến|tới|và|,)\s?(?:ngày\s?)?\d|\s-\s?(?:ngày\s?)?\d|-ngày)"
)

# The opening conventions of a report: "Sáng ngày 11/7/2022, ...", "Ngày 3/7, ...", "Chiều 18-7, ...",
# "Trong 2 ngày 27-28/3, ...", "Vào lúc 8 giờ ngày 3/7, ...", "Sáng nay (11/7), ...".
_POD = r"(?:buổi\s)?(?:sáng|trưa|chiều|tối|đêm|khuya)(?:\s(?:nay|qua|hôm\snay|hôm\squa))?"
_TIME_WORDS = r"(?:lúc\s)?\d{1,2}\s?(?:h|giờ|g)(?:\s?\d{1,2})?(?:\s?(?:phút|p))?"
EVENT_ANCHOR = re.compile(
    rf"(?<!\w)(?=[vtchsnđkmlqb\d])(?:(?:vào|trong|từ|hôm|tối|đến)\s)?"
    rf"(?:(?:{_TIME_WORDS})\s(?:{_POD}\s)?|(?:{_POD})\s(?:(?:{_TIME_WORDS})\s)?)?"
    r"(?:(?:các|hai|ba|2|3|những)\s)?"
    r"(?P<kw>ngày|hôm\snay|hôm\squa|hôm|mùng|mồng|sáng|trưa|chiều|tối|đêm|khuya|nay|qua|từ)\s?"
    r"(?:\(\s?(?:ngày\s)?)?"
    rf"(?=(?P<date>{D}\s?(?:[/.-]|tháng|-|đến|và|,)))"
)
# A bare date opening a sentence or a clause, followed by a comma ("7/6/2021, Thường trực HĐND ...",
# a lead whose "Sáng ngày" the template put on the line above).
BARE_EVENT_DATE = re.compile(rf"(?:^|(?<=[,;(]\s)|(?<=[,;(]))(?=(?P<date>{D}\s?[/.-]\s?{M}(?:\s?[/.-]\s?{Y4})?\s?,))")
# What may come before an opening date: start of text or a clause boundary, and a dateline like
# "(Baoquangbinh.vn) -" or "TUYÊN HÓA -".
CLAUSE_START = re.compile(r"[.,;:!?()\"“”'\n\u2013-]\s*(?:vừa qua,?\s|mới đây,?\s)?$")
# A date right after a document number ("Quyết định 1234/QĐ-UBND ngày 5/3/2022") dates the
# document, not the event; so does the date after "ban hành", "ký" or an anniversary.
DOC_CONTEXT = re.compile(
    r"(?:\d+\s?[/-]\s?\d*\s?[A-ZĐ]{1,}[\w/.&-]*\s?,?|\bsố\s?\d+[\w/.&-]*\s?,?|\b(?:ban hành|ký|hiệu lực|"
    r"kỷ niệm|chào mừng|nhân dịp|hướng tới|thành lập|sinh|từ tháng|đến)\b[^.;,\n]{0,20})\s?$",
    re.I,
)
RANGE_TAIL = re.compile(r"\s?(?:-|đến|tới|và|&)\s?(?:ngày\s?)?")
RELATIVE_OPENING = re.compile(
    r"(?:^|[.,;:\n-])\s*(?:vào\s)?(?P<rel>(?:buổi\s)?(?:sáng|trưa|chiều|tối|đêm)\s(?:nay|qua)|hôm\s(?:nay|qua)|tối\squa)\b"
)

# --- where a yearless event date takes its year from ------------------------------------------------
# Year and month in a URL path: "/202107/", "/202107-slug", "/2019/05/21/", "/2019-05-21-slug".
URL_DATE = [
    re.compile(r"/(?P<y>(?:19|20)\d{2})(?P<m>0[1-9]|1[0-2])(?:/|\b)"),
    # A slug ending on a timestamp id ("...-20200722170915021.htm"): year, month, day, then the time.
    re.compile(r"[-_](?P<y>20\d{2})(?P<m>0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d{4,7}\.html?$"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})/(?P<m>0?[1-9]|1[0-2])(?:/|$)"),
    re.compile(r"/(?P<y>(?:19|20)\d{2})[-_](?P<m>0[1-9]|1[0-2])[-_](?:0[1-9]|[12]\d|3[01])(?!\d)"),
]
# A page stamp the text opens with, as templates print it above the lead: a label, a weekday, a time
# before or after; the caller checks that the lead follows (a separator, a new line, a capital).
_STAMP_TIME = r"\d{1,2}[:h]\d{2}(?::\d{2})?(?:\s?(?:SA|CH|AM|PM|sa|ch|am|pm))?"
HEAD_STAMP = re.compile(
    r"\s*(?:(?i:ngày đăng|đăng ngày|ngày cập nhật|cập nhật(?: lúc)?|đăng lúc|thời gian đăng|xuất bản|posted(?: on)?)"
    r"\s*:?\s*)?"
    r"(?P<stamp>(?:(?i:thứ\s?(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s?nhật)\s?,?\s?)?"
    rf"(?:(?P<t1>{_STAMP_TIME})\s?[-|,]?\s?)?"
    r"\d{1,2}\s?[/.-]\s?\d{1,2}\s?[/.-]\s?(?:19|20)\d{2}"
    rf"(?:\s?[-|,]?\s?(?i:lúc\s?)?(?P<t2>{_STAMP_TIME})(?:\s?\(?(?i:gmt)\s?\+\s?7\)?)?)?"
    r"|(?:19|20)\d{2}-\d{2}-\d{2}(?:[T ](?P<t3>\d{2}:\d{2})(?::\d{2})?)?)"
    r"(?P<sep>\s*[-–|]\s*|\s*\n\s*|\s*$|\s+)"
)
# A dated period: "6 tháng đầu năm 2021", "quý II/2024", "tháng 6 năm 2023", "năm 2016". Not a span
# ("năm học 2021-2022", "2021 - 2025"): the negative look-ahead refuses a second year.
YEAR_PHRASE = re.compile(
    r"(?<!\w)(?:(?P<n>\d{1,2}|ba|sáu|chín) tháng (?:(?P<half>đầu|cuối) )?năm"
    r"|quý (?P<q>iv|i{1,3}|[1-4])(?: năm)?"
    r"|tháng (?P<m>0?[1-9]|1[0-2])(?: năm)?"
    r"|năm)\s?[/-]?\s?(?P<y>(?:19|20)\d{2})(?!\d)(?!\s?-\s?(?:19|20)?\d{2}(?!\d))"
)
# A full day-first date with its year, wherever it stands ("ngày 22/8/2025", "24-6-2025").
FULL_DATE = re.compile(
    r"(?<![\d/.-])(?P<d>0?[1-9]|[12]\d|3[01])\s?([/.-])\s?(?P<m>0?[1-9]|1[0-2])\s?\2\s?(?P<y>(?:19|20)\d{2})(?!\d)"
)
# Words before a year that make it a target, a comparison, a founding or a birth, not the period a meeting is about.
NOT_A_PERIOD = re.compile(
    r"(?:đến|tới|từ|trước|sau|tầm nhìn|giai đoạn|nhiệm kỳ|khóa|khoá|sinh|thành lập|kỷ niệm|kỉ niệm|so với|so|cùng kỳ"
    r"|kể từ|bằng|gấp|cho)\s*$"
)
# A plan names the period ahead ("phương hướng, nhiệm vụ năm 2022"): the meeting is near its start.
PLAN_WORDS = re.compile(
    r"(?:phương hướng|kế hoạch|mục tiêu|dự toán|chỉ tiêu|(?<!thực hiện )nhiệm vụ)"
    r"(?:,? (?:nhiệm vụ|trọng tâm|giải pháp|chủ yếu|công tác))*\s*$"
)
QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
COUNT_MONTHS = {"ba": 3, "sáu": 6, "chín": 9}
