"""Digests and speeches, told by the page's shape before any meeting in it is read.

A round-up of the day's or the week's news often opens on a meeting, and a speech transcript opens on
the meeting where it was given: both read like reports sentence by sentence. What gives them away is
the page around the sentence: a digest's name ("Điểm tin", "Bản tin thời sự"), items numbered or
bulleted from the top, several stories each opening on its own date; a speech's label ("Toàn văn phát
biểu ...", "Diễn văn khai mạc"), the editor's line presenting it, or the speaker's own voice ("Kính
thưa ...", "tôi xin tuyên bố khai mạc"). Only the headline and the first paragraphs are read.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from crawler.meetings import rules as R  # noqa: N812 - the rule tables, read as R.NAME
from crawler.meetings import vetoes as V  # noqa: N812 - the veto tables, read as V.NAME
from crawler.meetings.lines import ACCENTED, Line, key_of, sentences
from crawler.meetings.reasons import Reason

HEAD_PARAGRAPHS = 8  # a digest shows its shape in its first items
SEGMENT_SPLIT = re.compile(r"\s*(?:[:|\]]|\s[-–—]\s)\s*")


def title_shape(t: Line) -> Reason | None:
    """A digest's name anywhere in the headline, or a speech's label opening one of its segments
    ("Hội nghị Trung ương 13: Toàn văn phát biểu bế mạc ...", "[Toàn văn] Phát biểu ...")."""
    key = t.key
    if any(w in key for w in V.DIGEST_WORDS) and V.DIGEST.search(key):
        return Reason.DIGEST
    if any(w in key for w in V.SPEECH_WORDS) and (
        V.SPEECH_TITLE_MARK.search(key) or any(speech_label(seg) for seg in SEGMENT_SPLIT.split(key))
    ):
        return Reason.SPEECH
    return None


def speech_label(key: str) -> bool:
    """True when a headline's segment or a lead's sentence is a speech's label ("Phát biểu bế mạc của đồng chí ...",
    "Diễn văn khai mạc Đại hội ..."), not a report's clause ("Phát biểu tại hội nghị, đồng chí X nhấn mạnh ...")."""
    label = V.SPEECH_LABEL.match(key)
    if not label:
        return False
    rest = key[label.end() :]
    return "," not in rest[:150] or bool(V.SPEECH_OWNER.match(rest))


def head_paragraphs(cleaned: Iterable[str]) -> list[str]:
    """The first paragraphs of ``lines.cleaned_paragraphs`` without stamps and bylines, their source tags cut."""
    out: list[str] = []
    for raw in cleaned:
        if not R.BOILER.match(raw.lower()) and any(c.isalpha() for c in raw[:40]):
            tag = R.SOURCE_TAG.match(raw)  # "(QBĐT) - Phát biểu kết luận của ...": the item after its source
            if tag and any(c.isalpha() for c in tag.group(0)) and raw[tag.end() :]:
                raw = raw[tag.end() :]  # (a bare dash opens a list's item, and stays)
            out.append(raw)
            if len(out) == HEAD_PARAGRAPHS:
                break
    return out


_GATE_WORDS = (*V.SPEECH_WORDS, *V.VOICE_WORDS, *V.DIGEST_WORDS, *V.DOCUMENT_BODY_WORDS)


def text_shape(paras: list[str]) -> Reason | None:
    """A digest, a speech, a document's body or an agenda told by the first paragraphs (see the module's
    docstring)."""
    keys = [_key(p[:400]) for p in paras[:3]]
    if _speech(paras, keys):
        return Reason.SPEECH
    if _digest(paras, keys):
        return Reason.DIGEST
    if any(V.DOCUMENT_BODY.search(key) for key in keys if key):
        return Reason.DOCUMENT  # "Căn cứ Điều lệ Đảng ...", "... Ban Thường vụ Tỉnh ủy kết luận như sau:"
    if sum(bool(V.AGENDA_LINE.match(p.lower())) for p in paras) >= 2:
        return Reason.SCHEDULE  # "Sáng 8/12: Khai mạc kỳ họp ... / Chiều 8/12: Thảo luận tổ ..."
    return None


def _key(head: str) -> str:
    """The fold key of a paragraph's head, or "" when it holds no speech or digest word (folding costs more than
    looking: the words are spelt alike in both tone-mark styles; text typed without diacritics is folded)."""
    low = head.lower()
    if any(w in low for w in _GATE_WORDS) or not ACCENTED.search(low):
        return key_of(head)
    return ""


def _speech(paras: list[str], keys: list[str]) -> bool:
    for raw, key in zip(paras, keys, strict=False):
        if not any(w in key for w in V.SPEECH_WORDS) and not any(w in key for w in V.VOICE_WORDS):
            continue
        head = raw[:400]
        sentence = sentences(head, 1)[0]
        first = key[: len(sentence)] if len(key) == len(head) else key_of(sentence)
        if speech_label(first):
            return True
        if V.SPEECH_PRESENTED.search(key):
            return True
        voice = V.SPEECH_VOICE.search(key) if any(w in key for w in V.VOICE_WORDS) else None
        if voice and not _quoted(key, voice.start()):
            return True
    return False


def _quoted(key: str, pos: int) -> bool:
    """True when ``pos`` is inside a quotation ("“Tôi xin cam kết ...”, đồng chí X nói")."""
    before = key[:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _digest(paras: list[str], keys: list[str]) -> bool:
    # A header line: "(Các sự kiện thời sự nổi bật diễn ra từ ngày ...)", "BẢN TIN CUỐI NGÀY", "I. TIN THẾ GIỚI"
    # (a sentence is none: "Tuần qua, Đảng bộ xã ... đã tổ chức Đại hội." opens a report).
    for raw, key in zip(paras[:3], keys, strict=False):
        header = len(raw) <= 150 and raw[-1] not in ".!?…"
        if header and any(w in key for w in V.DIGEST_WORDS) and V.DIGEST.search(key):
            return True
    # Items from the top: every paragraph before the first item is a short header, not a sentence.
    items = [i for i, p in enumerate(paras) if V.ITEM.match(p)]
    if len(items) >= 2 and items[0] <= 2 and all(len(p) < 100 and p[-1] not in ".:!?…" for p in paras[: items[0]]):
        return True
    # Several stories, each opening on its own date: newest first, or three days or more.
    days: list[tuple[int, int]] = []
    for raw in paras[:6]:
        m = V.STORY_DATE.match(raw[:80].lower())
        if m and 1 <= int(m.group(2)) <= 12:
            days.append((int(m.group(2)), int(m.group(1))))
    if len(set(days)) >= 3:
        return True
    return any(_days_before(b, a) >= 2 for a, b in itertools.pairwise(days))


def _days_before(later: tuple[int, int], earlier: tuple[int, int]) -> int:
    """How many days ``later`` (month, day) lies before ``earlier`` within one year (0 when it is not before)."""
    diff = (earlier[0] - later[0]) * 31 + earlier[1] - later[1]
    return diff if 0 < diff < 180 else 0
