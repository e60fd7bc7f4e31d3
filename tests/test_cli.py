"""The CLI: every command has --help with an example and is documented in the README."""

from __future__ import annotations

import argparse
import ast
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from support import ROOT

from crawler.cli import build_parser, main
from crawler.store import RunRecord, Store

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[tuple[str, argparse.ArgumentParser]]:
    out = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                path = f"{prefix} {name}".strip()
                children = _commands(sub, path)
                out.extend(children or [(path, sub)])
    return out


COMMANDS = _commands(build_parser())


def test_every_issue_command_exists() -> None:
    names = {name for name, _ in COMMANDS}
    assert {
        "crawl",
        "portals list",
        "articles",
        "export",
        "feed",
        "simulate",
        "demo",
        "analyze dates",
        "analyze meetings",
    } <= names


@pytest.mark.parametrize(("name", "parser"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_example_and_readme_entry(name: str, parser: argparse.ArgumentParser) -> None:
    help_text = parser.format_help()
    assert f"portalwatch {name}" in help_text.split("example:")[-1], f"'{name} --help' has no example"
    assert f"`portalwatch {name}" in README, f"README does not document 'portalwatch {name}'"
    assert "--db" in help_text


def test_user_errors_are_one_sentence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["crawl", "no-such-portal", "--db", str(tmp_path / "x.sqlite3")]) == 2
    err = capsys.readouterr().err
    assert err == "portalwatch: unknown portal 'no-such-portal'; 'portalwatch portals list' shows the known slugs.\n"
    assert main(["crawl", "--url", "http://127.0.0.1:1/", "--db", str(tmp_path / "x.sqlite3")]) == 2
    assert "--url needs --cms" in capsys.readouterr().err
    assert main(["articles", "--db", "postgresql://x/y"]) == 2
    assert "PostgreSQL is not supported yet" in capsys.readouterr().err


def test_analyze_dates_passes_extra_keys_and_explains_failures(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import json

    lines = [
        '{"raw": "Sáng ngày 11/7/2022", "id": 7}',
        '{"raw": "Ngày 3/7", "reference": "2020-07-04"}',
        '{"raw": "Ngày mai (16/7)"}',
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["analyze", "dates"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[0] == {"raw": "Sáng ngày 11/7/2022", "id": 7, "parsed": "2022-07-11"}
    assert out[1]["parsed"] == "2020-07-03"
    assert out[2]["parsed"] is None and out[2]["reason"]


def test_analyze_reports_a_bad_line_and_goes_on(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    lines = ['{"raw": "Ngày 3/7/2022"}', "not json", "[1, 2]", "", '{"raw": "11/7/2022"}']
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["analyze", "dates"]) == 1
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert out == [
        {"raw": "Ngày 3/7/2022", "parsed": "2022-07-03"},
        {"line": 2, "error": "not JSON (Expecting value at column 1); write one JSON object per line"},
        {"line": 3, "error": "a JSON list, not an object; write one JSON object per line"},
        {"raw": "11/7/2022", "parsed": "2022-07-11"},
    ]
    assert captured.err == "portalwatch: 2 of 4 lines failed; see their 'error' lines.\n"
    title = "Kỳ họp thứ 9 HĐND huyện Tân Hồng"
    text = "Sáng 5/7/2022, HĐND huyện Tân Hồng tổ chức kỳ họp thứ 9."
    good = json.dumps({"title": title, "text": text, "published": "2022-07-05"}, ensure_ascii=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{{oops\n{good}\n"))
    assert main(["analyze", "meetings"]) == 1
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert first["line"] == 1 and first["error"].startswith("not JSON")
    assert (second["meeting_kind"], second["ordinal"], second["meeting_date"]) == ("council_session", 9, "2022-07-05")


def test_analyze_dates_counts_relative_stamps_back_from_now(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from crawler.dates import TZ

    lines = ['{"raw": "3 ngày trước"}', '{"raw": "hôm qua", "now": "2024-01-05T10:00:00+07:00"}']
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    before = datetime.now(TZ).date()
    assert main(["analyze", "dates"]) == 0
    after = datetime.now(TZ).date()
    today, dated = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert today["parsed"] in {(d - timedelta(days=3)).isoformat() for d in (before, after)}, today
    assert dated == {"raw": "hôm qua", "now": "2024-01-05T10:00:00+07:00", "parsed": "2024-01-04"}
    monkeypatch.setattr("sys.stdin", io.StringIO(lines[0] + "\n"))
    assert main(["analyze", "dates", "--now", "2025-07-01T08:00:00+07:00"]) == 0
    assert json.loads(capsys.readouterr().out)["parsed"] == "2025-06-28"


def test_subscribers_add_keeps_since_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from crawler.store import open_store

    db = str(tmp_path / "pw.sqlite3")
    args = ["subscribers", "add", "http://127.0.0.1:9/hook", "--since", "2025-06-01", "--kind", "meeting"]
    assert main([*args, "--db", db]) == 0
    store = open_store(db)
    [sub] = store.outbox.subscribers()
    store.close()
    assert sub.filter == {"kind": ["meeting"], "since": ["2025-06-01"]}
    assert main(["subscribers", "list", "--db", db]) == 0
    assert "kind=meeting since=2025-06-01" in capsys.readouterr().out
    assert main(["subscribers", "add", "http://127.0.0.1:9/hook", "--since", "1/6/2025", "--db", db]) == 2
    assert "since='1/6/2025' is not a date" in capsys.readouterr().err


def test_version_is_the_package_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    from importlib.metadata import version

    import crawler

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"portalwatch {version('portalwatch')}\n"
    assert crawler.__version__ == version("portalwatch")


def test_filter_options_become_query_parameters() -> None:
    from crawler.cli.feed import cli_params

    args = build_parser().parse_args(
        ["feed", "--out", "x.atom", "--kind", "meeting", "--kind", "congress", "--since", "2025-07-01"]
    )
    assert cli_params(args) == {"kind": ["meeting", "congress"], "since": ["2025-07-01"]}


def test_fixtures_module_prints_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    from crawler import fixtures

    with pytest.raises(SystemExit) as done:
        fixtures.main(["--help"])
    assert done.value.code == 0
    assert capsys.readouterr().out.startswith("usage: python -m crawler.fixtures [-h]")
    with pytest.raises(SystemExit) as done:
        fixtures.main(["no-such-portal", "http://x.test/", "page.html", "article", "saved by hand"])
    assert done.value.code == 2
    assert capsys.readouterr().err.endswith(
        "unknown portal 'no-such-portal'; 'portalwatch portals list' shows the known slugs.\n"
    )


LIBRARY = [
    path
    for top in ("crawler", "spiders", "pipelines")
    for path in sorted((ROOT / top).rglob("*.py"))
    if not path.is_relative_to(ROOT / "crawler" / "cli") and path != ROOT / "crawler" / "__main__.py"
]


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(ROOT)))
def test_library_modules_import_no_cli_code(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in ([a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""])
    ]
    assert not [n for n in imported if n == "crawler.cli" or n.startswith("crawler.cli.")], (
        f"{path.relative_to(ROOT)} imports the CLI; move the code it needs into the library"
    )


# Start-up: `portalwatch --help` and `portalwatch runs` load neither the crawler nor the text and web stacks.
HEAVY = ("datasketch", "scipy", "starlette", "scrapy", "twisted", "trafilatura", "numpy")
LOADED = """
import contextlib, io, json, sys
from crawler.cli import main
imported = set(sys.modules)
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(["--help"])
    except SystemExit:
        pass
helped = set(sys.modules)
with contextlib.redirect_stdout(io.StringIO()):
    main(["runs", "--db", sys.argv[1]])
heavy = set(json.loads(sys.argv[2]))
print(json.dumps([sorted({m.split(".")[0] for m in names} & heavy) for names in (imported, helped, set(sys.modules))]))
"""


@pytest.mark.integration
def test_help_and_runs_import_no_heavy_library(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOADED, str(tmp_path / "pw.sqlite3"), json.dumps(HEAVY)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    imported, helped, ran = json.loads(done.stdout)
    assert imported == [], f"import crawler.cli loads {imported}: import them inside the handlers that use them"
    assert helped == [], f"portalwatch --help loads {helped}"
    # Reading the store needs numpy (story-cluster keys); nothing of Scrapy, the web server or the text extractor.
    assert set(ran) <= {"numpy"}, f"portalwatch runs loads {ran}"


def test_runs_prints_the_history_as_a_table_and_as_json(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    start = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)
    run = store.start_run("sim-tanhong", start, "incremental")
    end = start + timedelta(minutes=2, seconds=5)
    counts = {"requests": 5, "not_modified": 1, "alerts": 1, "mode": "incremental"}
    store.finish_run(run, RunRecord("sim-tanhong", start, end, "ok", 3, 2, 1, 0, 0, 0, "finished", **counts))
    db = str(tmp_path / "pw.sqlite3")
    assert main(["runs", "--db", db, "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["start"] == "2026-12-05T15:00:00+07:00" and row["end"] == "2026-12-05T15:02:05+07:00"
    assert {k: row[k] for k in ("portal", "status", "mode", "requests", "not_modified", "new", "alerts")} == {
        "portal": "sim-tanhong",
        "status": "ok",
        "mode": "incremental",
        "requests": 5,
        "not_modified": 1,
        "new": 2,
        "alerts": 1,
    }
    assert main(["runs", "--db", db, "--portal", "sim-tanhong"]) == 0
    header, rule, line = capsys.readouterr().out.splitlines()
    assert header.split()[:6] == ["portal", "start", "end", "status", "mode", "requests"]
    assert set(rule) == {"-", " "}
    assert line.split() == [
        *("sim-tanhong", "2026-12-05T15:00:00", "15:02:05", "ok", "incremental"),
        *("5", "1", "2", "1", "0", "0", "1", "finished"),
    ]
    assert main(["runs", "--db", db, "--portal", "sim-tuyenhoa", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
