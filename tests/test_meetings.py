"""Meeting-report detection over a labelled corpus of real portal and newspaper texts.

Each case in ``tests/data/meetings/train.jsonl`` and ``dev.jsonl`` is the title and lead of a real
public page, with its URL and every field labelled (see ``tests/data/meetings/README.md``). The corpus
is split once by source site: dev holds only sites absent from train and is never read while writing
rules, so the per-case and summary tests here run on the seeds and train only; the shape test covers
both splits and the held-out ``test.jsonl`` (sites absent from both). Dev and test are scored only as
totals, in the side-by-side test, never case by case. A case may list ``known_gap`` fields that the rules
still get wrong; those fields are skipped by the per-case test but still counted in the summary, and a case
whose detection itself is a known gap (``is_meeting_report``) is a strict xfail, so fixing it fails the
suite until the gap is removed.
"""

from __future__ import annotations

import ipaddress
import json
import unicodedata
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.meetings import analyze, annotate_record, is_meeting_report, url_year
from crawler.meetings.evaluate import FIELDS, analysed, same, score, table

DATA = Path(__file__).parent / "data" / "meetings"


def _load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


SEEDS = _load("seeds.jsonl")
TRAIN = _load("train.jsonl")
DEV = _load("dev.jsonl")  # shape only: never scored case by case here, never read while writing rules
TEST = _load("test.jsonl")  # totals only, in the side-by-side test; never read while writing rules
CASES = SEEDS + TRAIN
STATUSES = {"held", "announced", None}
REASONS = {
    "progress_tally",
    "schedule",
    "document",
    "digest",
    "speech",
    "visit",
    "ceremony",
    "contest",
    "feature",
    "training",
    "citation",
    "other_event",
    "unrelated",
}
_SECOND_LEVEL = {"gov", "com", "org", "net", "edu", "ac", "int", "info", "pro", "name", "biz", "health", "dcs"}


