"""Who hears what: notifications from the history (each once, whatever crashes or runs
twice), reminders as the deadline nears (each threshold once, never for a closed or
withdrawn review), and 催办 (at most once an hour, recorded in the history)."""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

import pytest

from application.desk import ReviewDesk
from application.notifying import (
    APPOINTED,
    DESIGNATED,
    DUE_IN_1,
    DUE_IN_3,
    MEASURE_DUE,
    OVERDUE,
    READY_TO_CLOSE,
    SIGN_REQUESTED,
    SLOT_DECLINED,
    URGED,
)
from domain.deadline import CHINA
from domain.errors import InvalidValue, RuleRefusal
from infrastructure.clock import SettableClock
from tests import scenario as s
from tests.conftest import DeskFactory


def officer(desk: ReviewDesk, name: str = "notify.officer", place: str = "测试区") -> UUID:
    return desk.create_account(
        username=name,
        display_name="通知测试科员",
        role="case_officer",
        password=s.PASSWORD,
        actor=s.OFFICER,
        jurisdictions=[place],
    )


def kinds(desk: ReviewDesk, who: UUID) -> Counter[str]:
    return Counter(r.kind for r in desk.store.select_inbox(who, 500))


@pytest.mark.stores
def test_each_event_tells_the_people_it_concerns_once(make_desk: DeskFactory) -> None:
    desk = make_desk()
    me = officer(desk)
    rid = s.sent(desk)
    made = desk.make_notifications()
    assert made > 0
    assert desk.make_notifications() == 0  # nothing new: nothing twice
    for member in s.MEMBERS.values():
        assert kinds(desk, member)[APPOINTED] == 1
        assert kinds(desk, member)[SIGN_REQUESTED] == 1  # each investigator holds a slot
    for signatory in s.SIGNATORIES.values():
        assert kinds(desk, signatory) == Counter({DESIGNATED: 1, SIGN_REQUESTED: 1})
    assert kinds(desk, me) == Counter()
    # A declined slot tells the officers of the jurisdiction; a full sign-off too.
    slot = s.slots(desk, rid)[0]
    s.ensure_account(desk, UUID(slot["holder"]))
    desk.decline(
        rid,
        slot=slot["slot"],
        reason="第二部分事实不清，请补充调查记录。",
        actor=UUID(slot["holder"]),
    )
    desk.make_notifications()
    assert kinds(desk, me)[SLOT_DECLINED] == 1
    desk.send_for_signature(rid, actor=s.OFFICER)
    s.sign_all(desk, rid)
    desk.make_notifications()
    assert kinds(desk, me)[READY_TO_CLOSE] == 1
    assert kinds(desk, s.SIGNATORIES["principal"])[SIGN_REQUESTED] == 2  # the new revision
    row = desk.store.select_inbox(me, 1)[0]
    assert row.review_id == rid
    assert row.position > 0


