"""Meeting-report detection over a labelled corpus of real portal and newspaper texts (issue 4).

Each case in ``tests/data/meetings/corpus.jsonl`` is the title and lead of a real public page, with
its URL and every field labelled. A case may list ``known_gap`` fields that the rules still get
wrong (with a reason in ``note``); those fields are skipped by the per-case test but still counted
in the summary, which enforces the issue's thresholds.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from crawler.meetings import analyze, annotate_record, is_meeting_report, url_year
from crawler.text import fold

DATA = Path(__file__).parent / "data" / "meetings"
FIELDS = ("meeting_kind", "ordinal", "term", "body", "level", "meeting_date", "chair", "period")


def _load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


SEEDS = _load("seeds.jsonl")
CORPUS = _load("corpus.jsonl")
CASES = SEEDS + CORPUS


def _same(field: str, want: object, got: object) -> bool:
    if isinstance(want, str) and isinstance(got, str) and field in ("body", "chair", "term", "period"):
        return fold(want) == fold(got)
    return want == got


# Labels written before the year policy (their ``expect`` has no ``status``) left a date null, and a
# period without its year, when only a dated phrase or a page stamp stated the year ("Sáng 13-12, ...
# năm 2016"). The policy reads those now: such a field is accepted when the date's year came from
# that phrase or stamp, and the summary lists every case accepted so.
def _beyond_old_label(case: dict, field: str, want: object, got: dict) -> bool:
    if "status" in case["expect"] or got.get("meeting_date_source") not in ("phrase", "stamp"):
        return False
    if field == "meeting_date":
        return want is None
    year = (got.get("meeting_date") or "")[:4]
    return field == "period" and isinstance(want, str) and got.get(field) == f"{want} {year}"


def _field_ok(case: dict, field: str, got: dict) -> bool:
    want = case["expect"][field]
    return _same(field, want, got[field]) or _beyond_old_label(case, field, want, got)


def _run(case: dict) -> dict:
    record = {k: case[k] for k in ("title", "text", "published", "url") if case.get(k) is not None}
    return annotate_record(record)


def test_corpus_shape() -> None:
    """Issue 4 point 6: >= 250 texts, >= 40% negatives, every case with a URL and unique id."""
    ids = [c["id"] for c in CORPUS]
    assert len(ids) == len(set(ids)), "duplicate case ids in corpus.jsonl"
    assert all(c.get("url") for c in CORPUS), "every corpus case records the URL it came from"
    negatives = sum(not c["expect"]["is_meeting_report"] for c in CORPUS)
    print(f"\ncorpus: {len(CORPUS)} texts, {negatives} negatives ({negatives / len(CORPUS):.0%})")
    assert len(CORPUS) >= 250
    assert negatives / len(CORPUS) >= 0.40


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict) -> None:
    got = _run(case)
    want = case["expect"]
    where = f"{case['id']} ({case.get('url')})"
    assert got["is_meeting_report"] == want["is_meeting_report"], (
        f"{where}: expected is_meeting_report={want['is_meeting_report']}, got {got['is_meeting_report']} "
        f"(kind={got['meeting_kind']}, evidence={got['evidence']})"
    )
    if not want["is_meeting_report"]:
        return
    skip = set(case.get("known_gap", ()))
    wrong = {f: (want[f], got[f]) for f in FIELDS if f not in skip and not _field_ok(case, f, got)}
    assert not wrong, f"{where}: fields differ (expected, got): {wrong}; evidence={got['evidence']}"


def test_summary_precision_recall_field_accuracy() -> None:
    """Acceptance: precision >= 0.97, recall >= 0.95, kind/ordinal/date right on >= 95% of true positives."""
    tp = fp = fn = 0
    right = dict.fromkeys(FIELDS, 0)
    beyond: list[str] = []
    for case in CASES:
        got, want = _run(case), case["expect"]
        if got["is_meeting_report"] and want["is_meeting_report"]:
            tp += 1
            for f in FIELDS:
                right[f] += _field_ok(case, f, got)
                if not _same(f, want[f], got[f]) and _beyond_old_label(case, f, want[f], got):
                    beyond.append(f"{case['id']}:{f}={got[f]}")
        elif got["is_meeting_report"]:
            fp += 1
        elif want["is_meeting_report"]:
            fn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    accuracy = {f: right[f] / tp for f in FIELDS} if tp else dict.fromkeys(FIELDS, 0.0)
    print(f"\nmeetings corpus: {len(CASES)} texts, tp={tp} fp={fp} fn={fn}")
    print(f"precision={precision:.3f} recall={recall:.3f}")
    print("field accuracy on true positives: " + ", ".join(f"{f}={a:.3f}" for f, a in accuracy.items()))
    print(f"read beyond labels made before the year policy ({len(beyond)}): {', '.join(beyond) or '-'}")
    assert precision >= 0.97
    assert recall >= 0.95
    for f in ("meeting_kind", "ordinal", "meeting_date"):
        assert accuracy[f] >= 0.95, f"{f} accuracy {accuracy[f]:.3f} < 0.95"


# --- the seeds, as the issue states them ------------------------------------------------------------
def _seed(prefix: str) -> dict:
    return next(c for c in SEEDS if c["id"] == f"seed-{prefix}")


def test_seed_tan_hong() -> None:
    case = _seed("004")
    got = analyze(case["title"], case["text"], url=case["url"])
    assert got is not None
    assert (got.kind, got.ordinal, got.body, got.meeting_date) == (
        "party_committee_conference",
        9,
        "Ban Chấp hành Đảng bộ huyện Tân Hồng",
        date(2022, 7, 11),
    )


def test_seed_tuyen_hoa_year_from_publication() -> None:
    case = _seed("000")
    got = analyze(case["title"], case["text"], published=date(2020, 7, 4))
    assert got is not None
    assert (got.kind, got.meeting_date, got.date_source) == ("review_conference", date(2020, 7, 3), "phrase")
    # Without a publication date or a dated URL the year of "Ngày 3/7" is the year of the period the
    # sentence reviews ("6 tháng cuối năm 2020"), never a guess from the clock.
    alone = analyze(case["title"], case["text"])
    assert alone is not None and (alone.meeting_date, alone.date_source) == (date(2020, 7, 3), "phrase")


# --- spelling variants ------------------------------------------------------------------------------
LEAD = (
    "Sáng ngày 11/7/2022, BCH Đảng bộ huyện Tân Hồng tổ chức kỳ họp lần thứ 9 để đánh giá kết quả 6 tháng đầu năm 2022."
)


@pytest.mark.parametrize(
    "title, text",
    [
        ("Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng", LEAD),
        ("KỲ HỌP LẦN THỨ 9 BCH ĐẢNG BỘ HUYỆN TÂN HỒNG", LEAD),
        (
            unicodedata.normalize("NFD", "Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng"),
            unicodedata.normalize("NFD", LEAD),
        ),
        (
            "Hội nghị Huyện uỷ Tân Hồng lần thứ 9, khoá XI",
            "Sáng ngày 11/7/2022, Huyện uỷ Tân Hồng tổ chức Hội nghị lần thứ 9.",
        ),
        (
            "Hội nghị Huyện ủy Tân Hồng lần thứ 9, khóa XI",
            "Sáng ngày 11/7/2022, Huyện ủy Tân Hồng tổ chức Hội nghị lần thứ 9.",
        ),
    ],
    ids=["nfc", "upper-case", "nfd", "old-tone-marks", "new-tone-marks"],
)
def test_spellings(title: str, text: str) -> None:
    got = analyze(title, text)
    assert got is not None and got.kind == "party_committee_conference", got
    assert (got.ordinal, got.meeting_date) == (9, date(2022, 7, 11))
    assert got.body is not None and "Tân Hồng" in unicodedata.normalize("NFC", got.body)


# --- ordinal traps ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "title, text, ordinal",
    [
        ("Kỳ họp thứ Chín HĐND huyện khóa XX", "Sáng 5/12/2023, HĐND huyện khóa XX khai mạc kỳ họp thứ Chín.", 9),
        (
            "Hội nghị BCH Đảng bộ tỉnh lần thứ XII",
            "Ngày 3/5/2023, Tỉnh ủy tổ chức Hội nghị BCH Đảng bộ tỉnh lần thứ XII.",
            12,
        ),
        (
            "Hội nghị lần thứ mười hai Ban Chấp hành Trung ương Đảng khóa XIII",
            "Ngày 16/10/2025, Hội nghị lần thứ mười hai Ban Chấp hành Trung ương Đảng khóa XIII đã khai mạc.",
            12,
        ),
        (
            "Hội nghị BCH Đảng bộ huyện cho ý kiến dự thảo văn kiện",
            "Ngày 2/4/2025, Huyện ủy tổ chức Hội nghị BCH Đảng bộ huyện để cho ý kiến lần thứ 3 vào dự thảo văn kiện "
            "tiến tới Đại hội đại biểu Đảng bộ huyện lần thứ XXVI.",
            None,
        ),
        (
            "Hội nghị học tập Nghị quyết Hội nghị lần thứ Tám",
            "Ngày 10/12/2023, Huyện ủy tổ chức hội nghị quán triệt Nghị quyết Hội nghị lần thứ Tám Ban Chấp hành"
            " Trung ương Đảng khóa XIII.",
            None,
        ),
        (
            "Kỳ họp thứ 7 HĐND tỉnh: ngày làm việc thứ hai",
            "Sáng 8/12/2023, Kỳ họp thứ 7 HĐND tỉnh bước vào ngày làm việc thứ hai.",
            7,
        ),
    ],
    ids=["words", "roman", "words-twelve", "round-of-comments", "plenum-studied", "working-day"],
)
def test_ordinal_traps(title: str, text: str, ordinal: int | None) -> None:
    got = analyze(title, text)
    assert got is not None, f"{title!r} should be a meeting report"
    assert got.ordinal == ordinal


def test_giao_ban_is_not_assign_a_board() -> None:
    text = "Ngày 5/7/2024, đồng chí Bí thư giao Ban Tổ chức Huyện ủy tham mưu kế hoạch tổ chức đại hội."
    assert not is_meeting_report("Triển khai nhiệm vụ công tác tổ chức", text)
    assert is_meeting_report(
        "Giao ban công tác tháng 7", "Ngày 5/7/2024, Thường trực Huyện ủy tổ chức hội nghị giao ban công tác tháng 7."
    )


def test_url_year() -> None:
    assert url_year("https://baodongnai.com.vn/video/201807/khai-mac-ky-hop-2900828") == 2018
    assert url_year("https://example.vn/2019/05/21/hoi-nghi") == 2019
    assert url_year("https://example.vn/tin-tuc/hoi-nghi-2019-123.html") is None


def test_annotate_record_contract() -> None:
    record = {"title": "Kỳ họp lần thứ 9 BCH Đảng bộ huyện Tân Hồng", "text": LEAD, "published": "2022-07-12", "id": 7}
    out = annotate_record(record)
    assert out["id"] == 7 and out["text"] == LEAD, "extra keys and input pass through"
    assert out["is_meeting_report"] is True
    assert out["meeting_kind"] == "party_committee_conference" and out["meeting_date"] == "2022-07-11"
    assert isinstance(out["evidence"], list) and out["evidence"]
    assert 0.0 <= out["confidence"] <= 1.0
    neg = annotate_record({"text": "Ngày 5/7/2024, UBND huyện tổ chức Lễ khởi công xây dựng cầu."})
    assert neg["is_meeting_report"] is False and neg["meeting_kind"] is None and neg["meeting_date"] is None
    json.dumps(out, ensure_ascii=False)
