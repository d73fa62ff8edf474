"""``/healthz`` is liveness only (it answers with the database gone); ``/readyz`` runs named
checks (store, master key, newest checkpoint) and answers 503 when one fails."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from infrastructure.clock import SettableClock
from infrastructure.crypto.master import MasterKey, MasterKeyring
from infrastructure.integrity import checkpoints
from tests import scenario as s
from tests.conftest import _connect, store_environ
from web import create_app
from web.app import services


def checks(answer: Any) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in answer.json["checks"]}


def test_readyz_lists_its_named_checks_and_answers_200_when_ready(app: Flask) -> None:
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 200
    assert answer.json["status"] == "ready"
    assert [c["name"] for c in answer.json["checks"]] == [
        "store",
        "master_key",
        "checkpoint",
        "outbox",
    ]
    assert all(c["ok"] for c in answer.json["checks"])


def test_healthz_answers_with_the_database_gone_and_readyz_does_not(
    app: Flask, tmp_path: Path
) -> None:
    client = app.test_client()
    services(app).desk.close()  # the store's connections are gone
    for file in (tmp_path / "var").glob("fupan.sqlite3*"):
        file.unlink()  # and so is the database
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json["status"] == "not_ready"
    assert checks(ready)["store"]["ok"] is False
    assert "ConnectionPoolClosedError" in checks(ready)["store"]["detail"]


@pytest.mark.postgres
def test_on_postgresql_healthz_answers_with_the_schema_dropped_and_readyz_does_not(
    tmp_path: Path, request: pytest.FixtureRequest, clock: SettableClock
) -> None:
    environ = store_environ("postgres", tmp_path, request)
    app = create_app({"environ": environ, "CLOCK": clock})
    client = app.test_client()
    try:
        assert client.get("/readyz").status_code == 200
        with _connect() as conn:
            conn.execute(f'DROP SCHEMA "{environ["POSTGRES_SCHEMA"]}" CASCADE')
        assert client.get("/healthz").status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 503
        assert checks(ready)["store"]["ok"] is False
    finally:
        services(app).desk.close()
        with _connect() as conn:  # for the fixture to drop again
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{environ["POSTGRES_SCHEMA"]}"')


def test_a_master_key_that_unwraps_nothing_makes_the_server_unready(app: Flask) -> None:
    built = services(app)
    built.server_keys.signing_key()  # a server key, wrapped by the configured master key
    other = MasterKeyring([MasterKey.generate()])  # the key file was swapped for another
    assert built.keyring.source is not None
    other.save(built.keyring.source)
    built.keyring.keys = other.keys
    ready = app.test_client().get("/readyz")
    assert ready.status_code == 503
    assert checks(ready)["master_key"]["ok"] is False
    assert checks(ready)["store"]["ok"] is True


def test_an_old_checkpoint_is_a_warning_and_the_server_stays_ready(
    app: Flask, clock: SettableClock
) -> None:
    built = services(app)
    s.register(built.desk)
    checkpoints.create(built.desk.store, built.server_keys, clock.now())
    fresh = checks(app.test_client().get("/readyz"))["checkpoint"]
    assert fresh["ok"] is True
    assert "warning" not in fresh
    s.register(built.desk, school="另一所学校")  # events after the checkpoint
    clock.advance(hours=built.settings.checkpoint_max_age_hours + 1)
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 200
    stale = checks(answer)["checkpoint"]
    assert stale["ok"] is True
    assert stale["warning"] == "checkpoint_stale"
    assert stale["facts"]["age_hours"] > stale["facts"]["max_age_hours"]
