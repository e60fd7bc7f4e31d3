"""Meeting stories for the simulator: one council session told by several articles, as portals tell it.

A session is convened ("Thông báo triệu tập Kỳ họp thứ 45 ..."), opened ("Khai mạc Kỳ họp thứ 45 ...") and
closed under a headline that names its outcome instead ("HĐND huyện Tân Hồng thông qua 14 nghị quyết"), each
in another category and by another author. These are what meeting records join into one meeting with one alert.

Two ways in, both deterministic: a site whose spec asks for ``meeting_stories`` has ``corpus_session``'s three
articles in its corpus (a province portal that republishes it has their copies too), and ``SimSite.publish_session``
publishes one stage of any session between two crawls, as itself or as a copy another portal made of it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from crawler.dates import TZ
from crawler.simulator.corpus import FILLER, PLACES, VARIATIONS, SimArticle, slugify

STAGES = ("announcement", "opening", "outcome")
# The corpus's generated council sessions are numbered 2 to 40: a story's session never shares their number.
CORPUS_ORDINAL = 45


@dataclass(frozen=True)
class Session:
    """One session of a district People's Council: its place (a ``corpus.PLACES`` key), number and opening day."""

    place: str
    ordinal: int
    day: date
    resolutions: int = 14

    @property
    def key(self) -> str:
        return f"{self.place}:{self.ordinal}:{self.day.isoformat()}"


def _d(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def session_article(session: Session, stage: str, article_id: int, published: datetime) -> SimArticle:
    """The article of one ``stage`` of a session; the truth a test compares with: a report has the session's
    kind, number and opening day (``meeting_kind``), an announcement none (it reports nothing held), and every
    stage names its session (``extra``)."""
    place = PLACES[session.place]
    district, n, day = place.district, session.ordinal, session.day
    chair = place.officials[0][0]
    filler: tuple[str, ...]
    if stage == "announcement":
        title = f"Thông báo triệu tập Kỳ họp thứ {n} HĐND huyện {district} khóa XX"
        lead = (
            f"Thường trực HĐND huyện {district} vừa ban hành thông báo triệu tập Kỳ họp thứ {n} HĐND huyện "
            f"{district} khóa XX, nhiệm kỳ 2021-2026. Kỳ họp dự kiến khai mạc vào sáng ngày {_d(day)} tại Hội "
            f"trường UBND huyện {district}, thời gian làm việc 2 ngày."
        )
        category, byline, filler = "Tin hoạt động", "Văn phòng HĐND - UBND huyện", FILLER[:2]
    elif stage == "opening":
        title = f"Khai mạc Kỳ họp thứ {n} HĐND huyện {district} khóa XX"
        lead = (
            f"Sáng {_d(day)}, tại Hội trường UBND huyện, HĐND huyện {district} khóa XX, nhiệm kỳ 2021-2026 khai "
            f"mạc Kỳ họp thứ {n}. Đồng chí {chair} - Chủ tịch HĐND huyện chủ trì kỳ họp."
        )
        category, byline, filler = "Xây dựng Đảng", "Minh Châu", FILLER[1:4]
    elif stage == "outcome":
        title = f"HĐND huyện {district} thông qua {session.resolutions} nghị quyết"
        lead = (
            f"Chiều {_d(day + timedelta(days=1))}, sau hai ngày làm việc, Kỳ họp thứ {n} HĐND huyện {district} "
            f"khóa XX đã bế mạc. Kỳ họp đã thông qua {session.resolutions} nghị quyết về phát triển kinh tế - xã hội, "
            "quốc phòng - an ninh của huyện."
        )
        category, byline, filler = "Kinh tế - Xã hội", "BT: Thanh Tùng", FILLER[2:]
    else:
        raise ValueError(f"unknown stage {stage!r}; use one of {', '.join(STAGES)}")
    report = stage != "announcement"
    return SimArticle(
        id=article_id,
        title=title,
        slug=f"{slugify(title)}-{article_id}",
        published=published,
        category=category,
        paragraphs=(lead, *filler),
        byline=byline,
        meeting_kind="council_session" if report else None,
        ordinal=n if report else None,
        meeting_date=day if report else None,
        extra={"session": session.key, "stage": stage},
    )


def stage_time(session: Session, stage: str) -> datetime:
    """When a portal publishes a stage: the convocation a week before, the opening that morning, the outcome the
    next evening."""
    when = {
        "announcement": (session.day - timedelta(days=7), time(9, 0)),
        "opening": (session.day, time(11, 0)),
        "outcome": (session.day + timedelta(days=1), time(17, 30)),
    }[stage]
    return datetime.combine(*when, tzinfo=TZ)


def copy_of(article: SimArticle, variation: str, article_id: int, published: datetime) -> SimArticle:
    """The copy another portal makes of ``article``: one of ``corpus.VARIATIONS`` (a retitled headline, a source
    line added, a paragraph trimmed), under its own id and time."""
    if variation not in VARIATIONS:
        raise ValueError(f"unknown variation {variation!r}; use one of {', '.join(VARIATIONS)}")
    place = PLACES[article.extra["session"].split(":")[0]]
    title, paragraphs = article.title, article.paragraphs
    if variation == "title changed":
        title = f"{place.district}: {article.title[0].lower()}{article.title[1:]}"
    elif variation == "byline added":
        paragraphs = (*paragraphs, f"Nguồn: HĐND huyện {place.district}")
    elif variation == "paragraph trimmed" and len(paragraphs) > 2:
        paragraphs = paragraphs[:-1]
    return replace(
        article,
        id=article_id,
        title=title,
        slug=f"{slugify(title)}-{article_id}",
        published=published,
        paragraphs=paragraphs,
        byline="Phòng Thông tin - Tỉnh ủy",
        extra={**article.extra, "copy_of": str(article.id), "variation": variation},
    )


def corpus_session(place_key: str, end: datetime) -> Session:
    """The session a corpus with meeting stories tells of: opened twelve days before the corpus ends."""
    return Session(place_key, CORPUS_ORDINAL, (end - timedelta(days=12)).date())


def corpus_stories(place_key: str, end: datetime, first_id: int) -> list[SimArticle]:
    """The three articles of ``corpus_session`` (ids ``first_id``, +7, +14), at their stage times."""
    session = corpus_session(place_key, end)
    return [session_article(session, s, first_id + 7 * i, stage_time(session, s)) for i, s in enumerate(STAGES)]
