"""Reference numbers (复盘-2026-0042): one per review, counted per registration year in
Shanghai, unique across processes, and given to reviews registered before they existed by
``fupan migrate`` (in registration order, once)."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from application.numbering import SYSTEM_ACTOR
from domain.errors import InvalidTransition, InvalidValue
from infrastructure.clock import SettableClock
from infrastructure.integrity.audit import verify_store
from infrastructure.integrity.server_keys import ServerKeys
from infrastructure.settings import Settings
from tests import scenario as s
from tests.conftest import DeskFactory, reopened
from web.app import build_desk

FIXTURE = Path(__file__).parent.parent / "fixtures" / "store-v1"


@pytest.mark.stores
def test_registrations_are_numbered_per_year_in_order(make_desk: DeskFactory) -> None:
    desk = make_desk()
    first, second = s.register(desk), s.register(desk)
    assert desk.get_review(first)["reference_number"] == "复盘-2026-0001"
    assert desk.get_review(second)["reference_number"] == "复盘-2026-0002"
    rows = {r.review_id: r.reference for r in desk.index.select_review_index()}
    assert rows == {first: "复盘-2026-0001", second: "复盘-2026-0002"}
    # Another process continues the count; the number survives a rebuild of the projections.
    other = reopened(make_desk, desk)
    assert other.get_review(s.register(other))["reference_number"] == "复盘-2026-0003"
    other.reindex()
    assert {r.reference for r in other.index.select_review_index()} == {
        "复盘-2026-0001",
        "复盘-2026-0002",
        "复盘-2026-0003",
    }


@pytest.mark.stores("popo")
def test_the_year_is_the_registration_year_in_shanghai(
    make_desk: DeskFactory, clock: SettableClock
) -> None:
    desk = make_desk()
    s.register(desk)
    clock.set(datetime(2026, 12, 31, 16, 30, tzinfo=UTC))  # 2027-01-01 00:30 in Shanghai
    late = s.register(desk, occurred_on="2026-12-31")
    assert desk.get_review(late)["reference_number"] == "复盘-2027-0001"


@pytest.mark.stores("sqlite", "postgres")
def test_registrations_at_once_from_several_processes_draw_distinct_numbers(
    make_desk: DeskFactory,
) -> None:
    desks = [make_desk() for _ in range(4)]
    with ThreadPoolExecutor(8) as pool:
        ids = [
            i
            for batch in pool.map(lambda d: [s.register(d) for _ in range(5)], desks)
            for i in batch
        ]
    numbers = [desks[0].get_review(i)["reference_number"] for i in ids]
    assert sorted(numbers) == [f"复盘-2026-{n:04d}" for n in range(1, 21)]


@pytest.mark.stores("popo")
def test_a_number_is_assigned_once_and_well_formed(make_desk: DeskFactory) -> None:
    desk = make_desk()
    rid = s.register(desk)
    review = desk._get(rid, None)
    with pytest.raises(InvalidTransition):
        review.assign_reference_number("复盘-2026-0099", SYSTEM_ACTOR, review.created_on)
    review.reference = None
    with pytest.raises(InvalidValue):
        review.assign_reference_number("2026-0099", SYSTEM_ACTOR, review.created_on)


def test_migrate_numbers_an_old_store_in_registration_order_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    shutil.copytree(FIXTURE, data_dir)
    environ = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(data_dir)}
    settings = Settings.from_environ(environ)
    desk = build_desk(settings, SettableClock(datetime(2026, 11, 29, 8, 0, tzinfo=UTC)))
    try:
        rows = sorted(
            desk.index.select_review_index(), key=lambda r: (r.registered_at, str(r.review_id))
        )
        assert rows
        assert not any(r.reference for r in rows)
        from web.cli import main

        result = CliRunner().invoke(main, ["migrate"], env=environ)
        assert result.exit_code == 0, result.output
        assert f"numbered {len(rows)} reviews" in result.output
        again = CliRunner().invoke(main, ["migrate"], env=environ)
        assert "numbered 0 reviews" in again.output
        desk.close()
        desk = build_desk(settings, SettableClock(datetime(2026, 11, 29, 8, 0, tzinfo=UTC)))
        by_id = {r.review_id: r.reference for r in desk.index.select_review_index()}
        years = [r.registered_at.year for r in rows]
        expected, counts = [], dict.fromkeys(years, 0)
        for year in years:
            counts[year] += 1
            expected.append(f"复盘-{year}-{counts[year]:04d}")
        assert [by_id[r.review_id] for r in rows] == expected
        history = desk.history(rows[0].review_id)
        assert history[-1]["event"] == "ReferenceNumberAssigned"
        assert history[-1]["actor"] == str(SYSTEM_ACTOR)
        # The next registration continues the count of its year.
        assert desk.get_review(s.register(desk))["reference_number"].startswith("复盘-2026-")
        assert verify_store(desk, ServerKeys(desk.recorder, desk.keys.keyring)).ok  # type: ignore[arg-type, attr-defined]
    finally:
        desk.close()
