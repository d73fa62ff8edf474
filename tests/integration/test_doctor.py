"""``fupan doctor``: a healthy store says so (exit 0); a data directory others can read needs
action (exit 1) and says the command that fixes it; the reminders and the backup are
remembered once they ran."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from infrastructure.settings import Settings
from tests import scenario as s
from web.app import build_desk
from web.cli import main


def test_doctor_says_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "var"
    env = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(folder)}
    desk = build_desk(Settings.from_environ(env))
    s.register(desk)
    desk.close()
    first = CliRunner().invoke(main, ["doctor"], env=env)
    assert first.exit_code == 0, first.output  # warnings only
    assert "期限提醒超过一小时未运行" in first.output
    assert "run fupan backup" in first.output
    assert "fupan pdf-ca init" in first.output
    assert CliRunner().invoke(main, ["pdf-ca", "init"], env=env).exit_code == 0
    assert CliRunner().invoke(main, ["remind"], env=env).exit_code == 0
    assert CliRunner().invoke(main, ["backup", str(tmp_path / "b")], env=env).exit_code == 0
    CliRunner().invoke(main, ["checkpoint"], env=env)
    healthy = CliRunner().invoke(main, ["doctor"], env=env)
    assert "期限提醒" not in healthy.output
    assert "backup" not in healthy.output
    assert "pdf-ca" not in healthy.output
    key = folder / "master.key"
    key.chmod(0o644)
    sick = CliRunner().invoke(main, ["doctor"], env={**env, "FUPAN_MASTER_KEY_FILE": str(key)})
    assert sick.exit_code == 1, sick.output
    assert f"chmod 600 {key}" in sick.output
