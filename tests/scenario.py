"""Steps of a review, in primitives, shared by the tests. All data is synthetic."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.accounts import account_id_for
from application.desk import ReviewDesk
from application.errors import AccountNotFound
from domain.reference import STARTER_THEMES

OFFICER = account_id_for("test.officer")
PASSWORD = "test-passphrase-2026"
MEMBER_NAMES = {
    "school": "test.school",
    "education_department": "test.bureau",
    "police": "test.police",
    "expert": "test.expert",
}
SIGNATORY_NAMES = {
    "school_secretary": "test.secretary",
    "principal": "test.principal",
    "department_head": "test.head",
}
MEMBERS = {party: account_id_for(name) for party, name in MEMBER_NAMES.items()}
SIGNATORIES = {role: account_id_for(name) for role, name in SIGNATORY_NAMES.items()}
USERNAMES = {
    **{account_id_for(n): n for n in MEMBER_NAMES.values()},
    **{account_id_for(n): n for n in SIGNATORY_NAMES.values()},
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
        # Tests register the same synthetic incident many times, on purpose.
        "confirm_duplicate": True,
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


THEME = "心理健康筛查与干预"
# The themes the issue names (kept by city-wide officers as reference data).
THEMES = STARTER_THEMES


def ensure_theme(desk: ReviewDesk, code: str = THEME) -> str:
    """A theme in the reference list (kept by city-wide officers; synthetic here)."""
    desk.ensure_reference(kind="theme", code=code, label=code, actor=OFFICER, source="test")
    return code


def risk_and_measure(desk: ReviewDesk, rid: UUID) -> tuple[UUID, UUID]:
    risk = desk.record_risk_point(
        rid, description="心理筛查结果未反馈班主任", actor=OFFICER, themes=[ensure_theme(desk)]
    ).id
    measure = desk.propose_measure(
        rid,
        description="筛查结果48小时内反馈",
        addresses=[risk],
        owner="心理中心",
        due_on="2026-12-31",
        actor=OFFICER,
    )
    return risk, measure.id


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


def ensure_account(desk: ReviewDesk, account_id: UUID) -> None:
    """The synthetic person behind a member or signatory id gets an account (and keys)."""
    try:
        desk.get_account(account_id)
    except AccountNotFound:
        username = USERNAMES[account_id]
        role = "signatory" if username in SIGNATORY_NAMES.values() else "investigator"
        desk.create_account(
            username=username, display_name=username, role=role, password=PASSWORD, actor=OFFICER
        )


def sign(desk: ReviewDesk, rid: UUID, slot: str, holder: UUID, *, seal: bool = False) -> int:
    """Sign (or seal) a slot as ``holder``, with their password."""
    if holder in USERNAMES:
        ensure_account(desk, holder)
    mark = desk.seal if seal else desk.sign
    return mark(rid, slot=slot, actor=holder, password=PASSWORD)


def sign_all(desk: ReviewDesk, rid: UUID, *, skip: tuple[str, ...] = ()) -> None:
    for slot in slots(desk, rid):
        if slot["slot"] not in skip and slot["mark"] is None:
            sign(desk, rid, slot["slot"], UUID(slot["holder"]))


def closed(desk: ReviewDesk, **overrides: Any) -> UUID:
    rid = sent(desk, **overrides)
    sign_all(desk, rid)
    desk.close_review(rid, actor=OFFICER)
    return rid


def raw_events(desk: ReviewDesk) -> list[str]:
    """Every stored event's state as text, as someone reading the database would see it."""
    return [
        bytes(n.state).decode("utf-8", "replace")
        for n in desk.recorder.select_notifications(1, 1_000_000)
    ]


def forge_signature(
    desk: ReviewDesk, rid: UUID, slot: str, holder: UUID, key_id: str, password: str = PASSWORD
) -> None:
    """What a forger holding an old (revoked) key and its password, with write access to the
    store, would add: a signature made now with that key, bypassing the desk's checks."""
    from domain.account import Account
    from domain.signoff import SignOff
    from domain.values import Mark, SignatureProof

    sealed = next(
        e.sealed_private_key
        for e in desk.events.get(holder)
        if isinstance(e, Account.SigningKeyIssued) and e.key_id == key_id
    )
    view = desk.get_review(rid)["signoff"]
    assert view is not None
    signoff = desk.repository.get(UUID(view["id"]))
    assert isinstance(signoff, SignOff)
    now = desk.clock.now()
    payload = signoff.payload_for(
        slot=slot,
        signer=holder,
        mark=Mark.SIGNATURE,
        key_id=key_id,
        signed_at=now,
        chain_head=desk.store.chain_head(),
    )
    signature = desk.signing_keys.sign(sealed, password, holder, payload.encode("utf-8"))
    signoff.sign(slot, holder, now, SignatureProof(payload, signature.hex(), key_id))
    desk.save(signoff)
