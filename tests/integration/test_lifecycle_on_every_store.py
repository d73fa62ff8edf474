"""The same application scenario on POPO, SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from eventsourcing.application import project_aggregate

from domain.deadline import CHINA
from infrastructure.clock import SettableClock
from tests import scenario as s
from tests.conftest import DeskFactory, reopened
from tests.scenario import OFFICER

pytestmark = pytest.mark.stores()


def test_a_review_from_registration_to_correction(
    make_desk: DeskFactory, clock: SettableClock
) -> None:
    desk = make_desk()
    rid = s.ready(desk)
    clock.advance(hours=1)
    desk.send_for_signature(rid, actor=OFFICER)
    desk.decline(
        rid, slot="principal", reason="家庭情况描述不完整", actor=s.SIGNATORIES["principal"]
    )
    desk.write_aspect(
        rid, aspect="family_and_parenting", text=s.SUBSTANTIVE + "补充家访记录。", actor=OFFICER
    )
    desk.send_for_signature(rid, actor=OFFICER)
    s.sign_all(desk, rid)
    clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=CHINA))
    desk.close_review(rid, actor=OFFICER, late_reason="等待公安机关结论")
    measure = desk.get_review(rid)["measures"][0]["id"]
    desk.record_measure_taken(rid, measure_id=measure, evidence="档案号 T-9", actor=OFFICER)
    desk.open_correction(rid, reason="学生班级信息有误", actor=OFFICER)

    # A second application on the same store (another process) sees the same review.
    other = reopened(make_desk, desk)
    view = other.get_review(rid)
    assert (view["status"], view["report_revision"], view["late"]) == ("correcting", 2, True)
    assert view["measures"][0]["status"] == "taken"
    assert view["incident"]["student"]["id_number"] == s.SYNTHETIC_ID_NUMBER
    [listed] = other.list_reviews(status="correcting")
    assert (listed["id"], listed["late"], listed["submitted"]) == (str(rid), True, True)
    assert other.history(rid) == desk.history(rid)


def test_snapshots_keep_long_streams_fast_and_equal_to_a_replay(make_desk: DeskFactory) -> None:
    desk = make_desk()
    rid = s.register(desk)
    for n in range(60):
        desk.write_aspect(
            rid, aspect="daily_conduct", text=f"第{n}稿：{s.SUBSTANTIVE}", actor=OFFICER
        )
    assert desk.snapshots is not None
    assert list(desk.snapshots.get(rid)), "a snapshot was taken"
    fresh = reopened(make_desk, desk)
    from_snapshot = fresh.repository.get(rid)
    replayed = project_aggregate(None, fresh.events.get(rid))
    assert from_snapshot == replayed
    assert from_snapshot.aspects["daily_conduct"].draft == 60


def test_the_index_rebuilt_from_events_equals_the_live_index(
    make_desk: DeskFactory, clock: SettableClock
) -> None:
    desk = make_desk()
    s.closed(desk, jurisdiction="北区")
    s.sent(desk, jurisdiction="南区")
    s.register(desk, jurisdiction="南区", occurred_on="2026-11-01")
    live = desk.list_reviews()
    assert len(live) == 3
    desk.index.replace_review_index([])
    assert desk.list_reviews() == []
    assert desk.reindex() == 3
    assert desk.list_reviews() == live


def test_a_refused_command_writes_nothing(make_desk: DeskFactory) -> None:
    desk = make_desk()
    rid = s.register(desk)
    events_before = len(desk.history(rid))
    with pytest.raises(Exception, match="aspects"):
        desk.send_for_signature(rid, actor=OFFICER)
    assert len(reopened(make_desk, desk).history(rid)) == events_before
