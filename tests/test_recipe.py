"""The first hour, as the README and the demo tell it: their commands, run as written, against the simulator.

The README's five-minute recipe (init, detect into your own registry, crawl, articles, serve, then subscribe
and schedule) runs line by line in a fresh folder; the only changes are the simulator's address for the real
portal's and a free port for ``serve`` (``PORTALWATCH_PORT``). ``portalwatch demo`` ends with the commands that
show its store in a browser: they are run as printed.
"""

from __future__ import annotations

import os
import re
import shlex
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx
import pytest
from channel_standins import CHAT, TOKEN, BotApi
from conftest import cli_env
from support import ROOT, free_port, wait_for

from crawler.simulator.server import Simulator, start
from crawler.simulator.sites import SPECS
from crawler.store import open_store

pytestmark = pytest.mark.integration  # every step is a child process
README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLE_URL = "https://xuandong.dongnai.gov.vn/vi/news/"  # the recipe's portal; the simulator's stands in for it


def shell_blocks(section: str) -> list[list[str]]:
    """The ``sh`` code blocks of a README section, as lists of command lines (comments dropped)."""
    body = README.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", body, re.S)
    return [[line.split("  #")[0].strip() for line in block.strip().splitlines()] for block in blocks]


@dataclass
class Shell:
    """Runs README lines as a shell would: ``cd``, ``export`` (``$PWD``), ``&&``, ``>> FILE``, and ``portalwatch``
    as ``python -m crawler`` of this checkout; ``serve`` and ``schedule`` are started, not waited for."""

    cwd: Path
    env: dict[str, str] = field(default_factory=dict)
    started: list[subprocess.Popen[str]] = field(default_factory=list)
    url: str = EXAMPLE_URL

    def run(self, line: str) -> list[subprocess.CompletedProcess[str]]:
        done = []
        for part in line.split(" && "):
            words = shlex.split(part.replace("$PWD", str(self.cwd)))
            if words[0] == "cd":
                self.cwd = self.cwd / words[1]
            elif words[0] == "export":
                self.env.update(w.split("=", 1) for w in words[1:])
            elif words[0] == "make" or words[0] == ".":
                continue  # the set-up this test runs in: checked by test_the_recipe_starts_from_this_checkout
            else:
                assert words[0] == "portalwatch", f"the recipe runs {words[0]}: teach this test what it does"
                done.append(self.portalwatch(words[1:]))
        return done

    def portalwatch(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        out = None
        if ">>" in args:
            out, args = self.cwd / args[args.index(">>") + 1], args[: args.index(">>")]
        command = [sys.executable, "-m", "crawler", *(self.url if a == EXAMPLE_URL else a for a in args)]
        if args[0] in ("serve", "schedule"):
            proc = subprocess.Popen(
                command, cwd=self.cwd, env=cli_env(self.env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            self.started.append(proc)
            return subprocess.CompletedProcess(command, 0, "", "")
        done = subprocess.run(command, cwd=self.cwd, env=cli_env(self.env), capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, f"portalwatch {' '.join(args)}: {done.stderr[-2000:]}"
        if out is not None:
            with out.open("a", encoding="utf-8") as f:
                f.write(done.stdout)
        return done

    def stop(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                proc.terminate()
                proc.communicate(timeout=90)


@pytest.fixture
def tanhong() -> Iterator[Simulator]:
    """A small Tân Hồng on a free port: crawled politely (not a simulated registry entry), so kept short."""
    with start(0, [replace(SPECS["sim-tanhong"], count=12)]) as sim:
        yield sim


def test_the_recipe_starts_from_this_checkout() -> None:
    [recipe, _subscribe] = shell_blocks("Five minutes: your own portals")
    assert recipe[0] == "make install && . .venv/bin/activate"
    assert re.search(r"^install: ", (ROOT / "Makefile").read_text(), re.M)
    assert (Path(sys.prefix) / "bin" / "activate").is_file() and Path(sys.prefix) == ROOT / ".venv"
    vietnamese = shell_blocks("Bắt đầu nhanh")[0]
    assert vietnamese == recipe, "the Vietnamese section runs the same commands"


def test_the_readme_recipe_works_as_written(tanhong: Simulator, tmp_path: Path, bot_api: BotApi) -> None:
    [recipe, subscribe] = shell_blocks("Five minutes: your own portals")
    shell = Shell(
        tmp_path, {"PORTALWATCH_PORT": str(free_port())}, url=tanhong.urls["sim-tanhong"] + "/web/hth/tin-tuc"
    )
    try:
        results = {line: shell.run(line) for line in recipe}
        registry = (shell.cwd / "portals.toml").read_text(encoding="utf-8")
        assert '[portals.xuandong]\nname = "Huyện ủy Tân Hồng"  # from the page title' in registry
        assert 'province = "Đồng Tháp"' in registry
        [articles] = results["portalwatch articles --kind 'kỳ họp'"]
        assert re.search(
            r"\n\d+/5/2022 \d\d:\d\d +xuandong +Kỳ họp HĐND +Kỳ họp thứ 13 HĐND huyện Tân Hồng", articles.stdout
        )
        [serve] = shell.started
        base = f"http://127.0.0.1:{shell.env['PORTALWATCH_PORT']}"

        def answers() -> bool:
            assert serve.poll() is None, serve.communicate()[1][-2000:]
            try:
                return httpx.get(f"{base}/healthz").status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(answers, timeout=30, what="portalwatch serve")
        page = httpx.get(f"{base}/", params={"kind": "council_session"}).text
        assert "Kỳ họp thứ 13 HĐND huyện Tân Hồng khóa XX" in page

        # Subscribe: the README's Telegram table with a bot's token and chat, its API the stand-in's, then its
        # commands.
        subscribers = shell.cwd / "subscribers.toml"
        text = subscribers.read_text(encoding="utf-8")
        table = text.split("# [subscribers.telegram]", 1)[1].split("\n#\n", 1)[0]
        uncommented = "[subscribers.telegram]" + table.replace("\n# ", "\n")
        uncommented = re.sub(r'url = "[^"]*"', f'url = "tgram://{TOKEN}/{CHAT}"', uncommented)
        uncommented += f'\napi = "{bot_api.url}/bot"'
        subscribers.write_text(text + "\n" + uncommented + "\n", encoding="utf-8")
        for line in subscribe:
            shell.run(line)
        db = shell.env["PORTALWATCH_DB"]

        def subscribed() -> bool:
            store = open_store(db)
            try:
                return [s.name for s in store.outbox.subscribers()] == ["telegram"]
            finally:
                store.close()

        wait_for(subscribed, timeout=60, what="schedule --deliver to read subscribers.toml")
        [published] = [a for a in tanhong.sites["sim-tanhong"].publish(3, meetings=1) if "Kỳ họp" in a.title]
        shell.run("portalwatch crawl --all")  # new articles: one a council session, in Đồng Tháp

        def delivered_ids() -> list[int]:
            conn = sqlite3.connect(db)
            try:
                return [row[0] for row in conn.execute("SELECT alert_id FROM webhook_outbox WHERE state = 'delivered'")]
            finally:
                conn.close()

        # Received by the stand-in, then recorded delivered: the outbox row is marked once the send returned.
        wait_for(
            lambda: len(bot_api.received) >= 1 and delivered_ids(),
            timeout=120,
            what="the new council session's alert at the Telegram stand-in, recorded delivered",
        )
        [alert_id] = delivered_ids()
        store = open_store(db)
        alert = store.feed.alert(alert_id)
        store.close()
        assert alert is not None and alert["kind"] == "meeting" and alert["article"]["title"] == published.title
        [(path, body)] = bot_api.received
        lines = body["text"].split("\r\n")
        assert path == f"/bot{TOKEN}/sendMessage" and lines[0].startswith("<b>Kỳ họp HĐND")
        assert lines[1] == f"<b>{published.title}</b>"
        base = shell.env["PORTALWATCH_BASE_URL"]
        assert lines[-1].endswith(f'<a href="{base}/entries/alert:{alert_id}">Chi tiết</a>')
    finally:
        shell.stop()


def test_the_demos_next_commands_work_as_printed(tmp_path: Path) -> None:
    registry = tmp_path / "small.toml"  # one small simulated portal, so the demo takes seconds
    packaged = (ROOT / "crawler" / "portals.toml").read_text(encoding="utf-8")
    table = packaged.split("[portals.sim-dongthap]", 1)[1].split("\n[", 1)[0]
    registry.write_text("[portals.sim-dongthap]" + table, encoding="utf-8")
    env = cli_env({"PORTALWATCH_PORT": str(free_port())})
    demo = subprocess.run(
        [sys.executable, "-m", "crawler", "demo", "--port", "0", "--registry", "small.toml"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert demo.returncode == 0, demo.stderr[-2000:]
    activate, serve, browse = demo.stdout.split("Next, to read them in a browser:\n", 1)[1].splitlines()[:3]
    assert activate.startswith("  . ") and (tmp_path / shlex.split(activate)[1]).is_file()
    assert serve == "  portalwatch serve --registry small.toml"
    url = re.fullmatch(
        r"  open (http://127\.0\.0\.1:\d+/) in a browser \(Ctrl-C in the terminal stops the server\)", browse
    )
    assert url, browse
    proc = subprocess.Popen(
        [sys.executable, "-m", "crawler", *shlex.split(serve)[1:]],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def page() -> str | None:
            assert proc.poll() is None, proc.communicate()[1][-2000:]
            try:
                return httpx.get(url.group(1)).text
            except httpx.HTTPError:
                return None

        wait_for(page, timeout=30, what="the printed URL to answer")
        shown = page() or ""
        assert "Không có mục nào." not in shown
        assert "Đại hội đại biểu Đảng bộ xã Thông Bình lần thứ XIII" in shown
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert out.splitlines()[1] == f"database: {tmp_path / 'data' / 'portalwatch.sqlite3'} (32 articles, 45 alerts)"
    assert os.path.isfile(tmp_path / "data" / "feed.atom")
