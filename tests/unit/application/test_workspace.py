"""The workspace: every method declares its policy once; what a principal may do now is the
policy intersected with what the review's state accepts (the domain's own guards)."""

from __future__ import annotations

import inspect
from uuid import UUID

import pytest

from application.accounts import account_id_for
from application.desk import ReviewDesk
from application.errors import AccessDenied, ReviewNotFound
from application.policy import Principal, possible
from application.workspace import Workspace
from application.workspace.base import REQUIRED
from domain.account import Role
from tests import scenario as s

# Methods with no single declared action, and why.
UNDECLARED = {
    "register_incident": "checks REGISTER_INCIDENT with the jurisdiction it is given",
    "change_own_password": "acts on the principal's own account only",
    "own_account": "reads the principal's own account only",
    "answer_notices": "acts on the principal's own account only",
    "my_contact": "reads the principal's own account only",
    "set_my_email": "acts on the principal's own account only",
    "confirm_my_email": "acts on the principal's own account only",
    "choose_my_delivery": "acts on the principal's own account only",
}


def test_every_public_workspace_method_declares_its_policy() -> None:
    methods = [n for n, m in inspect.getmembers(Workspace, inspect.isfunction) if n[0] != "_"]
    undeclared = {n for n in methods if not hasattr(getattr(Workspace, n), REQUIRED)}
    assert undeclared == set(UNDECLARED)
    assert len(methods) > 30


def officer(jurisdiction: str = "测试区") -> Principal:
    return Principal(
        account_id_for("ws.officer"),
        "ws.officer",
        "专员",
        Role.CASE_OFFICER,
        frozenset({jurisdiction}),
    )


def member() -> Principal:
    return Principal(s.MEMBERS["school"], "test.school", "学校成员", Role.INVESTIGATOR)


def test_a_review_outside_sight_is_not_found_and_a_forbidden_action_refused(
    desk: ReviewDesk,
) -> None:
    rid = s.ready(desk)
    with pytest.raises(ReviewNotFound):
        Workspace(desk, officer("另一区")).get_review(rid)
    with pytest.raises(AccessDenied):
        Workspace(desk, member()).send_for_signature(rid)
    with pytest.raises(AccessDenied):
        Workspace(desk, officer()).write_aspect(rid, aspect="daily_conduct", text="x")


def allowed(desk: ReviewDesk, who: Principal, rid: UUID) -> set[str]:
    return set(Workspace(desk, who).get_review(rid)["allowed"])


def test_what_one_may_do_now_follows_the_state(desk: ReviewDesk) -> None:
    rid = s.ready(desk)
    drafting = {
        "view_review",
        "amend_incident",
        "manage_team",
        "send_for_signature",
        "follow_up",
        "classify",
        "withdraw_registration",  # never sent yet
        "urge",
        "attach",
    }
    assert allowed(desk, officer(), rid) == drafting
    assert allowed(desk, member(), rid) == {
        "view_review",
        "write_report",
        "follow_up",
        "classify",
        "attach",
    }
    desk.send_for_signature(rid, actor=s.OFFICER)
    assert allowed(desk, officer(), rid) == {
        "view_review",
        "amend_incident",
        "manage_team",
        "follow_up",
        "classify",
        "urge",
        "attach",
        "record_paper_mark",
    }
    assert "sign" in allowed(desk, member(), rid)
    s.sign_all(desk, rid)
    assert "close" in allowed(desk, officer(), rid)
    desk.close_review(rid, actor=s.OFFICER)
    # Closed: attaching only evidence of a measure (the domain refuses anything else).
    assert allowed(desk, officer(), rid) == {
        "view_review",
        "open_correction",
        "follow_up",
        "classify",
        "attach",
    }
    assert allowed(desk, member(), rid) == {"view_review", "follow_up", "classify", "attach"}
    desk.erase_personal_data(rid, reason="依法删除个人信息", actor=s.OFFICER)
    assert allowed(desk, officer(), rid) == {"view_review"}


def test_the_past_is_read_only(desk: ReviewDesk) -> None:
    rid = s.ready(desk)
    assert Workspace(desk, officer()).get_review(rid, version=1)["allowed"] == []


def test_the_state_side_is_the_domains_own_guards(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    review = desk._get(rid, None)
    signoff = desk._signoff_for(review)
    assert "close" not in {a.value for a in possible(review, signoff)}
    s.sign_all(desk, rid)
    review = desk._get(rid, None)
    assert "close" in {a.value for a in possible(review, desk._signoff_for(review))}


@pytest.mark.stores("popo", "sqlite")
def test_every_stored_event_records_the_actor_as_an_id(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    text = s.SUBSTANTIVE
    desk.write_aspect(rid, aspect="daily_conduct", text=text, actor=str(s.OFFICER))  # type: ignore[arg-type]
    desk.record_risk_point(rid, description="风险", actor=str(s.OFFICER))  # type: ignore[arg-type]
    events = list(desk.events.get(rid))
    assert all(isinstance(e.actor, UUID) for e in events)
    assert events[-1].actor == s.OFFICER
