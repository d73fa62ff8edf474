"""Rule 5: a closed review's report never changes; only the listed acts remain."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from application.desk import ReviewDesk
from domain.errors import DomainError
from tests import scenario as s
from tests.scenario import OFFICER

Command = Callable[[ReviewDesk, Any, dict[str, Any]], Any]

REFUSED: dict[str, Command] = {
    "write_aspect": lambda d, rid, v: d.write_aspect(
        rid, aspect="daily_conduct", text=s.SUBSTANTIVE + "改", actor=OFFICER
    ),
    "appoint_member": lambda d, rid, v: d.appoint_member(
        rid, account_id=s.account_id_for("x"), name="某", party="expert", actor=OFFICER
    ),
    "remove_member": lambda d, rid, v: d.remove_member(
        rid, account_id=s.MEMBERS["expert"], actor=OFFICER
    ),
    "designate_signatory": lambda d, rid, v: d.designate_signatory(
        rid, role="principal", account_id=s.account_id_for("y"), name="某", actor=OFFICER
    ),
    "record_risk_point": lambda d, rid, v: d.record_risk_point(
        rid, description="新风险点", actor=OFFICER
    ),
    "revise_risk_point": lambda d, rid, v: d.revise_risk_point(
        rid,
        risk_point_id=v["risk_points"][0]["id"],
        description="改写",
        reason="描述不准确",
        actor=OFFICER,
    ),
    "withdraw_risk_point": lambda d, rid, v: d.withdraw_risk_point(
        rid, risk_point_id=v["risk_points"][0]["id"], reason="误记的风险点", actor=OFFICER
    ),
    "propose_measure": lambda d, rid, v: d.propose_measure(
        rid,
        description="新措施",
        addresses=[v["risk_points"][0]["id"]],
        owner="某处",
        due_on="2027-01-31",
        actor=OFFICER,
    ),
    "revise_measure": lambda d, rid, v: d.revise_measure(
        rid,
        measure_id=v["measures"][0]["id"],
        description="改",
        owner="某处",
        addresses=[v["risk_points"][0]["id"]],
        due_on="2027-01-31",
        reason="责任部门有误",
        actor=OFFICER,
    ),
    "withdraw_measure": lambda d, rid, v: d.withdraw_measure(
        rid, measure_id=v["measures"][0]["id"], reason="重复提出的措施", actor=OFFICER
    ),
    "correct_incident_date": lambda d, rid, v: d.correct_incident_date(
        rid, occurred_on="2026-11-17", reason="日期有误需更正", actor=OFFICER
    ),
    "amend_incident": lambda d, rid, v: d.amend_incident(
        rid,
        school="另一学校",
        jurisdiction="测试区",
        category="other",
        on_premises=True,
        student=s.STUDENT,
        reason="学校名称有误",
        actor=OFFICER,
    ),
    "send_for_signature": lambda d, rid, v: d.send_for_signature(rid, actor=OFFICER),
    "close_review": lambda d, rid, v: d.close_review(rid, actor=OFFICER),
    "sign": lambda d, rid, v: d.sign(
        rid, slot="principal", actor=s.SIGNATORIES["principal"], password=s.PASSWORD
    ),
    "decline": lambda d, rid, v: d.decline(
        rid, slot="principal", reason="不同意", actor=s.SIGNATORIES["principal"]
    ),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_every_command_on_a_closed_review_is_refused(desk: ReviewDesk, name: str) -> None:
    rid = s.closed(desk)
    before = desk.get_review(rid)
    with pytest.raises(DomainError) as refused:
        REFUSED[name](desk, rid, before)
    assert refused.value.code == "review_closed"
    after = desk.get_review(rid)
    assert (after["version"], after["content_hash"]) == (before["version"], before["content_hash"])


def test_measure_follow_up_is_still_recorded_on_a_closed_review(desk: ReviewDesk) -> None:
    rid = s.closed(desk)
    measure_id = desk.get_review(rid)["measures"][0]["id"]
    desk.record_measure_progress(rid, measure_id=measure_id, note="已开展全员筛查", actor=OFFICER)
    desk.record_measure_taken(rid, measure_id=measure_id, evidence="档案号 T-001", actor=OFFICER)
    view = desk.get_review(rid)
    measure = view["measures"][0]
    assert (view["status"], measure["status"], measure["evidence"]) == (
        "closed",
        "taken",
        "档案号 T-001",
    )
    assert view["signoff"]["complete"]


def test_a_measure_is_taken_once_and_needs_evidence(desk: ReviewDesk) -> None:
    rid = s.closed(desk)
    measure_id = desk.get_review(rid)["measures"][0]["id"]
    with pytest.raises(DomainError) as refused:
        desk.record_measure_taken(rid, measure_id=measure_id, evidence=" ", actor=OFFICER)
    assert refused.value.details["field"] == "evidence"
    desk.record_measure_taken(rid, measure_id=measure_id, evidence="档案号 T-002", actor=OFFICER)
    with pytest.raises(DomainError) as refused:
        desk.record_measure_taken(rid, measure_id=measure_id, evidence="再次", actor=OFFICER)
    assert refused.value.code == "measure_already_taken"


def test_a_correction_starts_a_new_revision_and_keeps_the_closed_one_in_history(
    desk: ReviewDesk,
) -> None:
    rid = s.closed(desk)
    closed = desk.get_review(rid)
    desk.open_correction(rid, reason="公安机关补充材料显示经过有误", actor=OFFICER)
    assert desk.get_review(rid)["status"] == "correcting"
    desk.write_aspect(rid, aspect="trigger_and_course", text=s.SUBSTANTIVE + "更正", actor=OFFICER)
    assert desk.get_review(rid)["status"] == "correcting"
    desk.send_for_signature(rid, actor=OFFICER)
    corrected = desk.get_review(rid)
    assert corrected["report_revision"] == 2
    assert all(slot["mark"] is None for slot in corrected["signoff"]["slots"])
    with pytest.raises(DomainError) as refused:
        desk.close_review(rid, actor=OFFICER)
    assert refused.value.code == "signatures_missing"
    s.sign_all(desk, rid)
    desk.close_review(rid, actor=OFFICER)
    # The closed revision is still there, exactly as it was.
    then = desk.get_review(rid, version=closed["version"])
    assert then["status"] == "closed"
    assert then["content_hash"] == closed["content_hash"]
    assert then["aspects"] == closed["aspects"]
    assert then["signoff"]["revision"] == 1
    assert then["signoff"]["complete"]


def test_a_correction_needs_a_reason_and_a_closed_review(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    with pytest.raises(DomainError) as refused:
        desk.open_correction(rid, reason="需要更正事件经过", actor=OFFICER)
    assert refused.value.code == "not_closed"
    s.sign_all(desk, rid)
    desk.close_review(rid, actor=OFFICER)
    with pytest.raises(DomainError) as refused:
        desk.open_correction(rid, reason="改", actor=OFFICER)
    assert refused.value.details["field"] == "reason"
