"""What a subscriber reads and when: keyword and entity rules, digest schedules, quiet hours.

Pure and clock-free: every time is an argument (aware; wall-clock rules are read in Asia/Ho_Chi_Minh,
which has had no daylight saving since 1975, so a day is always 24 hours). The keys of a subscriber's
table that this module owns are ``match``, ``exclude``, ``digest`` and ``quiet`` (``RULE_KEYS``):

- ``match = ["Tân Hồng", "kỳ họp"]``: an alert is kept when any phrase occurs, as whole words, in its
  title, lead, portal name, district, province or meeting body; ``exclude`` drops it when any occurs.
  Text is folded (case, tone-mark placement ``uỷ``/``ủy``), and a phrase typed without diacritics
  ("ky hop") matches any diacritics ("kỳ họp", "kỷ hợp"), as Vietnamese search does.
- ``digest = "hourly" | "daily 07:00" | "weekly mon 07:00"``: alerts wait for the next digest time and go
  out together as one message per period.
- ``quiet = "22:00-06:00"``: nothing is sent inside the window; what falls due there is sent at its end.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from crawler.channels.render import article_title
from crawler.dates import TZ
from crawler.feed import _place_key as bare_key  # fold, then drop diacritics ('Đồng Tháp' -> 'dong thap')
from crawler.text import fold

RULE_KEYS = ("match", "exclude", "digest", "quiet")
DAYS = {
    **{d: i for i, d in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    **{f"t{i + 2}": i for i in range(6)},  # thứ hai (t2) .. thứ bảy (t7)
    "cn": 6,  # chủ nhật
}
_CLOCK = re.compile(r"(\d{1,2})[:h](\d{2})")
_PERIOD = {"hourly": timedelta(hours=1), "daily": timedelta(days=1), "weekly": timedelta(days=7)}


class RulesError(ValueError):
    """A rule that cannot be read; the message is one sentence naming the entry and the field."""


@dataclass(frozen=True)
class Phrase:
    """A ``match``/``exclude`` phrase: as written, and the key it is looked for by."""

    text: str
    key: str
    bare: bool  # typed without diacritics: compared with the text's diacritic-free form

    @classmethod
    def of(cls, text: str) -> Phrase:
        folded, plain = fold(text), bare_key(text)
        bare = folded == plain
        return cls(text, plain if bare else folded, bare)

    def found_in(self, folded: str, plain: str) -> bool:
        """Whole-word occurrence in the folded text (or its diacritic-free form for a bare phrase)."""
        return re.search(rf"(?<!\w){re.escape(self.key)}(?!\w)", plain if self.bare else folded) is not None


@dataclass(frozen=True)
class Digest:
    """A digest schedule: every hour on the hour, every day at ``at`` or every week on ``weekday`` at ``at``."""

    every: str  # hourly, daily, weekly
    at: time = time(0, 0)
    weekday: int | None = None  # Monday is 0

    def text(self) -> str:
        """The schedule as a subscribers file writes it ('weekly mon 07:00')."""
        day = next((d for d, i in DAYS.items() if i == self.weekday), "") if self.weekday is not None else ""
        return " ".join(p for p in (self.every, day, "" if self.every == "hourly" else f"{self.at:%H:%M}") if p)

    def next_due(self, now: datetime) -> datetime:
        """The first digest time at or after ``now``, in Asia/Ho_Chi_Minh."""
        local = now.astimezone(TZ)
        if self.every == "hourly":
            due = local.replace(minute=self.at.minute, second=0, microsecond=0)
        else:
            ahead = 0 if self.weekday is None else (self.weekday - local.weekday()) % 7
            due = datetime.combine(local.date() + timedelta(days=ahead), self.at, TZ)
        return due if due >= local else due + _PERIOD[self.every]

    def period(self, due: datetime) -> tuple[datetime, datetime]:
        """The period a digest sent at ``due`` covers: from the previous digest time up to ``due``."""
        return due - _PERIOD[self.every], due


@dataclass(frozen=True)
class Quiet:
    """Quiet hours ``start``-``end`` in local time; may wrap midnight (22:00-06:00)."""

    start: time
    end: time

    def text(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    def contains(self, moment: datetime) -> bool:
        clock = moment.astimezone(TZ).time()
        if self.start < self.end:
            return self.start <= clock < self.end
        return clock >= self.start or clock < self.end

    def release(self, moment: datetime) -> datetime:
        """``moment`` itself outside quiet hours, else the end of the quiet hours it falls in."""
        if not self.contains(moment):
            return moment
        local = moment.astimezone(TZ)
        end = datetime.combine(local.date(), self.end, TZ)
        return end if end > local else end + timedelta(days=1)


@dataclass(frozen=True)
class Batch:
    """Alerts to send now as one message: a single alert, or a digest of ``period`` (start, end)."""

    alert_ids: tuple[int, ...]
    period: tuple[datetime, datetime] | None = None


@dataclass(frozen=True)
class Rules:
    """A subscriber's rules; the default (no keys) accepts every alert and sends it at once."""

    match: tuple[Phrase, ...] = ()
    exclude: tuple[Phrase, ...] = ()
    digest: Digest | None = None
    quiet: Quiet | None = None

    def params(self) -> dict[str, list[str]]:
        """The rules as written, in the shape of a stored filter (each key a list of strings), for
        ``parse_rules`` to read back; the feed's filter parser ignores these keys."""
        out = {"match": [p.text for p in self.match], "exclude": [p.text for p in self.exclude]}
        out |= {"digest": [self.digest.text()]} if self.digest else {}
        out |= {"quiet": [self.quiet.text()]} if self.quiet else {}
        return {k: v for k, v in out.items() if v}

    def accepts(self, view: Mapping[str, Any]) -> bool:
        """Whether an alert (``crawler.feed.view``) passes ``match`` and ``exclude``."""
        if not self.match and not self.exclude:
            return True
        meeting = view.get("meeting") or {}
        fields = (
            article_title(view),
            view.get("lead"),
            view.get("portal_name"),
            view.get("district"),
            view.get("province"),
            meeting.get("body"),
        )
        text = "\n".join(str(f) for f in fields if f)
        folded, plain = fold(text.replace("\n", " ¶ ")), bare_key(text.replace("\n", " ¶ "))
        if any(p.found_in(folded, plain) for p in self.exclude):
            return False
        return not self.match or any(p.found_in(folded, plain) for p in self.match)

    def scheduled(self, raised: datetime) -> datetime:
        """When an alert raised at ``raised`` is due, before quiet hours: at once, or its digest's time."""
        return raised if self.digest is None else self.digest.next_due(raised)

    def send_at(self, raised: datetime) -> datetime:
        """When an alert raised at ``raised`` is sent: its due time moved out of quiet hours."""
        due = self.scheduled(raised)
        return due if self.quiet is None else self.quiet.release(due)

    def plan(self, pending: Sequence[tuple[int, datetime]], now: datetime) -> tuple[list[Batch], datetime | None]:
        """What to send at ``now`` from pending (alert id, raised at) in alert order, and when the rest is due.

        Order is kept: the first alert (or digest) not yet due holds every later one, as the outbox serves
        a subscriber only through its head. Returns the batches to send now, in order, and the time the
        next held batch falls due (None when nothing is held).
        """
        groups: list[tuple[datetime, list[int]]] = []
        for alert_id, raised in sorted(pending):
            due = self.scheduled(raised)
            if self.digest is not None and groups and groups[-1][0] == due:
                groups[-1][1].append(alert_id)
            else:
                groups.append((due, [alert_id]))
        batches: list[Batch] = []
        for due, ids in groups:
            release = due if self.quiet is None else self.quiet.release(due)
            if release > now:
                return batches, release
            period = self.digest.period(due) if self.digest is not None else None
            batches.append(Batch(tuple(ids), period))
        return batches, None