def _site(url: str) -> str:
    """The split key: the registrable host's name label (amp.vtcnews.vn -> vtcnews, xa.dongthap.gov.vn -> dongthap)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    parts = host.split(".")
    if len(parts) >= 3 and parts[-1] == "vn" and parts[-2] in _SECOND_LEVEL:
        return parts[-3]
    return parts[-2] if len(parts) >= 2 else host


def _field_ok(case: dict, field: str, got: dict) -> bool:
    return same(field, case["expect"][field], got[field])


def _run(case: dict) -> dict:
    return analysed(case)


def test_corpus_shape() -> None:
    """>= 800 texts over train + dev, >= 40% negatives, >= 40% post-reform, URL and unique id on each (test
    included), no site in two of the three splits, and a valid status (plus a reason when the status is null)
    on every case."""
    corpus = TRAIN + DEV
    ids = [c["id"] for c in SEEDS + corpus + TEST]
    assert len(ids) == len(set(ids)), "duplicate case ids across seeds, train, dev and test"
    assert all(c.get("url") for c in corpus + TEST), "every corpus case records the URL it came from"
    for c in SEEDS + corpus + TEST:
        want = c["expect"]
        assert want.get("status", "missing") in STATUSES, f"{c['id']}: bad status {want.get('status')!r}"
        assert want["is_meeting_report"] == (want["status"] == "held"), f"{c['id']}: status and flag disagree"
        if want["status"] is None:
            assert want.get("reason") in REASONS, f"{c['id']}: bad reason {want.get('reason')!r}"
    splits = {"train": TRAIN, "dev": DEV, "test": TEST}
    sites = {name: {_site(c["url"]) for c in cases} for name, cases in splits.items()}
    for a, b in (("train", "dev"), ("train", "test"), ("dev", "test")):
        shared = sites[a] & sites[b]
        assert not shared, f"sites in both {a} and {b}: {sorted(shared)}"
    negatives = sum(not c["expect"]["is_meeting_report"] for c in corpus)
    post = sum(c["post_reform"] for c in corpus)
    dev_post = sum(c["post_reform"] for c in DEV)
    print(
        f"\ncorpus: {len(corpus)} texts (train {len(TRAIN)}, dev {len(DEV)}), {negatives} negatives "
        f"({negatives / len(corpus):.0%}), {post} post-reform ({post / len(corpus):.0%})"
    )
    assert len(corpus) >= 800
    assert negatives / len(corpus) >= 0.40
    assert post / len(corpus) >= 0.40
    assert len(DEV) >= 320 and dev_post / len(DEV) >= 0.40


def _param(case: dict) -> object:
    """A case whose detection the rules still get wrong is a strict xfail: it fails the suite the day the rules
    get it right, so that its ``known_gap`` is removed and the case guards the fix."""
    if "is_meeting_report" in case.get("known_gap", ()):
        reason = f"known gap on the tuning split: {case.get('note') or 'detection'}"
        return pytest.param(case, id=case["id"], marks=pytest.mark.xfail(strict=True, reason=reason))
    return pytest.param(case, id=case["id"])


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
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


# What the rules reach on the split they were tuned on (seeds + train), less a margin of about one
# point: a regression pin, not an estimate of quality on unseen text (dev and real pages score lower).
TRAIN_PIN = {"precision": 0.955, "recall": 0.96}
TRAIN_FIELD_PIN = {
    "meeting_kind": 0.97,
    "ordinal": 0.965,
    "term": 0.945,
    "body": 0.87,
    "level": 0.93,
    "meeting_date": 0.975,
    "chair": 0.965,
    "period": 0.935,
}
TRAIN_STATUS_PIN = 0.925  # held / announced / none agreement over every case
TRAIN_REASON_PIN = 0.43  # reason agreement on the null-status cases


def test_summary_regression_pin_on_tuning_split() -> None:
    """Seeds + train only (the split the rules were tuned on): precision, recall, field accuracy on true
    positives, status agreement (held / announced / none) and reason agreement on the labelled negatives,
    each pinned just under what the rules reach so that a change that loses ground fails."""
    tp = fp = fn = 0
    right = dict.fromkeys(FIELDS, 0)
    status_ok = reason_ok = reasons = 0
    for case in CASES:
        got, want = _run(case), case["expect"]
        status_ok += got["meeting_status"] == want["status"]
        if want["status"] is None:
            reasons += 1
            reason_ok += got.get("reason") == want["reason"]
        if got["is_meeting_report"] and want["is_meeting_report"]:
            tp += 1
            for f in FIELDS:
                right[f] += _field_ok(case, f, got)
        elif got["is_meeting_report"]:
            fp += 1
        elif want["is_meeting_report"]:
            fn += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    accuracy = {f: right[f] / tp for f in FIELDS} if tp else dict.fromkeys(FIELDS, 0.0)
    print(f"\nmeetings, tuning split (seeds + train): {len(CASES)} texts, tp={tp} fp={fp} fn={fn}")
    print(f"precision={precision:.3f} recall={recall:.3f}")
    print("field accuracy on true positives: " + ", ".join(f"{f}={a:.3f}" for f, a in accuracy.items()))
    print(
        f"status agreement {status_ok / len(CASES):.3f} ({status_ok}/{len(CASES)}); "
        f"reason agreement on null-status texts {reason_ok / reasons:.3f} ({reason_ok}/{reasons})"
    )
    assert precision >= TRAIN_PIN["precision"], f"precision {precision:.3f} fell under the pin"
    assert recall >= TRAIN_PIN["recall"], f"recall {recall:.3f} fell under the pin"
    for f, floor in TRAIN_FIELD_PIN.items():
        assert accuracy[f] >= floor, f"{f} accuracy {accuracy[f]:.3f} fell under the pin {floor}"
    assert status_ok / len(CASES) >= TRAIN_STATUS_PIN, (
        f"status agreement {status_ok / len(CASES):.3f} fell under the pin"
    )
    assert reason_ok / reasons >= TRAIN_REASON_PIN, f"reason agreement {reason_ok / reasons:.3f} fell under the pin"


# The held-out splits: scored as totals, never read while writing rules, never tuned on. These are regression
# pins on held-out data, not targets and not tuned: what the rules reached after their second round (dev's
# figures then, test's first and only scoring), less a margin of about one text, so that a change that loses
# ground on sites the rules have never seen fails. The targets are printed beside them.
DEV_PIN = {
    "precision": 0.86,
    "recall": 0.895,
    "kind": 0.945,
    "ordinal": 0.92,
    "date": 0.91,
    "body": 0.82,
    "status": 0.855,
}
TEST_PIN = {
    "precision": 0.75,
    "recall": 0.80,
    "kind": 0.90,
    "ordinal": 0.97,
    "date": 0.96,
    "body": 0.30,
    "status": 0.77,
}
TARGETS = {"precision": 0.95, "recall": 0.92, "kind": 0.95, "ordinal": 0.93, "date": 0.90}


def test_train_dev_and_test_side_by_side() -> None:
    """Train (tuned on), dev and test (held out, each by source site) side by side: the gap is the honest estimate
    of how the rules do on sites they have never seen. Held-out figures are pinned as regressions only."""
    named = {"train": score(CASES), "dev": score(DEV), "test": score(TEST)}
    print("\n" + table(named))
    print("issue targets on held-out text: " + ", ".join(f"{k} >= {v}" for k, v in TARGETS.items()))
    for name, pins in (("dev", DEV_PIN), ("test", TEST_PIN)):
        got = named[name].row()
        for key, floor in pins.items():
            assert got[key] >= floor, f"{name} {key} {got[key]:.3f} fell under its regression pin {floor}"


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