@pytest.mark.stores("sqlite")
def test_a_crash_mid_way_neither_loses_nor_repeats(
    make_desk: DeskFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_desk()
    s.sent(desk)
    store = desk.store
    original = type(store).record_notifications
    calls = {"n": 0}

    def crashing(self: Any, rows: Any, tracked: int | None, outbox: Any = ()) -> int:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("the process died")
        return original(self, rows, tracked, outbox)

    monkeypatch.setattr(type(store), "record_notifications", crashing)
    with pytest.raises(RuntimeError):
        desk.make_notifications(batch=3)
    monkeypatch.setattr(type(store), "record_notifications", original)
    desk.make_notifications(batch=3)
    assert desk.make_notifications() == 0
    for member in s.MEMBERS.values():
        assert kinds(desk, member) == Counter({APPOINTED: 1, SIGN_REQUESTED: 1})


@pytest.mark.stores("popo")
def test_reminders_fire_once_per_threshold_and_stop_at_closing(
    make_desk: DeskFactory, clock: SettableClock
) -> None:
    desk = make_desk()
    me = officer(desk)
    rid = s.sent(desk, occurred_on="2026-11-18")
    due = datetime.fromisoformat(desk.get_review(rid)["due_on"])

    def at(days: int) -> datetime:
        return datetime(due.year, due.month, due.day, 9, 0, tzinfo=CHINA) - timedelta(days=days)

    clock.set(at(5))
    assert desk.make_reminders() == 0
    clock.set(at(3))
    first = desk.make_reminders()
    assert first > 0
    assert desk.make_reminders() == 0  # run twice: recorded once
    assert kinds(desk, me)[DUE_IN_3] == 1
    assert kinds(desk, s.MEMBERS["school"])[DUE_IN_3] == 1
    assert kinds(desk, s.SIGNATORIES["principal"])[DUE_IN_3] == 1  # a pending slot
    clock.set(at(2))
    assert desk.make_reminders() == 0
    clock.set(at(1))
    desk.make_reminders()
    assert kinds(desk, me)[DUE_IN_1] == 1
    clock.set(at(-1))
    desk.make_reminders()
    assert kinds(desk, me)[OVERDUE] == 1
    assert kinds(desk, s.SIGNATORIES["department_head"])[OVERDUE] == 1
    s.sign_all(desk, rid)
    desk.close_review(rid, actor=s.OFFICER, late_reason="调查耗时较长，公安结论延迟出具。")
    clock.set(at(-3))
    before = kinds(desk, me)
    desk.make_reminders()
    assert {k: v for k, v in kinds(desk, me).items() if k != MEASURE_DUE} == {
        k: v for k, v in before.items() if k != MEASURE_DUE
    }


@pytest.mark.stores("popo")
def test_no_reminder_for_a_withdrawn_review(make_desk: DeskFactory, clock: SettableClock) -> None:
    desk = make_desk()
    me = officer(desk)
    other = officer(desk, "notify.second")
    rid = s.register(desk, occurred_on="2026-11-18")
    desk.request_withdrawal(rid, reason="重复登记，与另一条记录为同一事件。", actor=me)
    desk.confirm_withdrawal(rid, actor=other)
    clock.set(datetime(2026, 12, 10, 9, 0, tzinfo=CHINA))
    desk.make_reminders()
    assert kinds(desk, me) == Counter()


@pytest.mark.stores("postgres")
def test_two_reminder_runs_at_once_record_each_reminder_once(
    make_desk: DeskFactory, clock: SettableClock
) -> None:
    desks = [make_desk() for _ in range(2)]
    me = officer(desks[0])
    for _ in range(5):
        s.register(desks[0], occurred_on="2026-11-10")
    clock.set(datetime(2026, 11, 23, 9, 0, tzinfo=CHINA))  # one day left
    with ThreadPoolExecutor(2) as pool:
        made = list(pool.map(lambda d: d.make_reminders(), desks))
    assert sum(made) == 5
    assert kinds(desks[0], me) == Counter({DUE_IN_1: 5})


@pytest.mark.stores("popo")
def test_urging_tells_the_pending_holders_at_most_once_an_hour(
    make_desk: DeskFactory, clock: SettableClock
) -> None:
    desk = make_desk()
    rid = s.sent(desk)
    s.sign_all(desk, rid, skip=("principal",))
    desk.urge(rid, note="请尽快签字。", actor=s.OFFICER)
    with pytest.raises(RuleRefusal):
        desk.urge(rid, note="再次催办", actor=s.OFFICER)
    desk.make_notifications()
    assert kinds(desk, s.SIGNATORIES["principal"])[URGED] == 1
    assert kinds(desk, s.SIGNATORIES["school_secretary"])[URGED] == 0
    assert desk.history(rid)[-1]["event"] == "Urged"
    clock.advance(hours=1)
    desk.urge(rid, actor=s.OFFICER)
    desk.make_notifications()
    assert kinds(desk, s.SIGNATORIES["principal"])[URGED] == 2


@pytest.mark.stores("popo")
def test_a_weekly_digest_goes_to_inspectors_and_city_wide_officers_from_monday_8(
    make_desk: DeskFactory, clock: SettableClock
) -> None:
    desk = make_desk()
    local = officer(desk)
    city = desk.create_account(
        username="digest.city",
        display_name="市级专员",
        role="case_officer",
        password=s.PASSWORD,
        actor=s.OFFICER,
        city_wide=True,
    )
    inspector = desk.create_account(
        username="digest.inspector",
        display_name="督导",
        role="inspector",
        password=s.PASSWORD,
        actor=s.OFFICER,
    )
    s.register(desk, occurred_on="2026-11-01")
    clock.set(datetime(2026, 11, 23, 7, 59, tzinfo=CHINA))  # a Monday, before 08:00
    desk.make_reminders()
    assert kinds(desk, inspector)["weekly_digest"] == 0
    clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=CHINA))
    desk.make_reminders()
    clock.advance(days=3)
    desk.make_reminders()  # the same week: nothing more
    assert kinds(desk, inspector)["weekly_digest"] == 1
    assert kinds(desk, city)["weekly_digest"] == 1
    assert kinds(desk, local)["weekly_digest"] == 0
    clock.advance(days=5)  # the next week
    desk.make_reminders()
    assert kinds(desk, inspector)["weekly_digest"] == 2
    from application.policy import Principal
    from application.workspace import Workspace
    from domain.account import Role

    reader = Principal(inspector, "digest.inspector", "督导", Role.INSPECTOR)
    [latest, _] = Workspace(desk, reader).notifications()
    assert latest["digest"] == {"overdue": 1, "late": 0, "withdrawn": 0}