def _phrases(value: object, field: str, where: str) -> tuple[Phrase, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise RulesError(f'{where}: {field} must be a phrase or a list of phrases, e.g. {field} = ["Tân Hồng"].')
    return tuple(Phrase.of(v.strip()) for v in values)


def _clock(text: str) -> time | None:
    found = _CLOCK.fullmatch(text.strip())
    if not found or int(found[1]) > 23 or int(found[2]) > 59:
        return None
    return time(int(found[1]), int(found[2]))


def parse_digest(value: object, where: str) -> Digest:
    """``hourly``, ``daily HH:MM`` or ``weekly <day> HH:MM`` (day: mon..sun, or t2..t7, cn)."""
    words = value.lower().split() if isinstance(value, str) else []
    clock = _clock(words[-1]) if len(words) > 1 else None
    if words == ["hourly"]:
        return Digest("hourly")
    if len(words) == 2 and words[0] == "daily" and clock:
        return Digest("daily", clock)
    if len(words) == 3 and words[0] == "weekly" and words[1] in DAYS and clock:
        return Digest("weekly", clock, DAYS[words[1]])
    raise RulesError(
        f'{where}: digest = {value!r} is not a schedule; write "hourly", "daily 07:00" or "weekly mon 07:00".'
    )


def parse_quiet(value: object, where: str) -> Quiet:
    """``HH:MM-HH:MM`` in local time; the window may wrap midnight."""
    ends = re.split(r"\s*[-–]\s*", value.strip()) if isinstance(value, str) else []
    clocks = [_clock(e) for e in ends]
    if len(clocks) != 2 or None in clocks or clocks[0] == clocks[1]:
        raise RulesError(f'{where}: quiet = {value!r} is not a window of hours; write it as quiet = "22:00-06:00".')
    start, end = clocks
    assert start is not None and end is not None
    return Quiet(start, end)


def _single(value: object) -> object:
    """A stored filter keeps every value in a list; a schedule is one string."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def parse_rules(table: Mapping[str, object], where: str) -> Rules:
    """The rule keys of one subscriber's table (others are left to the caller); ``where`` names the entry.

    Also reads back what ``Rules.params`` stored.
    """
    table = {k: _single(v) if k in ("digest", "quiet") else v for k, v in table.items()}
    return Rules(
        match=_phrases(table["match"], "match", where) if "match" in table else (),
        exclude=_phrases(table["exclude"], "exclude", where) if "exclude" in table else (),
        digest=parse_digest(table["digest"], where) if "digest" in table else None,
        quiet=parse_quiet(table["quiet"], where) if "quiet" in table else None,
    )
