"""The CLI: every command has --help with an example and is documented in the README."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from crawler.cli import build_parser, main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


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


def test_analyze_rejects_non_json_in_one_sentence(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("not json\n"))
    assert main(["analyze", "dates"]) == 2
    assert capsys.readouterr().err.startswith("portalwatch: input is not JSON Lines")
