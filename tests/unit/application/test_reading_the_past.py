"""History is first-class: every event with what, when and by whom; any earlier moment."""

from __future__ import annotations

from datetime import timedelta

import pytest

from application.desk import ReviewDesk
from domain.errors import DomainError
from infrastructure.clock import SettableClock
from tests import scenario as s
from tests.scenario import OFFICER


def test_history_lists_every_event_with_time_and_actor(
    desk: ReviewDesk, clock: SettableClock
) -> None:
    rid = s.register(desk)
    clock.advance(hours=1)
    desk.appoint_member(
        rid, account_id=s.MEMBERS["police"], name="民警某", party="police", actor=OFFICER
    )
    clock.advance(hours=1)
    desk.write_aspect(rid, aspect="daily_conduct", text=s.SUBSTANTIVE, actor=s.MEMBERS["school"])
    history = desk.history(rid)
    assert [(h["event"], h["version"]) for h in history] == [
        ("Registered", 1),
        ("MemberAppointed", 2),
        ("AspectWritten", 3),
    ]
    assert history[2]["actor"] == str(s.MEMBERS["school"])
    assert history[2]["at"] == clock.now().isoformat()
    assert history[2]["data"]["text"] == s.SUBSTANTIVE
    positions = [h["position"] for h in history]
    assert positions == sorted(positions), "in the order they were stored"
    assert all(isinstance(p, int) for p in positions)


def test_history_includes_the_sign_off_streams(desk: ReviewDesk, clock: SettableClock) -> None:
    rid = s.sent(desk)
    clock.advance(minutes=5)
    s.sign(desk, rid, "principal", s.SIGNATORIES["principal"])
    events = [(h["stream"], h["event"]) for h in desk.history(rid)]
    assert events[-3:] == [
        ("review", "SentForSignature"),
        ("signoff", "Started"),
        ("signoff", "Signed"),
    ]


def test_a_review_reads_as_it_stood_at_an_event_version(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    desk.write_aspect(rid, aspect="daily_conduct", text="第一稿：" + s.SUBSTANTIVE, actor=OFFICER)
    desk.write_aspect(rid, aspect="daily_conduct", text="第二稿：" + s.SUBSTANTIVE, actor=OFFICER)
    first = desk.get_review(rid, version=2)
    assert first["aspects"]["daily_conduct"] == {"text": "第一稿：" + s.SUBSTANTIVE, "draft": 1}
    assert desk.get_review(rid)["aspects"]["daily_conduct"]["draft"] == 2
    assert desk.get_review(rid, version=1)["aspects"] == {}


def test_a_review_reads_as_it_stood_at_a_moment(desk: ReviewDesk, clock: SettableClock) -> None:
    rid = s.register(desk)
    registered_at = clock.now()
    clock.advance(days=1)
    desk.write_aspect(rid, aspect="daily_conduct", text=s.SUBSTANTIVE, actor=OFFICER)
    then = desk.get_review(rid, as_of=registered_at + timedelta(hours=12))
    assert (then["version"], then["aspects"]) == (1, {})
    with pytest.raises(DomainError) as refused:
        desk.get_review(rid, as_of=registered_at - timedelta(seconds=1))
    assert refused.value.details["field"] == "as_of"


def test_an_unknown_review_is_reported_as_not_found(desk: ReviewDesk) -> None:
    with pytest.raises(DomainError) as refused:
        desk.get_review(s.account_id_for("nobody"))
    assert refused.value.code == "review_not_found"
