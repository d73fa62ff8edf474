"""Rules 1 and 3: what a report needs before it can go to signature."""

from __future__ import annotations

import pytest

from application.desk import ReviewDesk
from domain.errors import DomainError
from tests import scenario as s
from tests.conftest import DeskFactory
from tests.scenario import OFFICER


def refused_code(desk: ReviewDesk, rid: object) -> str:
    before = desk.get_review(rid)["version"]
    with pytest.raises(DomainError) as refused:
        desk.send_for_signature(rid, actor=OFFICER)
    assert desk.get_review(rid)["version"] == before, "a refused command changes nothing"
    return refused.value.code


def test_a_complete_review_goes_to_signature_with_one_slot_per_investigator_and_three_fixed(
    desk: ReviewDesk,
) -> None:
    rid = s.ready(desk)
    desk.send_for_signature(rid, actor=OFFICER)
    view = desk.get_review(rid)
    assert view["status"] == "awaiting_signatures"
    assert view["report_revision"] == 1
    signoff = view["signoff"]
    assert signoff["content_hash"] == view["content_hash"]
    keys = [slot["slot"] for slot in signoff["slots"]]
    assert sorted(keys[:4]) == sorted(f"investigator:{m}" for m in s.MEMBERS.values())
    assert keys[4:] == ["school_secretary", "principal", "department_head"]


def test_an_aspect_never_written_blocks_sending(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    s.form_team(desk, rid)
    s.designate(desk, rid)
    s.risk_and_measure(desk, rid)
    for aspect in s.ASPECTS[:3]:
        desk.write_aspect(rid, aspect=aspect, text=s.SUBSTANTIVE, actor=OFFICER)
    assert refused_code(desk, rid) == "aspects_incomplete"


@pytest.mark.parametrize("blank", ["", "   ", "\n\t "])
def test_a_blank_aspect_is_refused_naming_the_field(desk: ReviewDesk, blank: str) -> None:
    rid = s.ready(desk)
    before = desk.get_review(rid)["version"]
    with pytest.raises(DomainError) as refused:
        desk.write_aspect(rid, aspect="family_and_parenting", text=blank, actor=OFFICER)
    assert (refused.value.code, refused.value.details["fields"]) == ("invalid_input", ["text"])
    assert desk.get_review(rid)["version"] == before


@pytest.mark.parametrize(
    "placeholder",
    ["暂无", "待补充", "同上", "TBD", "N/A", "无无无无无无无无无无无无无无无无无无无无无"],
)
def test_a_placeholder_aspect_blocks_sending(desk: ReviewDesk, placeholder: str) -> None:
    rid = s.ready(desk)
    desk.write_aspect(rid, aspect="daily_conduct", text=placeholder, actor=OFFICER)
    assert refused_code(desk, rid) == "aspects_incomplete"


def test_a_short_aspect_blocks_sending_and_the_minimum_is_configurable(
    make_desk: DeskFactory,
) -> None:
    short = "家长长期在外务工，沟通少。"
    strict = make_desk()
    rid = s.ready(strict)
    strict.write_aspect(rid, aspect="family_and_parenting", text=short, actor=OFFICER)
    assert refused_code(strict, rid) == "aspects_incomplete"

    lenient = make_desk(environ={"FUPAN_MIN_ASPECT_CHARS": "10"})
    rid = s.ready(lenient)
    lenient.write_aspect(rid, aspect="family_and_parenting", text=short, actor=OFFICER)
    lenient.send_for_signature(rid, actor=OFFICER)


def test_without_a_risk_point_sending_is_refused(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    s.form_team(desk, rid)
    s.designate(desk, rid)
    s.write_aspects(desk, rid)
    assert refused_code(desk, rid) == "risk_points_missing"


def test_without_a_measure_addressing_a_risk_point_sending_is_refused(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    s.form_team(desk, rid)
    s.designate(desk, rid)
    s.write_aspects(desk, rid)
    desk.record_risk_point(rid, description="台账更新滞后", actor=OFFICER)
    assert refused_code(desk, rid) == "measures_missing"


@pytest.mark.parametrize("missing", list(s.MEMBERS))
def test_a_team_without_one_of_the_four_parties_cannot_send(desk: ReviewDesk, missing: str) -> None:
    rid = s.register(desk)
    s.form_team(desk, rid, [p for p in s.MEMBERS if p != missing])
    s.designate(desk, rid)
    s.write_aspects(desk, rid)
    s.risk_and_measure(desk, rid)
    with pytest.raises(DomainError) as refused:
        desk.send_for_signature(rid, actor=OFFICER)
    assert refused.value.code == "team_incomplete"
    assert refused.value.details["blockers"][0]["parties"] == [missing]


@pytest.mark.parametrize("missing", list(s.SIGNATORIES))
def test_each_fixed_signatory_must_be_designated(desk: ReviewDesk, missing: str) -> None:
    rid = s.register(desk)
    s.form_team(desk, rid)
    s.designate(desk, rid, [r for r in s.SIGNATORIES if r != missing])
    s.write_aspects(desk, rid)
    s.risk_and_measure(desk, rid)
    assert refused_code(desk, rid) == "signatories_missing"


def test_the_review_lists_every_blocker_at_once(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    codes = [b["code"] for b in desk.get_review(rid)["blockers"]]
    assert codes == [
        "aspects_incomplete",
        "risk_points_missing",
        "measures_missing",
        "team_incomplete",
        "signatories_missing",
    ]


def test_one_person_may_hold_two_fixed_slots(desk: ReviewDesk) -> None:
    rid = s.ready(desk)
    same = s.SIGNATORIES["principal"]
    desk.designate_signatory(
        rid, role="school_secretary", account_id=same, name="书记兼校长", actor=OFFICER
    )
    desk.send_for_signature(rid, actor=OFFICER)
    holders = {slot["slot"]: slot["holder"] for slot in s.slots(desk, rid)}
    assert holders["school_secretary"] == holders["principal"] == str(same)
    s.sign(desk, rid, "school_secretary", same)
    s.sign(desk, rid, "principal", same)


def test_sending_twice_is_refused(desk: ReviewDesk) -> None:
    rid = s.sent(desk)
    assert refused_code(desk, rid) == "already_sent"
