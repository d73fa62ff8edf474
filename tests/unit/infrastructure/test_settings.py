"""Configuration: the modes, and the password-hash costs that hold outside tests."""

from __future__ import annotations

import pytest

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
    ],
)
def test_a_bad_setting_is_named(environ: dict[str, str], says: str) -> None:
    with pytest.raises(ConfigurationError, match=says):
        Settings.from_environ(environ)
