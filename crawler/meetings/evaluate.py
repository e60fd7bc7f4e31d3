"""Scores of the meeting analyser on labelled texts (``tests/data/meetings``' JSON Lines format).

One scorer for the corpus tests, ``bench/meetings.py`` and anyone who labels their own portal's texts: detection
precision and recall, field accuracy on the true positives, the meeting date on the true positives whose label
has one, and agreement on status (held / announced / none). Labels keep a body as the text writes it ("HĐND
TP.HCM") while the analyser spells abbreviations out, so bodies are compared with the common abbreviations
folded both ways; chair, term and period are compared folded (tone-mark placement and case).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.meetings.analysis import annotate_record
from crawler.text import fold

FIELDS = ("meeting_kind", "ordinal", "term", "body", "level", "meeting_date", "chair", "period")
BODY_ABBREVIATIONS = {
    "bch": "ban chấp hành",
    "btv": "ban thường vụ",
    "hđnd": "hội đồng nhân dân",
    "ubnd": "ủy ban nhân dân",
    "ubmttq": "ủy ban mặt trận tổ quốc",
    "mttq": "mặt trận tổ quốc",
    "lhpn": "liên hiệp phụ nữ",
    "ccb": "cựu chiến binh",
    "ubkt": "ủy ban kiểm tra",
    "tp": "thành phố",
}
_ABBREVIATION = re.compile(r"(?<!\w)(" + "|".join(BODY_ABBREVIATIONS) + r")(?:\.\s*|(?!\w))")


def spelt_out(body: str) -> str:
    """A body's comparison key: folded, with the common abbreviations spelt out."""
    key = _ABBREVIATION.sub(lambda m: BODY_ABBREVIATIONS[m.group(1)] + " ", fold(body))
    return " ".join(key.split())


def same(name: str, want: object, got: object) -> bool:
    """Whether an analysed field agrees with its label."""
    if isinstance(want, str) and isinstance(got, str) and name == "body":
        return spelt_out(want) == spelt_out(got)
    if isinstance(want, str) and isinstance(got, str) and name in ("chair", "term", "period"):
        return fold(want) == fold(got)
    return want == got


def analysed(case: Mapping[str, Any]) -> dict[str, Any]:
    """What ``portalwatch analyze meetings`` says of a labelled case (title, text, published, url)."""
    record = {k: case[k] for k in ("title", "text", "published", "url") if case.get(k) is not None}
    return annotate_record(record)


@dataclass
class Scores:
    """Detection and field scores over one set of labelled texts."""

    texts: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    dated: int = 0  # true positives whose label has a meeting date
    dated_right: int = 0
    status_right: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def accuracy(self, name: str) -> float:
        """A field's accuracy on the true positives."""
        return self.right[name] / self.tp if self.tp else 0.0

    @property
    def date_when_labelled(self) -> float:
        return self.dated_right / self.dated if self.dated else 0.0

    @property
    def status(self) -> float:
        return self.status_right / self.texts if self.texts else 0.0

    def add(self, case: Mapping[str, Any], got: Mapping[str, Any]) -> None:
        want = case["expect"]
        self.texts += 1
        self.status_right += got.get("meeting_status") == want.get(
            "status", "held" if want["is_meeting_report"] else None
        )
        if got["is_meeting_report"] and want["is_meeting_report"]:
            self.tp += 1
            for name in FIELDS:
                self.right[name] += same(name, want[name], got[name])
            if want["meeting_date"] is not None:
                self.dated += 1
                self.dated_right += got["meeting_date"] == want["meeting_date"]
        elif got["is_meeting_report"]:
            self.fp += 1
        elif want["is_meeting_report"]:
            self.fn += 1

    def row(self) -> dict[str, float]:
        """The figures the issue's targets name, for printing side by side."""
        return {
            "precision": self.precision,
            "recall": self.recall,
            "kind": self.accuracy("meeting_kind"),
            "ordinal": self.accuracy("ordinal"),
            "date": self.date_when_labelled,
            "body": self.accuracy("body"),
            "status": self.status,
        }


def score(cases: Iterable[Mapping[str, Any]]) -> Scores:
    scores = Scores()
    for case in cases:
        scores.add(case, analysed(case))
    return scores


def load(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def table(named: Mapping[str, Scores]) -> str:
    """The splits' scores side by side, one row per figure."""
    names = list(named)
    lines = [f"{'':22}" + "".join(f"{n:>12}" for n in names)]
    lines.append(
        f"{'texts (tp/fp/fn)':22}" + "".join(f"{s.texts:>5} {s.tp}/{s.fp}/{s.fn}".rjust(12) for s in named.values())
    )
    for key in next(iter(named.values())).row():
        lines.append(f"{key:22}" + "".join(f"{s.row()[key]:>12.3f}" for s in named.values()))
    return "\n".join(lines)
