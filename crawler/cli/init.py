"""``portalwatch init [DIR]``: a starter registry and subscribers file for a user to edit, and the next commands.

The registry starts empty on purpose: which portals to watch is the user's choice (``portals detect`` proposes
an entry per site); the packaged registry is a sample that ``--registry`` replaces, it is not extended.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

from crawler.cli.common import UsageError, add_command
from crawler.store import DEFAULT_DB

if TYPE_CHECKING:
    from crawler.cli.common import Subcommands

REGISTRY_TEMPLATE = """\
# Your portal registry: the portals portalwatch watches. Given with --registry or PORTALWATCH_REGISTRY it
# replaces the packaged registry (a sample of real portals); it does not extend it.
#
# Add a portal in one step, then read what was appended (name, province, level are guessed from the page):
#
#   portalwatch portals detect https://tanhong.dongthap.gov.vn/web/hth/tin-tuc --slug tanhong >> portals.toml
#
# Check the file: portalwatch portals list. A mistake stops every command with one sentence naming the
# portal and the field. An entry looks like this (README, "Adding a portal", explains every field):
#
# [portals.tanhong]
# name = "Huyện ủy Tân Hồng"          # the body that runs the portal
# province = "Đồng Tháp"              # a pre-2025 name ("Bình Phước") is read as the province that took it over
# district = "Tân Hồng"               # the district it belonged to, before they were abolished on 2025-07-01
# level = "district"                  # "province", "commune" (write commune = "..."), or "district" for archives
# base_url = "https://tanhong.dongthap.gov.vn"
# cms = "liferay"                     # wordpress, liferay, nukeviet, sharepoint, aspnet, dotnetnuke, generic
# start_paths = ["/web/hth/tin-tuc"]  # listing pages or feeds to start from
# cadence = "1h"                      # how often `portalwatch schedule` crawls it
# status = "unverified"               # "active" once you have seen it crawl well
"""

SUBSCRIBERS_TEMPLATE = """\
# Who receives the alerts: one [subscribers.<name>] table each. `portalwatch deliver --follow` (or
# `portalwatch schedule --deliver`) with --subscribers subscribers.toml (or PORTALWATCH_SUBSCRIBERS) reads it,
# again whenever it changes. Remove the leading "# " of a table to use it.
#
# The workbench's address, for the "Chi tiết" link of each message (or PORTALWATCH_BASE_URL; none when unset):
# base_url = "http://127.0.0.1:8080"
#
# Telegram: a bot's token (from @BotFather) and the chat it writes to (a group's id starts with -100). Each
# alert arrives as a Vietnamese message: kind, number, body, meeting date, portal, links.
# [subscribers.telegram]
# url = "tgram://123456789:BOT-TOKEN-FROM-BOTFATHER/-1001234567890"
# province = ["Đồng Tháp"]                 # filters as the feed's: province, district, portal, kind, since
# kind = ["kỳ họp", "hội nghị"]            # meeting kinds by code or Vietnamese name; "bài mới" for every article
#
# Any Apprise URL works the same way: "mailtos://user:password@mail.example.vn?to=desk@example.vn" (e-mail),
# "zalo://TOKEN/CHAT_ID", "slack://...", "ntfy://...". Rules for a channel subscriber:
#   match = ["Tân Hồng", "ky hop"]   keep alerts naming one of these (folded: "ky hop" finds "kỳ họp")
#   exclude = ["tập huấn"]           drop alerts naming one of these (webhooks take match and exclude too)
#   digest = "daily 07:00"           one message per period instead ("hourly", "weekly mon 07:00")
#   quiet = "22:00-06:00"            nothing in these hours (Hồ Chí Minh City time); sent when they end
#
# An HTTP webhook (a newsroom bot, a chat integration): each alert is POSTed as JSON, signed with the secret.
# [subscribers.newsroom]
# url = "https://bot.newsroom.example/hooks/portalwatch"
# secret_env = "NEWSROOM_WEBHOOK_SECRET"   # or: secret = "a long random string"
# province = ["Đồng Tháp"]
# kind = ["kỳ họp", "hội nghị"]
#
# Without kind a subscriber receives every alert but new articles: meeting reports, edits, removals, portal
# health. from_start = true also sends the alerts already stored.
"""

FILES = {"portals.toml": REGISTRY_TEMPLATE, "subscribers.toml": SUBSCRIBERS_TEMPLATE}


def register(sub: Subcommands, common: argparse.ArgumentParser) -> None:
    p = add_command(
        sub,
        "init",
        init,
        "write a starter registry (portals.toml) and subscribers file (subscribers.toml) to edit",
        "portalwatch init watch && cd watch",
        common,
    )
    p.add_argument("dir", nargs="?", type=Path, default=Path("."), help="folder to write them to (default: here)")
    p.add_argument("--force", action="store_true", help="overwrite files that exist")


def init(args: argparse.Namespace) -> int:
    folder: Path = args.dir
    existing = [name for name in FILES if (folder / name).exists()]
    if existing and not args.force:
        names = " and ".join(str(folder / n) for n in existing)
        verb = "exist; edit them" if len(existing) > 1 else "exists; edit it"
        raise UsageError(f"{names} {verb}, or use --force to replace it.")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file; give a folder.")
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    here = folder.resolve()
    cd = [] if here == Path.cwd().resolve() else [f"cd {shlex.quote(str(folder))}"]
    steps = [
        *cd,
        f'export PORTALWATCH_REGISTRY="$PWD/portals.toml" PORTALWATCH_DB="$PWD/{Path(DEFAULT_DB).name}"',
        "portalwatch portals detect URL --slug NAME >> portals.toml   # once per portal; read what it appended",
        "portalwatch crawl --all",
        "portalwatch serve",
    ]
    print(f"wrote {folder / 'portals.toml'} and {folder / 'subscribers.toml'}; next:")
    for step in steps:
        print(f"  {step}")
    return 0
