"""Rule 4: signatures count only on the same, current revision; changes void them."""

from __future__ import annotations

from uuid import UUID

import pytest

from application.desk import ReviewDesk
from domain.errors import DomainError
from infrastructure.clock import SettableClock
from tests import scenario as s
from tests.scenario import OFFICER


def test_only_the_slot_holder_can_sign_it(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    with pytest.raises(DomainError) as refused:
        s.sign(desk, rid, "principal", s.SIGNATORIES["school_secretary"])
    assert refused.value.code == "not_slot_holder"


def test_a_slot_is_signed_once(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    s.sign(desk, rid, "principal", s.SIGNATORIES["principal"])
    with pytest.raises(DomainError) as refused:
        s.sign(desk, rid, "principal", s.SIGNATORIES["principal"], seal=True)
    assert refused.value.code == "slot_already_marked"


def test_an_unknown_slot_is_refused(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    with pytest.raises(DomainError) as refused:
        s.sign(desk, rid, "mayor", OFFICER)
    assert refused.value.code == "unknown_slot"


def test_a_seal_counts_like_a_signature(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    s.sign(desk, rid, "department_head", s.SIGNATORIES["department_head"], seal=True)
    s.sign_all(desk, rid)
    desk.close_review(rid, actor=OFFICER)
    marks = {x["slot"]: x["mark"] for x in desk.get_review(rid)["signoff"]["slots"]}
    assert marks["department_head"] == "seal"


def test_closing_with_the_principals_signature_missing_is_refused(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    s.sign_all(desk, rid, skip=("principal",))
    with pytest.raises(DomainError) as refused:
        desk.close_review(rid, actor=OFFICER)
    assert refused.value.code == "signatures_missing"
    assert refused.value.details["slots"] == ["principal"]
    assert desk.get_review(rid)["status"] == "awaiting_signatures"


def test_closing_before_sending_is_refused(desk: ReviewDesk) -> None:
    rid = s.ready(desk)
    with pytest.raises(DomainError) as refused:
        desk.close_review(rid, actor=OFFICER)
    assert refused.value.code == "not_awaiting_signatures"


def test_editing_after_a_signature_voids_the_sign_off(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    s.sign_all(desk, rid)
    first = desk.get_review(rid)
    desk.write_aspect(rid, aspect="daily_conduct", text=s.SUBSTANTIVE + "补充。", actor=OFFICER)
    view = desk.get_review(rid)
    assert view["status"] == "investigating"
    assert view["signoff"] is None
    assert view["content_hash"] != first["content_hash"]
    with pytest.raises(DomainError) as refused:
        desk.close_review(rid, actor=OFFICER)
    assert refused.value.code == "not_awaiting_signatures"
    # The old sign-off is void in its own stream too, and refuses signatures.
    history = desk.history(rid)
    assert [e["event"] for e in history if e["stream"] == "signoff"][-1] == "Voided"


def test_the_old_signatures_do_not_carry_over_to_the_next_revision(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    s.sign_all(desk, rid)
    desk.write_aspect(
        rid, aspect="trigger_and_course", text=s.SUBSTANTIVE + "更正。", actor=OFFICER
    )
    desk.send_for_signature(rid, actor=OFFICER)
    view = desk.get_review(rid)
    assert view["report_revision"] == 2
    assert view["signoff"]["content_hash"] == view["content_hash"]
    assert all(slot["mark"] is None for slot in view["signoff"]["slots"])
    with pytest.raises(DomainError) as refused:
        desk.close_review(rid, actor=OFFICER)
    assert refused.value.code == "signatures_missing"


@pytest.mark.parametrize(
    "change",
    [
        lambda d, rid: d.appoint_member(
            rid,
            account_id=s.account_id_for("test.extra"),
            name="新增专家",
            party="expert",
            actor=OFFICER,
        ),
        lambda d, rid: d.remove_member(rid, account_id=s.MEMBERS["expert"], actor=OFFICER),
        lambda d, rid: d.designate_signatory(
            rid,
            role="principal",
            account_id=s.account_id_for("test.other"),
            name="新校长",
            actor=OFFICER,
        ),
        lambda d, rid: d.record_risk_point(rid, description="新的风险点", actor=OFFICER),
        lambda d, rid: d.correct_incident_date(
            rid, occurred_on="2026-11-17", reason="派出所出具的时间证明更正", actor=OFFICER
        ),
    ],
    ids=["member appointed", "member removed", "signatory replaced", "risk point", "date"],
)
def test_every_change_to_signed_content_voids_the_sign_off(
    desk: ReviewDesk, change: object
) -> None:
    rid = s.sent(desk)
    s.sign(desk, rid, "principal", s.SIGNATORIES["principal"])
    change(desk, rid)  # type: ignore[operator]
    assert desk.get_review(rid)["status"] == "investigating"


def test_revising_a_measure_voids_the_sign_off(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    measure = desk.get_review(rid)["measures"][0]
    desk.revise_measure(
        rid,
        measure_id=measure["id"],
        description=measure["description"],
        addresses=measure["addresses"],
        owner="另一责任部门",
        due_on=measure["due_on"],
        reason="责任部门调整",
        actor=OFFICER,
    )
    assert desk.get_review(rid)["status"] == "investigating"


def test_rewriting_an_aspect_with_the_same_text_changes_nothing(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    version = desk.get_review(rid)["version"]
    desk.write_aspect(rid, aspect="daily_conduct", text=s.SUBSTANTIVE, actor=OFFICER)
    view = desk.get_review(rid)
    assert (view["version"], view["status"]) == (version, "awaiting_signatures")


def test_measure_follow_up_voids_nothing(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    s.sign_all(desk, rid)
    measure_id = desk.get_review(rid)["measures"][0]["id"]
    desk.record_measure_progress(rid, measure_id=measure_id, note="已开始筛查复核", actor=OFFICER)
    desk.record_measure_taken(rid, measure_id=measure_id, evidence="筛查报告已归档", actor=OFFICER)
    view = desk.get_review(rid)
    assert view["status"] == "awaiting_signatures"
    assert view["signoff"]["complete"]
    desk.close_review(rid, actor=OFFICER)


def test_a_decline_voids_the_sign_off_and_returns_to_drafting(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    s.sign(desk, rid, "principal", s.SIGNATORIES["principal"])
    desk.decline(
        rid,
        slot="department_head",
        reason="风险点分析不充分",
        actor=s.SIGNATORIES["department_head"],
    )
    view = desk.get_review(rid)
    assert view["status"] == "investigating"
    assert view["signoff"] is None
    desk.send_for_signature(rid, actor=OFFICER)
    assert desk.get_review(rid)["report_revision"] == 2


def test_a_decline_needs_a_reason(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    with pytest.raises(DomainError) as refused:
        desk.decline(rid, slot="principal", reason="  ", actor=s.SIGNATORIES["principal"])
    assert refused.value.code == "invalid_input"
    assert desk.get_review(rid)["status"] == "awaiting_signatures"


def test_a_signature_records_who_and_when(desk: ReviewDesk, clock: SettableClock) -> None:
    rid = s.sent(desk)
    clock.advance(hours=2)
    s.sign(desk, rid, "principal", s.SIGNATORIES["principal"])
    slot = next(x for x in s.slots(desk, rid) if x["slot"] == "principal")
    assert UUID(slot["holder"]) == s.SIGNATORIES["principal"]
    assert slot["at"] == clock.now().isoformat()
