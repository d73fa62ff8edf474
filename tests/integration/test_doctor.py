"""``fupan doctor``: a healthy store says so (exit 0); a data directory others can read needs
action (exit 1) and says the command that fixes it; the reminders and the backup are
remembered once they ran."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from infrastructure.release import NOTED
from infrastructure.settings import ConfigurationError, LogSettings, Settings
from tests import scenario as s
from web.app import build_desk
from web.cli import main
from web.cli_doctor import log_retention


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


def test_a_store_opened_by_a_newer_release_needs_action(tmp_path: Path) -> None:
    env = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "var")}
    desk = build_desk(Settings.from_environ(env))
    desk.store.note(NOTED, "99.0.0")
    desk.close()
    sick = CliRunner().invoke(main, ["doctor"], env=env)
    assert sick.exit_code == 1, sick.output
    assert "a newer fupan (99.0.0) has opened this store" in sick.output
    assert "请升级" in sick.output


def test_log_retention_is_held_against_the_journal_and_logrotate(tmp_path: Path) -> None:
    production = replace(Settings(), mode="production")
    etc = tmp_path / "etc"
    (etc / "systemd").mkdir(parents=True)
    (etc / "systemd/journald.conf").write_text("[Journal]\n#Storage=auto\n")
    # No /var/log/journal: the journal lives in memory.
    assert "Storage=persistent" in log_retention(production, tmp_path)[0].en
    (tmp_path / "var/log/journal").mkdir(parents=True)
    assert log_retention(production, tmp_path) == []
    (etc / "systemd/journald.conf.d").mkdir()
    (etc / "systemd/journald.conf.d/fupan.conf").write_text("[Journal]\nMaxRetentionSec=3month\n")
    [short] = log_retention(production, tmp_path)
    assert short.level == "action"
    assert "91 days" in short.en
    (etc / "systemd/journald.conf.d/fupan.conf").write_text("[Journal]\nMaxRetentionSec=2y\n")
    assert log_retention(production, tmp_path) == []

    to_file = replace(production, logs=LogSettings(file=Path("/var/log/fupan/fupan.log")))
    assert "no logrotate stanza" in log_retention(to_file, tmp_path)[0].en
    (etc / "logrotate.d").mkdir()
    (etc / "logrotate.d/fupan").write_text(
        "/var/log/fupan/*.log {\n    daily\n    rotate 180\n    compress\n}\n"
    )
    assert "keeps 180 days" in log_retention(to_file, tmp_path)[0].en
    (etc / "logrotate.d/fupan").write_text("/var/log/fupan/*.log {\n  weekly\n  rotate 60\n}\n")
    assert log_retention(to_file, tmp_path) == []


def test_fewer_than_six_months_of_logs_cannot_be_configured() -> None:
    with pytest.raises(ConfigurationError, match="at least 183"):
        LogSettings.from_environ({"FUPAN_LOG_RETENTION_DAYS": "90"})
    assert LogSettings.from_environ({}).retention_days == 365
