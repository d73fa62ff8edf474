"""The ``fupan`` command is an operator's tool: its help needs no configuration at all, it
shows fupan's commands only (none of Flask's), and long operations can show progress."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from web.cli import main
from web.cli_support import progress_bar

FUPAN = str(Path(sys.executable).with_name("fupan"))
COMMANDS = {
    "accounts": {"approve", "create", "disable", "list", "requests"},
    "backup": None,
    "backup-key": None,
    "checklist": {"templates", "rounds"},
    "checkpoint": None,
    "deliver": None,
    "demo": None,
    "doctor": None,
    "erase-personal-data": None,
    "export-audit-bundle": None,
    "export-checkpoints": None,
    "init": None,
    "migrate": None,
    "notify": None,
    "remind": None,
    "keys": {"create", "rotate", "suites"},
    "openapi": {"list-config-prefixes", "print", "write"},
    "pdf-ca": {"export", "init"},
    "reference": {"import"},
    "reindex": None,
    "restore": None,
    "reviews": {"history", "list", "register", "show"},
    "serve": None,
    "stats": None,
    "verify": None,
    "verify-bundle": None,
    "verify-report": None,
}


def empty_environment() -> dict[str, str]:
    return {"PATH": os.defpath}


def test_help_works_with_an_empty_environment(tmp_path: Path) -> None:
    for args in (["--help"], ["serve", "--help"], ["reviews", "show", "--help"]):
        done = subprocess.run(
            [FUPAN, *args],
            env=empty_environment(),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Usage: fupan" in done.stdout
        assert done.stderr == ""
    assert not (tmp_path / "var").exists(), "help creates nothing"
    wrong = subprocess.run(
        [FUPAN, "--help"],
        env={**empty_environment(), "FUPAN_LOG_FORMAT": "xml"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert wrong.returncode == 0, "a wrong setting does not hide the help"


def test_every_command_has_help_without_configuration(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in [n for n in os.environ if n.startswith(("FUPAN_", "POSTGRES_", "PERSISTENCE"))]:
        monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)

    def walk(command: click.Command, path: list[str]) -> None:
        result = CliRunner().invoke(main, [*path, "--help"], catch_exceptions=False)
        assert result.exit_code == 0, (path, result.output)
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, [*path, name])

    walk(main, [])
    assert not (tmp_path / "var").exists()


def test_only_fupans_commands_are_offered() -> None:
    assert isinstance(main, click.Group)
    assert type(main) is click.Group, "a plain click group, not Flask's"
    assert set(main.commands) == set(COMMANDS)
    for name, subcommands in COMMANDS.items():
        if subcommands is not None:
            group = main.commands[name]
            assert isinstance(group, click.Group)
            assert set(group.commands) == subcommands
    shown = CliRunner().invoke(main, ["--help"]).output
    for flask_option in ("--app", "--debug", "--env-file"):
        assert flask_option not in shown
    for flask_command in ("run", "shell", "routes"):
        refused = CliRunner().invoke(main, [flask_command])
        assert refused.exit_code == 2
        assert "No such command" in refused.output


def test_reindex_shows_progress_when_asked_and_its_output_is_unchanged(tmp_path: Path) -> None:
    env = {
        "FUPAN_ENV": "test",
        "FUPAN_DATA_DIR": str(tmp_path / "var"),
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
    }
    assert CliRunner().invoke(main, ["demo"], env=env).exit_code == 0
    quiet = CliRunner().invoke(main, ["reindex"], env=env)
    assert quiet.stdout == "索引已重建：7 个复盘 / index rebuilt: 7 reviews\n"
    assert quiet.stderr == ""
    shown = CliRunner().invoke(main, ["reindex", "--progress"], env=env)
    assert shown.stdout == quiet.stdout
    assert "7 / 7 (100%)" in shown.stderr


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_progress_is_a_bar_and_elsewhere_lines_only_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with progress_bar("重建索引 / rebuilding", None) as bar:
        assert bar is not None
        for done in range(1, 51):
            bar(done, 50)
    assert "重建索引 / rebuilding" in terminal.getvalue()
    assert "100%" in terminal.getvalue()
    piped = io.StringIO()
    monkeypatch.setattr(sys, "stderr", piped)
    with progress_bar("x", None) as bar:
        assert bar is None
    with progress_bar("x", True) as bar:
        assert bar is not None
        for done in range(1, 51):
            bar(done, 50)
    assert piped.getvalue().count("\n") == 11  # 0%, 10%, ... 100%


def test_key_rotation_shows_progress_when_asked(tmp_path: Path) -> None:
    env = {
        "FUPAN_ENV": "test",
        "FUPAN_DATA_DIR": str(tmp_path / "var"),
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
    }
    assert CliRunner().invoke(main, ["demo"], env=env).exit_code == 0
    rotated = CliRunner().invoke(main, ["keys", "rotate", "--yes", "--progress"], env=env)
    assert rotated.exit_code == 0, rotated.output
    assert "rewrapping data keys" in rotated.stderr
    assert "100%" in rotated.stderr
    assert rotated.stdout.startswith("master key ")


def test_openapi_stays_and_builds_the_app_it_needs(tmp_path: Path) -> None:
    env = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "var")}
    printed = CliRunner().invoke(main, ["openapi", "print"], env=env)
    assert printed.exit_code == 0, printed.output
    assert json.loads(printed.stdout)["info"]["title"] == "fupan"


def test_a_command_that_needs_the_app_names_what_to_configure(tmp_path: Path) -> None:
    env = {"FUPAN_ENV": "production", "FUPAN_DATA_DIR": str(tmp_path / "var")}
    refused = CliRunner().invoke(main, ["reviews", "list"], env=env)
    assert refused.exit_code == 2
    assert "configuration error" in refused.stderr
    assert "FUPAN_MASTER_KEY_FILE" in refused.stderr
