"""One subscriber's due alerts, planned by its rules, rendered and sent in order: the step a deliverer repeats.

Store-free: the caller (the outbox's deliverer) passes the subscriber's pending alerts as views
(``crawler.feed.view``) with the time each was raised, and marks delivered the alert ids of every batch
whose outcome is ok. A batch that fails stops the step, so a subscriber's alerts never overtake one
another; the caller retries it later with its backoff, resuming after the parts already sent.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crawler.channels.render import alert_message, digest_message
from crawler.channels.rules import Batch, Rules
from crawler.channels.send import Outcome, send


@dataclass(frozen=True)
class Pending:
    """An alert waiting for a subscriber: its id, when it was raised (aware) and its view."""

    alert_id: int
    raised: datetime
    view: Mapping[str, Any]


@dataclass(frozen=True)
class Step:
    """What one ``dispatch`` did: each batch tried with its outcome, and when the next held batch is due."""

    sent: list[tuple[Batch, Outcome]]
    next_due: datetime | None

    @property
    def delivered(self) -> list[int]:
        """Alert ids the channel accepted, to mark delivered in the outbox."""
        return [a for batch, outcome in self.sent if outcome.ok for a in batch.alert_ids]


def dispatch(
    url: str,
    rules: Rules,
    pending: Sequence[Pending],
    now: datetime,
    *,
    base_url: str | None = None,
    deadline: float = 30.0,
    start_part: int = 0,
    api: str | None = None,
) -> Step:
    """Send what ``rules`` make due at ``now`` from ``pending``, in alert order, within ``deadline`` seconds.

    A single alert goes as its own message, a digest as one message for its period. Nothing is sent while
    quiet hours hold the head; ``Step.next_due`` says when to call again. ``start_part`` applies to the first
    batch (a retry of a message cut off after some parts).
    """
    start = time.monotonic()
    views = {p.alert_id: p.view for p in pending}
    batches, next_due = rules.plan([(p.alert_id, p.raised) for p in pending], now)
    sent: list[tuple[Batch, Outcome]] = []
    for batch in batches:
        if batch.period is None:
            message = alert_message(views[batch.alert_ids[0]], base_url)
        else:
            message = digest_message([views[a] for a in batch.alert_ids], *batch.period, base_url=base_url)
        left = deadline - (time.monotonic() - start)
        outcome = send(url, message, deadline=left, start_part=start_part if not sent else 0, api=api)
        sent.append((batch, outcome))
        if not outcome.ok:
            return Step(sent, now)
    return Step(sent, next_due)
