"""Rule 2: closing after the due date needs a reason, and the review stays late forever."""

from __future__ import annotations

from datetime import datetime

import pytest

from application.desk import ReviewDesk
from domain.deadline import CHINA
from domain.errors import DomainError
from infrastructure.clock import SettableClock
from tests import scenario as s
from tests.scenario import OFFICER

# Incident on 2026-11-18: due 2026-12-02, end of day in Shanghai.
LAST_MINUTE = datetime(2026, 12, 2, 23, 59, 59, tzinfo=CHINA)
NEXT_DAY = datetime(2026, 12, 3, 0, 0, tzinfo=CHINA)


def signed(desk: ReviewDesk) -> object:
    rid = s.sent(desk)
    s.sign_all(desk, rid)
    return rid


def test_closing_at_the_last_minute_of_the_due_day_is_on_time(
    desk: ReviewDesk, clock: SettableClock
) -> None:
    rid = signed(desk)
    clock.set(LAST_MINUTE)
    desk.close_review(rid, actor=OFFICER)
    view = desk.get_review(rid)
    assert (view["status"], view["late"], view["submitted"]) == ("closed", False, True)


def test_closing_late_without_a_reason_is_refused(desk: ReviewDesk, clock: SettableClock) -> None:
    rid = signed(desk)
    clock.set(NEXT_DAY)
    with pytest.raises(DomainError) as refused:
        desk.close_review(rid, actor=OFFICER)
    assert refused.value.code == "late_reason_required"
    with pytest.raises(DomainError):
        desk.close_review(rid, actor=OFFICER, late_reason="无")
    assert desk.get_review(rid)["status"] == "awaiting_signatures"


def test_closing_late_with_a_reason_marks_the_review_late_forever(
    desk: ReviewDesk, clock: SettableClock
) -> None:
    rid = signed(desk)
    clock.set(NEXT_DAY)
    desk.close_review(rid, actor=OFFICER, late_reason="公安机关结论送达较晚")
    view = desk.get_review(rid)
    assert (view["late"], view["late_reason"]) == (True, "公安机关结论送达较晚")
    # A correction, closed again, does not wash the lateness away.
    desk.open_correction(rid, reason="事件经过需更正", actor=OFFICER)
    desk.write_aspect(rid, aspect="trigger_and_course", text=s.SUBSTANTIVE + "更正", actor=OFFICER)
    desk.send_for_signature(rid, actor=OFFICER)
    s.sign_all(desk, rid)
    desk.close_review(rid, actor=OFFICER)
    assert desk.get_review(rid)["late"] is True
    listed = desk.list_reviews()[0]
    assert (listed["late"], listed["status"]) == (True, "closed")


def test_a_review_open_past_its_due_date_is_overdue_and_days_left_go_negative(
    desk: ReviewDesk, clock: SettableClock
) -> None:
    rid = s.register(desk)
    clock.set(datetime(2026, 12, 5, 9, 0, tzinfo=CHINA))
    view = desk.get_review(rid)
    assert (view["overdue"], view["days_left"], view["late"]) == (True, -3, False)


def test_correcting_the_incident_date_recomputes_the_due_date(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    desk.correct_incident_date(
        rid, occurred_on="2026-11-10", reason="以公安机关认定时间为准", actor=OFFICER
    )
    view = desk.get_review(rid)
    assert (view["incident"]["occurred_on"], view["due_on"]) == ("2026-11-10", "2026-11-24")
    history = desk.history(rid)
    assert history[-1]["event"] == "IncidentDateCorrected"
    assert history[-1]["data"]["reason"] == "以公安机关认定时间为准"


def test_correcting_the_incident_date_needs_a_reason(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    with pytest.raises(DomainError) as refused:
        desk.correct_incident_date(rid, occurred_on="2026-11-10", reason="", actor=OFFICER)
    assert (refused.value.code, refused.value.details["field"]) == ("invalid_input", "reason")
