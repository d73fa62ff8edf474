"""The integrity check as a recorded run with progress: by default from the newest signed
checkpoint on, everything on request; what each scope can and cannot see."""

from __future__ import annotations

import json

import pytest

from application.desk import ReviewDesk
from infrastructure.clock import SettableClock
from infrastructure.integrity import audit, checkpoints
from infrastructure.integrity.runs import Verifications
from infrastructure.integrity.server_keys import ServerKeys
from tests import scenario as s
from tests.conftest import DeskFactory
from tests.integration.raw import Raw

pytestmark = pytest.mark.stores("sqlite", "postgres")


def keys(desk: ReviewDesk) -> ServerKeys:
    return ServerKeys(desk.recorder, desk.keys.keyring)  # type: ignore[attr-defined]


def checkpointed(desk: ReviewDesk) -> tuple[int, list[object]]:
    """Two reviews, a signed checkpoint, then a third review after it."""
    before = [s.sent(desk), s.register(desk)]
    made = checkpoints.create(desk.store, keys(desk), desk.clock.now())
    after = s.register(desk)
    s.form_team(desk, after, ["police", "school"])
    return int(made["position"]), [*before, after]


def test_the_default_check_walks_from_the_newest_checkpoint_with_progress(
    make_desk: DeskFactory,
) -> None:
    desk = make_desk()
    position, reviews = checkpointed(desk)
    seen: list[tuple[int, int]] = []
    report = audit.verify_store(
        desk,
        keys(desk),
        since_checkpoint=True,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert report.ok, report.problems
    last = desk.store.max_notification_id()
    assert (report.scope, report.from_position, report.events) == (
        "since_checkpoint",
        position,
        last - position,
    )
    assert seen[-1] == (report.events, report.events)
    raw = Raw(desk)
    state = bytearray(raw.state(reviews[2], 2))  # type: ignore[arg-type]
    state[len(state) // 2] ^= 0x01
    raw.set_state(reviews[2], 2, bytes(state))  # type: ignore[arg-type]
    altered = audit.verify_store(desk, keys(desk), since_checkpoint=True)
    assert (altered.problems[0].problem, altered.problems[0].position) == (
        "link_mismatch",
        raw.position_of(reviews[2], 2),  # type: ignore[arg-type]
    )


def test_below_the_checkpoint_only_a_check_of_everything_looks(make_desk: DeskFactory) -> None:
    desk = make_desk()
    _, reviews = checkpointed(desk)
    raw = Raw(desk)
    state = bytearray(raw.state(reviews[0], 3))  # type: ignore[arg-type]
    state[len(state) // 2] ^= 0x01
    raw.set_state(reviews[0], 3, bytes(state))  # type: ignore[arg-type]
    assert audit.verify_store(desk, keys(desk), since_checkpoint=True).ok, (
        "the default check trusts what the runs before the checkpoint walked"
    )
    everything = audit.verify_store(desk, keys(desk))
    assert everything.problems[0].problem == "link_mismatch"


def test_a_history_cut_below_the_newest_checkpoint_is_found_by_the_default_check(
    make_desk: DeskFactory,
) -> None:
    desk = make_desk()
    position, _ = checkpointed(desk)
    Raw(desk).truncate_after(position - 1)
    report = audit.verify_store(desk, keys(desk), since_checkpoint=True)
    assert report.scope == "everything", "no usable checkpoint: everything is walked"
    assert "truncated_below_checkpoint" in {p.problem for p in report.problems}


def test_each_run_is_recorded_with_its_scope_progress_and_report(
    make_desk: DeskFactory, clock: SettableClock
) -> None:
    desk = make_desk()
    checkpointed(desk)
    runs = Verifications(desk, keys(desk))
    assert runs.last_finished() is None
    report = runs.run(everything=False, by="operator:test")
    [run] = desk.store.select_verifications(5)
    assert (run.scope, run.started_by, run.ok, run.done) == (
        "since_checkpoint",
        "operator:test",
        True,
        report.events,
    )
    assert json.loads(run.report)["events"] == report.events
    assert runs.running() is None
    clock.advance(minutes=1)
    runs.run(everything=True, by="operator:test")
    newest = runs.last_finished()
    assert newest is not None
    assert (newest.scope, newest.done) == ("everything", desk.store.max_notification_id())
