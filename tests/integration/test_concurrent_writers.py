"""A conflict is reported, never a lost update: concurrent writers on one review."""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.desk import ReviewDesk
from application.errors import ConflictError
from infrastructure.clock import SettableClock
from infrastructure.integrity.audit import verify_store
from infrastructure.integrity.server_keys import ServerKeys
from infrastructure.settings import Settings
from tests import scenario as s
from tests.conftest import DeskFactory
from web.app import build_desk

pytestmark = pytest.mark.stores("sqlite", "postgres")
WRITERS = 20


class BarrierClock(SettableClock):
    """Holds every writer after it has read the review, until all have read it."""

    def __init__(self, at: datetime, barrier: threading.Barrier) -> None:
        super().__init__(at)
        self.barrier = barrier

    def now(self) -> datetime:
        self.barrier.wait(timeout=30)
        return super().now()


def attempt(desk: ReviewDesk, rid: UUID, n: int, expected: int | None) -> str:
    try:
        desk.write_aspect(
            rid,
            aspect="daily_conduct",
            text=f"第{n}人的稿：{s.SUBSTANTIVE}",
            actor=s.OFFICER,
            expected_version=expected,
        )
    except ConflictError:
        return "conflict"
    return "ok"


def test_twenty_writers_with_the_same_expected_version_one_wins(make_desk: DeskFactory) -> None:
    first = make_desk()
    rid = s.register(first)
    desks = [make_desk() for _ in range(WRITERS)]
    with ThreadPoolExecutor(WRITERS) as pool:
        outcomes = list(pool.map(lambda n: attempt(desks[n], rid, n, 1), range(WRITERS)))
    assert sorted(outcomes) == ["conflict"] * (WRITERS - 1) + ["ok"]
    history = make_desk().history(rid)
    assert [h["version"] for h in history] == [1, 2], "no event lost or duplicated"
    assert make_desk().list_reviews()[0]["version"] == 2


def test_two_writers_who_read_the_same_version_one_gets_the_conflict(
    make_desk: DeskFactory, clock: SettableClock
) -> None:
    rid = s.register(make_desk())
    barrier = threading.Barrier(2)
    desks = [make_desk(clock=BarrierClock(clock.now(), barrier)) for _ in range(2)]

    def record(n: int) -> str:
        try:
            desks[n].record_risk_point(rid, description=f"第{n}人的风险点", actor=s.OFFICER)
        except ConflictError:
            return "conflict"
        return "ok"

    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(record, range(2)))
    assert sorted(outcomes) == ["conflict", "ok"]
    view = make_desk().get_review(rid)
    assert view["version"] == 2
    winner = outcomes.index("ok")
    assert [r["description"] for r in view["risk_points"]] == [f"第{winner}人的风险点"]


def _process_writer(environ: dict[str, str], rid: str, n: int, queue: Any) -> None:
    desk = build_desk(Settings.from_environ(environ), SettableClock(datetime.now().astimezone()))
    try:
        queue.put(attempt(desk, UUID(rid), n, 1))
    finally:
        desk.close()


@pytest.mark.slow
@pytest.mark.stores("sqlite")
def test_writers_in_separate_processes_on_one_sqlite_file(
    make_desk: DeskFactory, tmp_path: Path
) -> None:
    desk = make_desk()
    rid = s.register(desk)
    environ = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "var")}
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    processes = [
        context.Process(target=_process_writer, args=(environ, str(rid), n, queue))
        for n in range(8)
    ]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=60)
    outcomes = sorted(queue.get(timeout=5) for _ in processes)
    assert outcomes == ["conflict"] * 7 + ["ok"]
    after = make_desk()
    assert [h["version"] for h in after.history(rid)] == [1, 2]
    report = verify_store(after, ServerKeys(after.recorder, after.keys.keyring))  # type: ignore[attr-defined]
    assert report.ok, report.problems
