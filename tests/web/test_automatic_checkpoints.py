"""Issue 13: checkpoints are signed without anyone running a command (the server, after
commits), and the integrity check warns when the newest one is too old."""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from click.testing import CliRunner
from flask import Flask

from application.desk import ReviewDesk
from domain.deadline import CHINA
from infrastructure.clock import SettableClock
from infrastructure.integrity import auto_checkpoints, checkpoints
from infrastructure.settings import Settings
from tests import scenario as s
from tests.web.conftest import ACCOUNTS, PASSWORD
from web import create_app
from web.app import build_services, services, verifications
from web.app import desk as desk_of
from web.cli import main

ENVIRON = {
    "FUPAN_ENV": "test",
    "FUPAN_CHECKPOINT_EVENTS": "5",
    "FUPAN_CHECKPOINT_MINUTES": "0",  # only the count triggers here
    "FUPAN_CHECKPOINT_MAX_AGE_HOURS": "24",
}


@pytest.fixture
def app(tmp_path: Path, clock: SettableClock) -> Iterator[Flask]:
    environ = {**ENVIRON, "FUPAN_DATA_DIR": str(tmp_path / "var")}
    app = create_app({"environ": environ, "CLOCK": clock})
    desk = desk_of(app)
    for username in ("officer", "inspector"):
        role, jurisdictions, name = ACCOUNTS[username]
        desk.create_account(
            username=username,
            display_name=name,
            role=role,
            password=PASSWORD,
            jurisdictions=jurisdictions,
            actor=s.OFFICER,
        )
    yield app
    desk.close()


SCHOOLS = itertools.count()


def register(api: Any, count: int) -> None:
    """``count`` registrations through the API: each commits events."""
    officer = api("officer")
    for _ in range(count):
        n = next(SCHOOLS)
        incident = {
            "occurred_on": "2026-11-18",
            "school": f"测试区第{n}中学",
            "jurisdiction": "测试区",
            "category": "suicide",
            "on_premises": False,
            "student": {"name": f"测试学生{n}", "gender": "female", "grade": "初三（1）班"},
        }
        assert officer.call("POST", "/reviews", {"incident": incident}).status_code == 201


def integrity(api: Any, app: Flask) -> dict[str, Any]:
    """The last recorded check (the page and the API never walk the history): run one."""
    verifications(app).run(everything=True, by="test")
    answer = api("inspector").call("GET", "/integrity")
    assert answer.status_code == 200
    return answer.json  # type: ignore[no-any-return]


def test_checkpoints_appear_without_anyone_running_a_command(
    app: Flask, desk: ReviewDesk, api: Any, clock: SettableClock, tmp_path: Path, as_user: Any
) -> None:
    first = integrity(api, app)
    assert first["checkpoints"] >= 1, "signed after the first commits"
    register(api, 6)
    later = integrity(api, app)
    assert later["checkpoints"] > first["checkpoints"]
    newest = desk.store.newest_checkpoint()
    assert newest is not None
    assert later["head"]["position"] - newest["position"] < 5
    assert later["warnings"] == []

    # Signed at the head; a day and more later, one more event (below the count): the
    # integrity check warns, which is not a problem.
    checkpoints.create(desk.store, services(app).server_keys, clock.now())
    clock.advance(hours=25)
    rid = UUID(desk.list_reviews()[0]["id"])
    desk.record_access(rid, actor=s.OFFICER, what="review")
    stale = integrity(api, app)
    assert stale["ok"] is True
    [warning] = stale["warnings"]
    assert (warning["warning"], warning["age_hours"]) == ("checkpoint_stale", 25.0)
    assert "检查点" in warning["message"]
    page = as_user("inspector").get("/audit/integrity")
    assert 'id="warning-checkpoint_stale"' in page.text
    # The next commits sign a checkpoint by themselves, and the warning goes.
    for _ in range(5):
        desk.record_access(rid, actor=s.OFFICER, what="review")
    assert integrity(api, app)["warnings"] == []


def test_fupan_verify_warns_of_an_old_checkpoint(tmp_path: Path) -> None:
    environ = {**ENVIRON, "FUPAN_DATA_DIR": str(tmp_path / "var")}
    settings = Settings.from_environ(environ)
    old = SettableClock(datetime.now(CHINA) - timedelta(hours=30))
    services = build_services(settings, old)
    s.register(services.desk)
    checkpoints.create(services.desk.store, services.server_keys, old.now())
    old.advance(hours=1)
    s.register(services.desk, school="另一所学校")
    services.desk.close()
    result = CliRunner().invoke(main, ["verify"], env=environ, catch_exceptions=False)
    assert result.exit_code == 0, "a warning, not a problem"
    assert "WARNING [checkpoint_stale]" in result.output


def test_a_failing_checkpoint_never_fails_the_write(
    app: Flask, api: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("the server key is out of reach")

    monkeypatch.setattr(auto_checkpoints.checkpoints, "create", broken)
    with caplog.at_level(logging.WARNING, logger="fupan.checkpoints"):
        register(api, 6)  # each answers 201
    assert "automatic checkpoint failed" in caplog.text
