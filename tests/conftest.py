"""Shared fixtures: a settable clock, and ReviewDesks on every store (POPO, SQLite, PostgreSQL).

``@pytest.mark.suites`` adds, on the first store a test runs on, a store of the ``sm`` crypto
suite (``+sm``) and a store that began under ``standard`` and was rotated to ``sm``
(``+rotated``: a standard-era history, then ``rotate(..., to_suite=SM)``); decision 27.
``suites(alone=True)``: those two only (the standard store runs elsewhere).

PostgreSQL is found through the libpq variables (PGHOST, PGPORT, PGUSER, PGDATABASE,
PGPASSWORD; defaults 127.0.0.1, 5432, the current user, "test"). Each test gets a schema of
its own. Without a reachable server the PostgreSQL tests skip, except with CI=true, where
they fail.
"""

from __future__ import annotations

import getpass
import os
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import psycopg
import pytest

from application.desk import ReviewDesk
from domain.deadline import CHINA
from infrastructure.clock import SettableClock
from infrastructure.settings import Settings
from web.app import build_desk

# Every log line of the suite goes to a file per worker, scanned for canary values at the end.
pytest_plugins = ["tests.log_canary"]

STORES = ["popo", "sqlite", "postgres"]
DeskFactory = Callable[..., ReviewDesk]


def postgres_params() -> dict[str, str]:
    return {
        "POSTGRES_HOST": os.environ.get("PGHOST", "127.0.0.1"),
        "POSTGRES_PORT": os.environ.get("PGPORT", "5432"),
        "POSTGRES_USER": os.environ.get("PGUSER", getpass.getuser()),
        "POSTGRES_DBNAME": os.environ.get("PGDATABASE", "test"),
        "POSTGRES_PASSWORD": os.environ.get("PGPASSWORD", ""),
    }


def _connect() -> psycopg.Connection:
    p = postgres_params()
    return psycopg.connect(
        host=p["POSTGRES_HOST"],
        port=p["POSTGRES_PORT"],
        user=p["POSTGRES_USER"],
        dbname=p["POSTGRES_DBNAME"],
        password=p["POSTGRES_PASSWORD"] or None,
        connect_timeout=3,
        autocommit=True,
    )


@pytest.fixture(scope="session")
def postgres_available() -> bool:
    try:
        with _connect():
            return True
    except psycopg.OperationalError as e:
        message = (
            f"PostgreSQL not reachable ({e!s}); start it and set PGHOST, PGPORT, PGUSER, "
            "PGDATABASE (and PGPASSWORD) to run these tests"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture
def postgres_schema(postgres_available: bool) -> Iterator[str]:
    schema = f"fupan_test_{uuid.uuid4().hex[:12]}"
    with _connect() as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield schema
    finally:
        with _connect() as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def clock() -> SettableClock:
    """10:00 in Shanghai on 2026-11-20."""
    return SettableClock(datetime(2026, 11, 20, 10, 0, tzinfo=CHINA))


def store_environ(store: str, tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, str]:
    """The environment of a test's store; ``store`` may name a suite case (``sqlite+sm``)."""
    store, _, case = store.partition("+")
    environ = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "var")}
    if case == "sm":
        environ["FUPAN_CRYPTO_SUITE"] = "sm"
    environ["PERSISTENCE_MODULE"] = f"eventsourcing.{store}"
    if store == "postgres":
        environ.update(postgres_params())
        environ["POSTGRES_SCHEMA"] = request.getfixturevalue("postgres_schema")
        # Small pools: some tests open twenty applications at once.
        environ["POSTGRES_POOL_SIZE"] = "1"
        environ["POSTGRES_MAX_OVERFLOW"] = "2"
    return environ


@pytest.fixture
def make_desk(
    request: pytest.FixtureRequest, tmp_path: Path, clock: SettableClock
) -> Iterator[DeskFactory]:
    """Build ReviewDesks on one store; several desks share it like several processes."""
    param = str(getattr(request, "param", "popo"))
    case = param.partition("+")[2]
    environ = store_environ(param, tmp_path, request)
    desks: list[ReviewDesk] = []

    def make(**overrides: object) -> ReviewDesk:
        settings = Settings.from_environ({**environ, **overrides.pop("environ", {})})
        desk = build_desk(settings, overrides.pop("clock", clock))  # type: ignore[arg-type]
        if case == "rotated" and not desks:
            rotated_to_sm(desk)
        desks.append(desk)
        return desk

    yield make
    for desk in desks:
        desk.close()


@pytest.fixture
def desk(make_desk: DeskFactory) -> ReviewDesk:
    return make_desk()


def rotated_to_sm(desk: ReviewDesk) -> None:
    """A standard-era history (the shipped templates, a standard server key, standard links),
    then the store moved to the sm suite as `fupan keys rotate --suite sm` does."""
    from infrastructure.crypto.rotation import rotate
    from infrastructure.crypto.suite import SM
    from infrastructure.integrity.link_keys import LinkAuthenticator

    desk.ensure_shipped_templates(actor=uuid.UUID(int=1))
    signer = desk.store.link_signer  # type: ignore[attr-defined]
    assert isinstance(signer, LinkAuthenticator)
    assert signer.suite.choice == "standard"
    rotate(desk.store, signer.server_keys.keyring, to_suite=SM)
    signer.reset()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """``@pytest.mark.stores(...)`` runs a test on the named stores (all by default);
    ``@pytest.mark.suites`` adds the ``sm`` and rotated stores on the first of them."""
    marker = metafunc.definition.get_closest_marker("stores")
    suites = metafunc.definition.get_closest_marker("suites")
    if "make_desk" not in metafunc.fixturenames or (marker is None and suites is None):
        return
    stores = (list(marker.args) or STORES) if marker is not None else ["popo"]
    params = [] if suites is not None and suites.kwargs.get("alone") else list(stores)
    if suites is not None:
        params += [f"{stores[0]}+{case}" for case in (suites.args or ("sm", "rotated"))]
    marks = {"postgres": [pytest.mark.postgres]}
    metafunc.parametrize(
        "make_desk",
        [pytest.param(p, id=p, marks=marks.get(p.partition("+")[0], [])) for p in params],
        indirect=True,
    )


def reopened(make_desk: DeskFactory, desk: ReviewDesk) -> ReviewDesk:
    """Another application on the same store, as another process would be; POPO has one."""
    if type(desk.factory).__module__.endswith(".popo"):
        return desk
    return make_desk()
