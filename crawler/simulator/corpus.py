"""Deterministic Vietnamese articles for the portal simulator.

Every simulated portal draws its articles from here, so the tests know the truth of what a crawl
should find: titles, publication times, categories, bylines, images, attachments, and which
articles are meeting reports (with kind, ordinal and meeting date). The two real seed articles
(``data/seeds.json``, from ``shared/seeds``) are placed at their dates among generated ones.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from crawler.dates import TZ

_DATA = Path(__file__).with_name("data")


@dataclass(frozen=True)
class SimImage:
    """An image placed in the article body with its caption."""

    path: str
    caption: str


@dataclass(frozen=True)
class SimAttachment:
    """A downloadable document linked from the article."""

    path: str
    title: str


@dataclass(frozen=True)
class SimArticle:
    """One article of a simulated portal, with the ground truth tests compare against."""

    id: int
    title: str
    slug: str
    published: datetime
    category: str
    paragraphs: tuple[str, ...]
    byline: str
    modified: datetime | None = None
    images: tuple[SimImage, ...] = ()
    attachments: tuple[SimAttachment, ...] = ()
    meeting_kind: str | None = None
    ordinal: int | None = None
    meeting_date: date | None = None
    seed: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def lead(self) -> str:
        return self.paragraphs[0]


@dataclass(frozen=True)
class Place:
    """The district a simulated portal belongs to, and the communes named in its news."""

    district: str
    province: str
    communes: tuple[str, ...]
    officials: tuple[tuple[str, str], ...]


PLACES: dict[str, Place] = {
    "tuyenhoa": Place(
        "Tuyên Hóa",
        "Quảng Bình",
        ("Thanh Hóa", "Lâm Hóa", "Đồng Hóa", "Thạch Hóa", "Châu Hóa", "Mai Hóa", "Tiến Hóa", "Văn Hóa"),
        (("Trần Hữu Chức", "Phó Bí thư Thường trực Huyện ủy"), ("Phạm Hồng Ngọc", "Chủ tịch UBND huyện")),
    ),
    "tanhong": Place(
        "Tân Hồng",
        "Đồng Tháp",
        ("Tân Thành A", "Tân Thành B", "Tân Công Chí", "An Phước", "Tân Hộ Cơ", "Bình Phú", "Thông Bình"),
        (("Võ Thành Hưng", "Bí thư Huyện ủy"), ("Phạm Văn Dũng", "Chủ tịch UBND huyện")),
    ),
    "tuyphong": Place(
        "Tuy Phong",
        "Bình Thuận",
        ("Liên Hương", "Phan Rí Cửa", "Chí Công", "Bình Thạnh", "Phú Lạc", "Phong Phú", "Vĩnh Hảo"),
        (("Trần Sinh Toàn", "Bí thư Huyện ủy"), ("Nguyễn Văn Phong", "Chủ tịch UBND huyện")),
    ),
    "chiemhoa": Place(
        "Chiêm Hóa",
        "Tuyên Quang",
        ("Vĩnh Lộc", "Ngọc Hội", "Hòa Phú", "Yên Nguyên", "Phúc Thịnh", "Tân Mỹ", "Kim Bình"),
        (("Ma Phúc Hà", "Bí thư Huyện ủy"), ("Hoàng Văn Tuấn", "Chủ tịch UBND huyện")),
    ),
    "dongthap": Place(  # the province portal sim-dongthap, which republishes sim-tanhong (see ``PROVINCES``)
        "Đồng Tháp",
        "Đồng Tháp",
        ("Tân Thành A", "Thông Bình", "Mỹ An", "Tân Hồng", "Sa Rài"),
        (("Lê Quốc Phong", "Bí thư Tỉnh ủy"), ("Phạm Thiện Nghĩa", "Chủ tịch UBND tỉnh")),
    ),
    "longho": Place(  # the DotNetNuke commune portal sim-longho: its archive reports the old district's news
        "Long Hồ",
        "Vĩnh Long",
        ("Long Phước", "Phước Hậu", "Lộc Hòa", "Hòa Phú", "Thạnh Quới", "Phú Quới", "Tân Hạnh", "Đồng Phú"),
        (("Trương Văn Nghĩa", "Bí thư Huyện ủy"), ("Đặng Thị Kim Loan", "Chủ tịch UBND huyện")),
    ),
    "tranvanthoi": Place(
        "Trần Văn Thời",
        "Cà Mau",
        ("Trần Hợi", "Khánh Bình", "Khánh Hưng", "Lợi An", "Phong Lạc", "Sông Đốc", "Khánh Lộc"),
        (("Lê Thị Nhung", "Bí thư Huyện ủy"), ("Nguyễn Minh Luân", "Chủ tịch UBND huyện")),
    ),
}

CATEGORIES = ("Tin hoạt động", "Xây dựng Đảng", "Kinh tế - Xã hội", "Quốc phòng - An ninh")
ROMAN = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
BYLINES = (
    "Văn Tư – Thanh Đạm",
    "BT: Kim Lệ + Ảnh: Chí Dũng",
    "Minh Châu",
    "Hoàng Anh – Thu Hà",
    "Tin, ảnh: Ngọc Mai",
    "BT: Thanh Tùng",
)

# (kind, title template, opening template). Openings start with the day, as portals write them.
MEETINGS = (
    (
        "party_committee_conference",
        "Hội nghị Ban Chấp hành Đảng bộ huyện {district} lần thứ {n}",
        "{part} ngày {d}, Ban Chấp hành Đảng bộ huyện {district} khóa XX tổ chức Hội nghị lần thứ {n} để "
        "đánh giá kết quả thực hiện nhiệm vụ {period} và bàn giải pháp thời gian tới.",
    ),
    (
        "council_session",
        "Kỳ họp thứ {n} HĐND huyện {district} khóa XX",
        "{part} ngày {d}, HĐND huyện {district} khóa XX, nhiệm kỳ 2021-2026 khai mạc Kỳ họp thứ {n} để xem "
        "xét các báo cáo, tờ trình về tình hình kinh tế - xã hội {period}.",
    ),
    (
        "review_conference",
        "Hội nghị sơ kết công tác xây dựng Đảng {period}",
        "{part} ngày {d}, Ban Thường vụ Huyện ủy {district} tổ chức Hội nghị sơ kết công tác xây dựng Đảng "
        "{period}. Đồng chí {chair} chủ trì hội nghị.",
    ),
    (
        "congress",
        "Đại hội đại biểu Đảng bộ xã {commune} lần thứ {roman}, nhiệm kỳ 2020-2025",
        "{part} ngày {d}, Đảng bộ xã {commune} long trọng tổ chức Đại hội đại biểu lần thứ {roman}, nhiệm kỳ "
        "2020-2025. Về dự có đồng chí {chair}.",
    ),
    (
        "briefing",
        "UBND huyện {district} họp giao ban đánh giá tình hình tháng {month}",
        "{part} ngày {d}, UBND huyện {district} tổ chức cuộc họp giao ban đánh giá tình hình kinh tế - xã "
        "hội tháng {month}, triển khai nhiệm vụ tháng tới.",
    ),
)

OTHERS = (
    "Lễ khởi công xây dựng cầu dân sinh xã {commune}",
    "Trao tặng quà cho hộ nghèo xã {commune} nhân dịp Tết",
    "Xã {commune} ra quân làm đường giao thông nông thôn",
    "Hội thi tuyên truyền viên giỏi huyện {district} năm {year}",
    "Thăm và làm việc tại xã {commune}",
    "Dự kiến nội dung Kỳ họp thứ {n} HĐND huyện {district}",
    "Nông dân xã {commune} thu hoạch lúa hè thu đạt năng suất cao",
    "Tăng cường công tác phòng, chống dịch bệnh trên đàn gia súc",
)
FILLER = (
    "Trong thời gian qua, cấp ủy, chính quyền các cấp đã tập trung lãnh đạo, chỉ đạo thực hiện đồng bộ "
    "các giải pháp, đạt được nhiều kết quả quan trọng.",
    "Kinh tế trên địa bàn tiếp tục tăng trưởng; văn hóa - xã hội có nhiều chuyển biến tích cực; quốc "
    "phòng - an ninh được giữ vững; đời sống của nhân dân từng bước được cải thiện.",
    "Bên cạnh kết quả đạt được, vẫn còn một số tồn tại, hạn chế cần khắc phục trong thời gian tới.",
    "Các đại biểu đã tập trung thảo luận, đóng góp nhiều ý kiến tâm huyết, trách nhiệm.",
    "Kết quả có 18/20 xã, thị trấn hoàn thành chỉ tiêu; 6/6 cụm đạt yêu cầu đề ra.",
)


def slugify(title: str) -> str:
    """An ASCII URL slug the way WordPress and NukeViet make one (đ becomes d, marks dropped)."""
    plain = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:200]


@cache
def load_seeds() -> dict[str, dict[str, object]]:
    """The two real seed articles, keyed by their district word."""
    seeds = json.loads((_DATA / "seeds.json").read_text(encoding="utf-8"))
    return {s["key"]: s for s in seeds}


def _seed_article(seed: dict[str, object], article_id: int) -> SimArticle:
    meeting = seed["meeting"]
    assert isinstance(meeting, dict)
    return SimArticle(
        id=int(seed.get("content_id", article_id)),  # type: ignore[call-overload]
        title=str(seed["title"]),
        slug=slugify(str(seed["title"])),
        published=datetime.fromisoformat(str(seed["published"])),
        category=str(seed["category"]),
        paragraphs=tuple(seed["paragraphs"]),  # type: ignore[arg-type]
        byline=str(seed["byline"]),
        meeting_kind=meeting["kind"],
        ordinal=meeting["ordinal"],
        meeting_date=date.fromisoformat(meeting["date"]),
        seed=str(seed["key"]),
    )


def _period(day: date) -> str:
    return f"6 tháng đầu năm {day.year}" if day.month <= 7 else f"năm {day.year}"


def _generated(
    rng: random.Random, place: Place, article_id: int, published: datetime, meeting: bool | None = None
) -> SimArticle:
    """One generated article; ``meeting`` forces a meeting report or not (None: three in ten are)."""
    day = (published - timedelta(days=rng.choice((0, 0, 1)))).date()
    chair = "{} - {}".format(*rng.choice(place.officials))
    fields = {
        "district": place.district,
        "commune": rng.choice(place.communes),
        "n": rng.randint(2, 40),
        "year": day.year,
        "month": day.month,
        "period": _period(day),
        "chair": chair,
        "part": rng.choice(("Sáng", "Chiều", "Sáng", "")),
        "d": f"{day.day}/{day.month}/{day.year}",
    }
    fields["roman"] = ROMAN[int(fields["n"]) % 15 or 1]  # type: ignore[call-overload]
    kind = ordinal = meeting_date = None
    roll = rng.random()  # drawn either way, so that the corpus stays the same whatever ``meeting`` is
    if (roll < 0.3) if meeting is None else meeting:
        kind, title_t, opening_t = rng.choice(MEETINGS)
        title = title_t.format(**fields)
        opening = opening_t.format(**fields).strip()
        if kind in ("party_committee_conference", "council_session"):
            ordinal = int(fields["n"])  # type: ignore[call-overload]
        elif kind == "congress":
            ordinal = ROMAN.index(str(fields["roman"]))
        meeting_date = day
    else:
        title = rng.choice(OTHERS).format(**fields)
        opening = (
            f"Ngày {fields['d']}, {title[0].lower()}{title[1:]} đã được tổ chức tại xã {fields['commune']} "
            f"với sự tham gia của {rng.randint(40, 600)} người dân."
        )
        if title.startswith("Dự kiến"):
            opening = f"Theo kế hoạch, {title[0].lower()}{title[1:]} sẽ khai mạc vào đầu tháng tới."
    opening = opening[0].upper() + opening[1:]
    body = (opening, *rng.sample(FILLER, rng.randint(2, 4)))
    images = tuple(
        SimImage(f"/uploads/{published:%Y/%m}/anh-{article_id}-{i}.jpg", f"Quang cảnh {title[:40].lower()} (ảnh {i})")
        for i in range(1, rng.choice((0, 1, 1, 2)) + 1)
    )
    attachments: tuple[SimAttachment, ...] = ()
    if rng.random() < 0.15:
        attachments = (SimAttachment(f"/uploads/{published:%Y/%m}/bao-cao-{article_id}.pdf", "Báo cáo kết quả (PDF)"),)
    modified = published + timedelta(hours=rng.randint(2, 48)) if rng.random() < 0.2 else None
    return SimArticle(
        id=article_id,
        title=title,
        slug=f"{slugify(title)}-{article_id}",
        published=published,
        category=rng.choice(CATEGORIES),
        paragraphs=body,
        byline=rng.choice(BYLINES),
        modified=modified,
        images=images,
        attachments=attachments,
        meeting_kind=kind,
        ordinal=ordinal,
        meeting_date=meeting_date,
    )


def generate(
    place_key: str,
    count: int,
    *,
    first_id: int,
    seeds: tuple[str, ...] = (),
    end: datetime = datetime(2025, 6, 28, 9, 30, tzinfo=TZ),
    stories: bool = False,
) -> list[SimArticle]:
    """``count`` articles of one portal, newest first, deterministic for the same arguments.

    Generated articles are spread back from ``end`` (or from just before the newest seed) at
    roughly ten-day steps; seed articles keep their real dates and count among the ``count``.
    ``stories`` adds a council session's convocation, opening and outcome (``sessions.corpus_stories``)
    beyond the ``count``, with ids after the generated ones; without it the corpus is what it always was.
    """
    if place_key in PROVINCES:  # a province portal: copies of a district portal's corpus
        district, size, district_first, district_seeds = PROVINCES[place_key]
        source = generate(district, size, first_id=district_first, seeds=district_seeds, stories=stories)
        return republished(source, count, first_id=first_id, district=PLACES[district].district)
    rng = random.Random(f"{place_key}:{count}:{first_id}")
    place = PLACES[place_key]
    articles = [load_seeds()[key] for key in seeds]
    out = [_seed_article(seed, first_id + i) for i, seed in enumerate(articles)]
    # A portal with a seed is an archive that ends at its seed: the seed is its newest meeting report.
    when = newest = min([end, *(a.published - timedelta(days=2) for a in out)])
    for i in range(len(out), count):
        minute = rng.randint(0, 59)
        out.append(_generated(rng, place, first_id + i * 7, when.replace(hour=rng.randint(7, 17), minute=minute)))
        when -= timedelta(days=rng.randint(3, 14) * (240 / max(count, 240)), hours=rng.randint(0, 5))
    if stories:
        from crawler.simulator.sessions import corpus_stories  # it builds on this module

        out += corpus_stories(place_key, newest, first_id + 7 * count)
    return sorted(out, key=lambda a: a.published, reverse=True)


def fresh_article(place_key: str, article_id: int, published: datetime, *, meeting: bool) -> SimArticle:
    """An article an editor publishes between two crawls (``SimSite.publish``): a meeting report or not.

    Drawn from the same generator as the corpus, deterministic for its place and id, never edited yet.
    Drafts the crawler's meeting detector would judge otherwise (the corpus has none, but a new template
    could) are drawn again, so that a test publishing N meeting reports sees N flagged."""
    from crawler.meetings import analyze  # the crawler's detector, only when publishing (tests)

    place = PLACES[place_key]
    rng = random.Random(f"{place_key}:fresh:{article_id}")
    for _ in range(100):
        article = replace(_generated(rng, place, article_id, published, meeting=meeting), modified=None)
        text = "\n\n".join(article.paragraphs)
        if (getattr(analyze(article.title, text, published=published.date()), "status", None) == "held") == meeting:
            return article
    raise RuntimeError(f"no {'meeting report' if meeting else 'article'} for {place_key} the detector agrees with")


# A province portal republishing its districts ------------------------------------------------------------

# Province place key -> the district corpus it republishes: sim-tanhong's (crawler/simulator/sites.py).
PROVINCES: dict[str, tuple[str, int, int, tuple[str, ...]]] = {"dongthap": ("tanhong", 240, 11700000, ("tanhong",))}

# The two commune congress reports the province portal carries: one template, different communes, people and
# numbers. They are distinct stories however alike they read (tests/data/dedupe has more such pairs).
COMMUNE_TWINS = (
    ("Tân Thành A", "XIV", 152, 418, 17, 19, 62, "1,8", 15, "Nguyễn Văn Tâm"),
    ("Thông Bình", "XIII", 126, 351, 16, 18, 58, "2,4", 13, "Lê Thị Hồng"),
)
# How a province portal varies what it republishes, in turn (a copy's ``extra["variation"]`` names it).
VARIATIONS = ("title changed", "byline added", "paragraph trimmed", "captions changed")


def _vary(a: SimArticle, n: int, article_id: int, district: str) -> SimArticle:
    """The ``n``-th republished copy of ``a``: one of ``VARIATIONS``, a day later, under a new id."""
    variation = VARIATIONS[n % len(VARIATIONS)]
    if variation == "paragraph trimmed" and len(a.paragraphs) < 4:
        variation = "title changed"  # a three-paragraph article is not trimmed: it would be another text
    title, paragraphs, images = a.title, a.paragraphs, a.images
    if variation == "title changed":
        title = f"{district}: {a.title[0].lower()}{a.title[1:]}"
    elif variation == "byline added":
        paragraphs = (*a.paragraphs, f"Nguồn: Huyện ủy {district}")
    elif variation == "paragraph trimmed":  # the shortest body paragraph goes, as an editor short of space does
        cut = min(range(1, len(a.paragraphs)), key=lambda i: len(a.paragraphs[i]))
        paragraphs = a.paragraphs[:cut] + a.paragraphs[cut + 1 :]
    else:
        images = tuple(SimImage(i.path, f"Ảnh: {district} - {i.caption.split(' (')[0]}") for i in a.images)
    return SimArticle(
        id=article_id,
        title=title,
        slug=f"{slugify(title)}-{article_id}",
        published=a.published + timedelta(days=1),
        category=a.category,
        paragraphs=paragraphs,
        byline="Phòng Thông tin - Tỉnh ủy",
        images=images,
        meeting_kind=a.meeting_kind,
        ordinal=a.ordinal,
        meeting_date=a.meeting_date,
        extra={**a.extra, "copy_of": str(a.id), "variation": variation},
    )


def _commune_twin(i: int, article_id: int, published: datetime) -> SimArticle:
    commune, roman, delegates, members, done, goals, income, poor, board, secretary = COMMUNE_TWINS[i]
    title = f"Đại hội đại biểu Đảng bộ xã {commune} lần thứ {roman}, nhiệm kỳ 2025-2030"
    paragraphs = (
        f"Ngày {published:%d/%m/%Y}, Đảng bộ xã {commune} long trọng tổ chức Đại hội đại biểu lần thứ {roman}, "
        f"nhiệm kỳ 2025-2030. Dự đại hội có {delegates} đại biểu đại diện cho {members} đảng viên trong toàn Đảng bộ.",
        f"Nhiệm kỳ 2020-2025, Đảng bộ xã {commune} lãnh đạo hoàn thành {done}/{goals} chỉ tiêu nghị quyết đề ra; thu "
        f"nhập bình quân đầu người đạt {income} triệu đồng/năm; tỷ lệ hộ nghèo giảm còn {poor}%.",
        "Đại hội đề ra mục tiêu: xây dựng Đảng bộ xã trong sạch, vững mạnh; phát huy sức mạnh khối đại đoàn kết "
        f"toàn dân; phấn đấu đến năm 2030 xã {commune} đạt chuẩn nông thôn mới nâng cao.",
        f"Đại hội đã bầu Ban Chấp hành Đảng bộ xã khóa mới gồm {board} đồng chí; đồng chí {secretary} được bầu giữ "
        f"chức Bí thư Đảng ủy xã {commune} nhiệm kỳ 2025-2030.",
    )
    return SimArticle(
        id=article_id,
        title=title,
        slug=f"{slugify(title)}-{article_id}",
        published=published,
        category="Xây dựng Đảng",
        paragraphs=paragraphs,
        byline="Phòng Thông tin - Tỉnh ủy",
        meeting_kind="congress",
        ordinal=ROMAN.index(roman),
        meeting_date=published.date(),
        extra={"twin": commune},
    )


def republished(source: list[SimArticle], count: int, *, first_id: int, district: str) -> list[SimArticle]:
    """A province portal's articles, newest first: copies of the newest ``count - 2`` articles of a district
    portal's ``source`` corpus, varied in turn (``VARIATIONS``), and the two ``COMMUNE_TWINS`` reports.

    Deterministic: ``source`` is itself deterministic (``generate``)."""
    copies = [_vary(a, n, first_id + n * 7, district) for n, a in enumerate(source[: max(count - 2, 0)])]
    when = source[0].published.replace(hour=15, minute=0) + timedelta(days=2) if source else datetime.now(TZ)
    twins = [_commune_twin(i, first_id + (len(copies) + i) * 7, when + timedelta(hours=i)) for i in range(2)]
    return sorted([*copies, *twins], key=lambda a: a.published, reverse=True)
