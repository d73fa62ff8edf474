"""Steps of a review, in primitives, shared by the tests. All data is synthetic."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.accounts import account_id_for
from application.desk import ReviewDesk

OFFICER = account_id_for("test.officer")
MEMBERS = {
    "school": account_id_for("test.school"),
    "education_department": account_id_for("test.bureau"),
    "police": account_id_for("test.police"),
    "expert": account_id_for("test.expert"),
}
SIGNATORIES = {
    "school_secretary": account_id_for("test.secretary"),
    "principal": account_id_for("test.principal"),
    "department_head": account_id_for("test.head"),
}
ASPECTS = ["daily_conduct", "family_and_parenting", "trigger_and_course", "risks_and_measures"]
SUBSTANTIVE = "该生平时表现良好，学习成绩中等，与同学关系融洽，事发前两周情绪有明显波动。"
STUDENT = {"name": "测试学生甲", "gender": "female", "grade_class": "初二（3）班"}
# A synthetic identity number: region 999999 does not exist; the check digit is valid.
SYNTHETIC_ID_NUMBER = "999999201203101004"


def register(desk: ReviewDesk, **overrides: Any) -> UUID:
    facts: dict[str, Any] = {
        "occurred_on": "2026-11-18",
        "school": "测试区第一中学",
        "jurisdiction": "测试区",
        "category": "suicide",
        "on_premises": False,
        "student": {**STUDENT, "id_number": SYNTHETIC_ID_NUMBER},
        "actor": OFFICER,
    }
    facts.update(overrides)
    return desk.register_incident(**facts)


def form_team(desk: ReviewDesk, rid: UUID, parties: list[str] | None = None) -> None:
    for party in parties if parties is not None else list(MEMBERS):
        desk.appoint_member(
            rid, account_id=MEMBERS[party], name=f"{party}成员", party=party, actor=OFFICER
        )


def designate(desk: ReviewDesk, rid: UUID, roles: list[str] | None = None) -> None:
    for role in roles if roles is not None else list(SIGNATORIES):
        desk.designate_signatory(
            rid, role=role, account_id=SIGNATORIES[role], name=f"{role}签字人", actor=OFFICER
        )


def write_aspects(desk: ReviewDesk, rid: UUID, text: str = SUBSTANTIVE) -> None:
    for aspect in ASPECTS:
        desk.write_aspect(rid, aspect=aspect, text=text, actor=MEMBERS["school"])


def risk_and_measure(desk: ReviewDesk, rid: UUID) -> tuple[UUID, UUID]:
    risk = desk.record_risk_point(rid, description="心理筛查结果未反馈班主任", actor=OFFICER)
    measure = desk.propose_measure(
        rid, description="筛查结果48小时内反馈", addresses=[risk], owner="心理中心",
        due_on="2026-12-31", actor=OFFICER,
    )  # fmt: skip
    return risk, measure


def ready(desk: ReviewDesk, **overrides: Any) -> UUID:
    """A review with everything its sending for signature needs."""
    rid = register(desk, **overrides)
    form_team(desk, rid)
    designate(desk, rid)
    write_aspects(desk, rid)
    risk_and_measure(desk, rid)
    return rid


def sent(desk: ReviewDesk, **overrides: Any) -> UUID:
    rid = ready(desk, **overrides)
    desk.send_for_signature(rid, actor=OFFICER)
    return rid


def slots(desk: ReviewDesk, rid: UUID) -> list[dict[str, Any]]:
    signoff = desk.get_review(rid)["signoff"]
    return list(signoff["slots"]) if signoff else []


def sign_all(desk: ReviewDesk, rid: UUID, *, skip: tuple[str, ...] = ()) -> None:
    for slot in slots(desk, rid):
        if slot["slot"] not in skip and slot["mark"] is None:
            desk.sign(rid, slot=slot["slot"], actor=UUID(slot["holder"]))


def closed(desk: ReviewDesk, **overrides: Any) -> UUID:
    rid = sent(desk, **overrides)
    sign_all(desk, rid)
    desk.close_review(rid, actor=OFFICER)
    return rid
