"""Near-duplicate sketches: which stored articles tell the same story as a new one.

A district republishes its province's story with a new title, an added byline, a trimmed
paragraph or new captions; word shingles of the folded text (``crawler.text.fold``) barely move,
so the Jaccard similarity of two copies stays high while two communes' reports written from one
template differ in every name and number and fall below it. MinHash (datasketch's, in numpy) estimates that
similarity from a fixed-size signature; LSH bands of the signature are bucket keys that the store
indexes, so candidates are found with an index lookup, never a scan or an in-memory set.

Three rules besides similarity, because government prose is formulaic (the same closing paragraphs
recur in unrelated articles): a copy is on another portal (a portal's own articles are told apart
by their ids), published within ``WINDOW_DAYS`` of its match (republishing follows within days), and
with nearly the same lead (``LEAD_THRESHOLD``; checked only on candidates that pass the signature).

The window also shapes the index: bucket rows are keyed by the publication ``period`` (``WINDOW_DAYS`` days)
first, so a dated article looks only at its own and the two neighbouring periods (every date within the
window) and the undated ones, and a day's inserts land in one small region of the index instead of one
random page per band (at a million articles that random write traffic, not the lookups, was the cost).
An undated article may match any date, so it walks every period (``period`` is ``UNDATED``).

A heavily trimmed copy (a district keeps the lead and a paragraph or two of the province story) shares too few
shingles for Jaccard similarity, but nearly all of its own are in the original: containment. Its bands rarely
collide, so a 13th key, the ``opening`` (the first ``OPENING_WORDS`` words, which a copy keeps with its lead),
proposes it; it is confirmed on the exact containment of the shorter text in the longer (``is_trimmed_copy``),
with the same lead and the time window, since a formulaic first sentence alone recurs across stories.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

import numpy as np

from crawler.items import ArticleItem
from crawler.text import fold

NUM_PERM = 64
SHINGLE_WORDS = 5
# Chosen on tests/data/dedupe/cases.json (tests/test_clusters.py prints precision and recall).
THRESHOLD = 0.6
WINDOW_DAYS = 7
UNDATED = -1  # the index period of articles without a publication date (real periods are >= 0)
# A copy keeps the story's lead (where the news is) nearly word for word, while formulaic articles share
# their closing paragraphs: copies' leads are >= 0.857 alike on the test set, template twins' <= 0.736.
LEAD_THRESHOLD = 0.8
MIN_SHINGLES = 8  # a text shorter than this says too little to match on
# Heavily trimmed copies keep >= 0.95 of their shingles in the original on the test set; reports that share a
# template or a formulaic opening keep <= 0.63. The shorter text must say enough on its own (about a paragraph).
CONTAINMENT_THRESHOLD = 0.9
MIN_CONTAINED_SHINGLES = 40
OPENING_WORDS = 16  # the opening key: a lead's first sentence (date, body, event) rather than a stock phrase
MAX_CANDIDATES = 200  # candidates confirmed per article, most shared bands first; bounds a very common text
# LSH bands over the first BANDS * ROWS minima: a pair at similarity s shares a band with probability
# 1 - (1 - s**ROWS)**BANDS: 0.995 at 0.6, 0.97 at 0.5, 0.68 at 0.3, 0.04 at 0.1. Buckets only propose
# candidates (each is confirmed on its full signature), so a missed copy costs more than a spurious
# candidate; two rows per band keep that recall with 12 index rows per article instead of 21 at 3 rows.
BANDS, ROWS = 12, 2
_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5], dtype=np.uint64
)  # odd 64-bit multipliers (golden ratio, xxHash primes)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Sketch:
    """An article's MinHash signature (``NUM_PERM`` uint32 as bytes) and its LSH bucket keys."""

    signature: bytes
    buckets: tuple[int, ...]
    opening: int | None = None  # key of the first ``OPENING_WORDS`` words; None for a shorter text


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The permutations ``a * h + b`` (odd ``a``) of datasketch's ``MinHash(num_perm=NUM_PERM, seed=1)`` (its
    ``affine32`` scheme), drawn as datasketch 2.x draws them: the stored signatures were made with them, and a test
    compares both. Drawn here because importing datasketch (scipy with it) cost every crawl 1.4 s of start-up."""
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def minhash(grams: np.ndarray) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` uint32) of shingle hashes, bit for bit datasketch's ``update_batch``.

    datasketch pre-mixes each hash with the MurmurHash3 finalizer and permutes it with ``a * h + b`` mod 2**32;
    here both are one numpy expression over all shingles and permutations, without datasketch's per-value Python
    call (``hashfunc``), its copy of a template sketch and its list of ints: a third of the sketch's cost. Kept
    by hand for that (datasketch has no batch entry point without them), tested against datasketch."""
    h = grams.astype(np.uint32)
    h ^= h >> np.uint32(16)
    h *= np.uint32(0x85EBCA6B)
    h ^= h >> np.uint32(13)
    h *= np.uint32(0xC2B2AE35)
    h ^= h >> np.uint32(16)
    a, b = _permutations()
    out: np.ndarray = (h[:, None] * a + b).min(axis=0)  # uint32 arithmetic: wrapping is the modulo
    return out


def shingles(text: str) -> np.ndarray:
    """Hashes (uint32) of the overlapping ``SHINGLE_WORDS``-word runs of the folded text."""
    return folded_shingles(fold(text))


