"""Configuration: the modes, the password-hash costs that hold outside tests, and the one
server secret every keyed use derives from."""

from __future__ import annotations

from pathlib import Path

import pytest

from infrastructure.crypto.server_secret import LABELS, ServerSecret
from infrastructure.settings import ConfigurationError, Settings


@pytest.mark.parametrize("mode", ["production", "development"])
def test_password_hashing_is_at_least_owasps_minimum_outside_tests(mode: str) -> None:
    time_cost, memory_kib = Settings.from_environ({"FUPAN_ENV": mode}).argon2_costs
    assert time_cost >= 2
    assert memory_kib >= 19_456


def test_production_is_the_default_mode() -> None:
    assert Settings.from_environ({}).mode == "production"


@pytest.mark.parametrize(
    ("environ", "says"),
    [
        ({"FUPAN_ENV": "staging"}, "FUPAN_ENV"),
        ({"PERSISTENCE_MODULE": "eventsourcing.mysql"}, "PERSISTENCE_MODULE"),
        ({"FUPAN_MIN_ASPECT_CHARS": "many"}, "FUPAN_MIN_ASPECT_CHARS"),
        ({"FUPAN_MIN_ASPECT_CHARS": "0"}, "FUPAN_MIN_ASPECT_CHARS"),
        ({"FUPAN_TRUSTED_PROXIES": "some"}, "FUPAN_TRUSTED_PROXIES"),
        ({"FUPAN_TRUSTED_PROXIES": "9"}, "FUPAN_TRUSTED_PROXIES"),
        ({"FUPAN_MEASURE_HORIZON_YEARS": "0"}, "FUPAN_MEASURE_HORIZON_YEARS"),
        ({"FUPAN_BASE_URL": "fupan.example.org"}, "FUPAN_BASE_URL"),
        ({"FUPAN_BASE_URL": "https://fupan.example.org/?x=1"}, "FUPAN_BASE_URL"),
        ({"FUPAN_BIND": "8000"}, "FUPAN_BIND"),
        ({"FUPAN_BIND": "0.0.0.0:99999"}, "FUPAN_BIND"),
        ({"FUPAN_WORKERS": "0"}, "FUPAN_WORKERS"),
        ({"FUPAN_MAX_UPLOAD_MB": "lots"}, "FUPAN_MAX_UPLOAD_MB"),
        ({"FUPAN_LOG_FORMAT": "xml"}, "FUPAN_LOG_FORMAT"),
        ({"FUPAN_LOG_LEVEL": "LOUD"}, "FUPAN_LOG_LEVEL"),
    ],
)
def test_a_bad_setting_is_named(environ: dict[str, str], says: str) -> None:
    with pytest.raises(ConfigurationError, match=says):
        Settings.from_environ(environ)


def test_production_needs_the_server_secret_and_says_how(tmp_path: Path) -> None:
    settings = Settings.from_environ({"FUPAN_DATA_DIR": str(tmp_path / "var")})
    with pytest.raises(ConfigurationError, match="FUPAN_SECRET_KEY"):
        settings.server_secret()


def test_in_production_the_secret_file_lies_outside_the_data_directory(tmp_path: Path) -> None:
    data = tmp_path / "var"
    data.mkdir()
    inside, outside = data / "secret", tmp_path / "secret"
    for path in (inside, outside):
        path.write_text("x" * 48)
    environ = {"FUPAN_DATA_DIR": str(data)}
    with pytest.raises(ConfigurationError, match="outside the data directory"):
        Settings.from_environ({**environ, "FUPAN_SECRET_KEY_FILE": str(inside)}).server_secret()
    secret = Settings.from_environ({**environ, "FUPAN_SECRET_KEY_FILE": str(outside)})
    assert secret.server_secret() == b"x" * 48


def test_a_short_secret_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="at least 32"):
        Settings.from_environ({"FUPAN_SECRET_KEY": "short"}).server_secret()


def test_development_keeps_one_secret_across_processes(tmp_path: Path) -> None:
    environ = {"FUPAN_ENV": "development", "FUPAN_DATA_DIR": str(tmp_path / "var")}
    first = Settings.from_environ(environ).server_secret()
    assert Settings.from_environ(environ).server_secret() == first
    assert oct((tmp_path / "var" / "secret.key").stat().st_mode)[-3:] == "600"


def test_each_use_derives_its_own_key_from_the_one_secret() -> None:
    secret = ServerSecret(b"k" * 48)
    keys = {label: secret.derive(label) for label in LABELS}
    assert len(set(keys.values())) == len(LABELS)
    assert all(len(k) == 32 for k in keys.values())
    assert ServerSecret(b"k" * 48).derive("credential-ids") == keys["credential-ids"]
    assert ServerSecret(b"j" * 48).derive("credential-ids") != keys["credential-ids"]
    with pytest.raises(ValueError, match="unknown key label"):
        secret.derive("anything-else")
    assert "k" not in repr(secret)


def test_the_data_directory_and_the_database_are_private(tmp_path: Path) -> None:
    """Issue 13: 0700 for the directory, 0600 for the database and its WAL/SHM files."""
    from web.app import build_desk

    settings = Settings.from_environ({"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "v")})
    desk = build_desk(settings)
    try:
        desk.list_reviews()
        assert (tmp_path / "v").stat().st_mode & 0o777 == 0o700
        files = [p for p in (tmp_path / "v").iterdir() if p.name.startswith("fupan.sqlite3")]
        assert {p.name for p in files} >= {"fupan.sqlite3", "fupan.sqlite3-wal"}
        for path in files:
            assert path.stat().st_mode & 0o777 == 0o600, path
    finally:
        desk.close()


def test_production_refuses_a_data_directory_or_key_file_others_can_read(tmp_path: Path) -> None:
    data, key = tmp_path / "var", tmp_path / "secret.key"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    key.write_text("x" * 48)
    key.chmod(0o644)
    environ = {"FUPAN_DATA_DIR": str(data), "FUPAN_SECRET_KEY_FILE": str(key)}
    with pytest.raises(ConfigurationError, match=f"chmod 700 {data}"):
        Settings.from_environ(environ).prepare_data_dir()
    data.chmod(0o700)
    with pytest.raises(ConfigurationError, match=f"chmod 600 {key}"):
        Settings.from_environ(environ).prepare_data_dir()
    key.chmod(0o600)
    Settings.from_environ(environ).prepare_data_dir()


def test_serving_settings_come_from_the_environment() -> None:
    settings = Settings.from_environ(
        {
            "FUPAN_BASE_URL": "https://fupan.example.org/",
            "FUPAN_BIND": "0.0.0.0:8443",
            "FUPAN_WORKERS": "4",
            "FUPAN_MAX_UPLOAD_MB": "8",
            "FUPAN_LOG_FORMAT": "json",
            "FUPAN_LOG_FILE": "/var/log/fupan/fupan.log",
        }
    )
    assert settings.base_url == "https://fupan.example.org"
    assert (settings.bind, settings.workers, settings.max_upload_mb) == ("0.0.0.0:8443", 4, 8)
    assert settings.logs.format == "json"
    assert settings.logs.file == Path("/var/log/fupan/fupan.log")
    defaults = Settings.from_environ({})
    assert (defaults.bind, defaults.workers, defaults.max_upload_mb) == ("127.0.0.1:8000", 2, 1)
    assert (defaults.logs.format, defaults.logs.level, defaults.logs.file) == ("text", "INFO", None)
