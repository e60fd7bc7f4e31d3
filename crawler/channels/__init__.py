"""Delivery where readers are: alerts as Vietnamese messages to e-mail, Telegram, Zalo, Slack... via Apprise.

A library in four pieces, each usable alone:

- ``render``: an alert (``crawler.feed.view``) or a period's alerts as a ``Message`` in Vietnamese;
- ``message``: a ``Message`` written in a channel's dialect and split at its limit into ordered parts;
- ``rules``: a subscriber's ``match``/``exclude`` phrases, ``digest`` schedule and ``quiet`` hours, and the
  plan of what to send at a given time;
- ``send``: one message to one channel URL through Apprise, with a deadline, returning an ``Outcome``.

HTTP(S) subscribers stay signed JSON webhooks (``crawler.webhooks``); ``is_webhook`` tells them apart.
"""

from __future__ import annotations

from crawler.channels.message import Dialect, Message, Part
from crawler.channels.render import alert_message, digest_message
from crawler.channels.rules import Batch, Rules, RulesError, parse_rules
from crawler.channels.send import Channel, ChannelError, Outcome, channel, check_url, is_webhook, send

__all__ = [
    "Batch",
    "Channel",
    "ChannelError",
    "Dialect",
    "Message",
    "Outcome",
    "Part",
    "Rules",
    "RulesError",
    "alert_message",
    "channel",
    "check_url",
    "digest_message",
    "is_webhook",
    "parse_rules",
    "send",
]