def folded_shingles(key: str) -> np.ndarray:
    """``shingles`` of a text already folded (``ArticleItem.folded``).

    Each word is hashed once (CRC-32) and a run's hash is a polynomial of its words' hashes, computed
    for all runs at once: the same shingles as joining the words, without building the strings."""
    words = [zlib.crc32(w.encode()) for w in _WORD.findall(key)]
    if not words:
        return np.zeros(0, dtype=np.uint32)
    h = np.array(words, dtype=np.uint32)
    k = min(SHINGLE_WORDS, len(h))
    out = h[: len(h) - k + 1].copy()
    for j in range(1, k):
        out = out * np.uint32(0x01000193) + h[j : len(h) - k + 1 + j]  # FNV prime; wraps mod 2^32
    return out


def article_text(item: ArticleItem) -> str:
    """What copies share: lead and body (titles are rewritten, captions and bylines are not text)."""
    return item.text or item.title


def article_sketch(item: ArticleItem) -> Sketch | None:
    """``sketch(article_text(item))`` from the item's folded text (folded once for every stage)."""
    title_key, text_key = item.folded()
    return folded_sketch(text_key if item.text else title_key)


def sketch(text: str) -> Sketch | None:
    """Signature and bucket keys of ``text``; None when it is too short to match on."""
    return folded_sketch(fold(text))


def folded_sketch(key: str) -> Sketch | None:
    """``sketch`` of a text already folded."""
    grams = folded_shingles(key)
    if len(grams) < MIN_SHINGLES:
        return None
    signature = minhash(grams).astype("<u4").tobytes()
    return Sketch(signature, buckets(signature), opening(grams))


def opening(grams: np.ndarray) -> int | None:
    """A signed 64-bit key (an SQLite INTEGER) of the text's first ``OPENING_WORDS`` words, from their shingles."""
    first = OPENING_WORDS - SHINGLE_WORDS + 1
    if len(grams) < first:
        return None
    return int.from_bytes(
        hashlib.blake2b(grams[:first].astype("<u4").tobytes(), digest_size=8, person=b"opening").digest(),
        "little",
        signed=True,
    )


def containment(a: str, b: str) -> tuple[float, int]:
    """Share of the shorter text's shingles found in the longer one (exact), and the shorter one's shingle count."""
    small, large = sorted((set(shingles(a).tolist()), set(shingles(b).tolist())), key=len)
    return (len(small & large) / len(small) if small else 0.0), len(small)


def buckets(signature: bytes) -> tuple[int, ...]:
    """One signed 64-bit key per LSH band (an SQLite INTEGER): the band's rows and number, mixed."""
    rows = np.frombuffer(signature, "<u4")[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    keys = (rows * _MIX[:ROWS]).sum(axis=1, dtype=np.uint64) + _MIX[ROWS] * np.arange(1, BANDS + 1, dtype=np.uint64)
    return tuple(keys.view(np.int64).tolist())


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal minima."""
    return float(np.count_nonzero(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4"))) / NUM_PERM


def _day(value: str | date | datetime | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.date() if isinstance(value, datetime) else value


def period(published: str | date | datetime | None) -> int:
    """The index partition of a publication stamp: ``WINDOW_DAYS``-day periods, ``UNDATED`` when unknown."""
    day = _day(published)
    return UNDATED if day is None else day.toordinal() // WINDOW_DAYS


def near_periods(published: str | date | datetime | None) -> tuple[int, ...] | None:
    """Periods that can hold a match (``close_in_time``): ``(p - 1, p, p + 1, UNDATED)``; None (undated) means all."""
    p = period(published)
    return None if p == UNDATED else (p - 1, p, p + 1, UNDATED)


def close_in_time(a: str | date | datetime | None, b: str | date | datetime | None) -> bool:
    """Whether two publication stamps are within ``WINDOW_DAYS`` (unknown dates do not forbid a match)."""
    da, db = _day(a), _day(b)
    return da is None or db is None or abs((da - db).days) <= WINDOW_DAYS


def lead_similarity(a: str | None, b: str | None) -> float:
    """Exact Jaccard similarity of two leads' 3-word shingles (1.0 when either is missing)."""
    if not a or not b or a == b:  # a copy usually keeps its lead as it was
        return 1.0
    sa, sb = (set(zip(w, w[1:], w[2:], strict=False)) for w in (_WORD.findall(fold(a)), _WORD.findall(fold(b))))
    return len(sa & sb) / len(sa | sb) if sa and sb else float(a == b)


def is_copy(sim: float, lead_a: str | None, lead_b: str | None, published_a: object, published_b: object) -> bool:
    """The clustering decision for one candidate: similar text, the same lead, published close in time."""
    return (
        sim >= THRESHOLD
        and close_in_time(published_a, published_b)  # type: ignore[arg-type]
        and lead_similarity(lead_a, lead_b) >= LEAD_THRESHOLD
    )


def may_be_trimmed_copy(lead_a: str | None, lead_b: str | None, published_a: object, published_b: object) -> bool:
    """The cheap rules of ``is_trimmed_copy`` (both leads known and alike, close in time): worth reading the texts."""
    return (
        bool(lead_a)
        and bool(lead_b)
        and close_in_time(published_a, published_b)  # type: ignore[arg-type]
        and lead_similarity(lead_a, lead_b) >= LEAD_THRESHOLD
    )


def is_trimmed_copy(text_a: str, text_b: str) -> bool:
    """The containment decision, once ``may_be_trimmed_copy`` holds: the shorter text is (nearly) all in the longer."""
    contained, size = containment(text_a, text_b)
    return contained >= CONTAINMENT_THRESHOLD and size >= MIN_CONTAINED_SHINGLES