@pytest.mark.stores("popo", "sqlite")
def test_a_measures_owner_account_is_reminded_as_it_falls_due(
    make_desk: DeskFactory, clock: SettableClock
) -> None:
    desk = make_desk()
    rid = s.ready(desk)
    measure = desk.get_review(rid)["measures"][0]["id"]
    owner = s.MEMBERS["police"]
    s.ensure_account(desk, owner)
    with pytest.raises(InvalidValue):
        desk.set_measure_owner_account(
            rid, measure_id=measure, account_id=s.MEMBERS["expert"], actor=s.OFFICER
        )  # no such account
    version = desk.get_review(rid)["version"]
    desk.set_measure_owner_account(rid, measure_id=measure, account_id=owner, actor=s.OFFICER)
    view = desk.get_review(rid)
    assert view["measures"][0]["owner_account"] == str(owner)
    assert view["version"] == version + 1
    assert view["status"] == "investigating"  # follow-up: nothing signed is touched
    clock.set(datetime(2026, 12, 26, 9, 0, tzinfo=CHINA))  # the measure is due 2026-12-31
    desk.make_reminders()
    assert kinds(desk, owner)[MEASURE_DUE] == 1


@pytest.mark.stores("sqlite")
def test_the_site_quotes_a_declined_slots_reason_to_the_officer(make_desk: DeskFactory) -> None:
    from application.policy import Principal
    from application.workspace import Workspace
    from domain.account import Role

    desk = make_desk()
    me = officer(desk)
    rid = s.sent(desk)
    slot = s.slots(desk, rid)[0]
    s.ensure_account(desk, UUID(slot["holder"]))
    reason = "第二部分事实不清，请补充调查记录。"
    desk.decline(rid, slot=slot["slot"], reason=reason, actor=UUID(slot["holder"]))
    desk.make_notifications()
    reader = Principal(
        me, "notify.officer", "通知测试科员", Role.CASE_OFFICER, frozenset({"测试区"})
    )
    [line] = [n for n in Workspace(desk, reader).notifications() if n["kind"] == SLOT_DECLINED]
    assert line["said"] == reason
