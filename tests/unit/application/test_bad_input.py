"""Bad input gets an error naming the field and the reason, and changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from application.desk import ReviewDesk
from domain.errors import DomainError
from tests import scenario as s


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"category": "murder"}, "category"),
        ({"occurred_on": "2026-13-01"}, "occurred_on"),
        ({"occurred_on": "2026-11-21"}, "occurred_on"),  # tomorrow in Shanghai
        ({"school": "  "}, "school"),
        ({"jurisdiction": ""}, "jurisdiction"),
        ({"on_premises": "yes"}, "on_premises"),
        ({"student": {"name": "", "gender": "female"}}, "student.name"),
        ({"student": {"name": "某", "gender": "x"}}, "student.gender"),
        ({"student": {"name": "某", "gender": "male", "id_number": "12345"}}, "student.id_number"),
        (
            {"student": {"name": "某", "gender": "male", "id_number": "999999201203101005"}},
            "student.id_number",
        ),
        ({"school": "校" * 201}, "school"),
        ({"actor": "not-an-id"}, "actor"),
    ],
)
def test_registering_with_bad_input_names_the_field(
    desk: ReviewDesk, override: dict[str, Any], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        s.register(desk, **override)
    assert refused.value.code == "invalid_input"
    assert refused.value.details["field"] == field
    assert desk.list_reviews() == []


def test_an_unknown_party_or_aspect_is_refused(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    with pytest.raises(DomainError) as refused:
        desk.appoint_member(rid, account_id=s.OFFICER, name="某", party="army", actor=s.OFFICER)
    assert refused.value.details["field"] == "party"
    with pytest.raises(DomainError) as refused:
        desk.write_aspect(rid, aspect="weather", text=s.SUBSTANTIVE, actor=s.OFFICER)
    assert refused.value.details["field"] == "aspect"
    assert desk.get_review(rid)["version"] == 1


def test_a_measure_must_address_an_existing_risk_point(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    with pytest.raises(DomainError) as refused:
        desk.propose_measure(
            rid,
            description="措施",
            addresses=[],
            owner="某处",
            due_on="2026-12-31",
            actor=s.OFFICER,
        )
    assert refused.value.details["field"] == "addresses"
    with pytest.raises(DomainError) as refused:
        desk.propose_measure(
            rid,
            description="措施",
            addresses=[s.OFFICER],
            owner="某处",
            due_on="2026-12-31",
            actor=s.OFFICER,
        )
    assert refused.value.code == "unknown_risk_point"


def test_a_risk_point_in_use_cannot_be_withdrawn(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    risk, measure = s.risk_and_measure(desk, rid)
    with pytest.raises(DomainError) as refused:
        desk.withdraw_risk_point(rid, risk_point_id=risk, reason="误记的风险点", actor=s.OFFICER)
    assert refused.value.code == "risk_point_in_use"
    desk.withdraw_measure(rid, measure_id=measure, reason="重复提出的措施", actor=s.OFFICER)
    desk.withdraw_risk_point(rid, risk_point_id=risk, reason="误记的风险点", actor=s.OFFICER)
    assert desk.get_review(rid)["risk_points"] == []


def test_appointing_the_same_member_twice_is_refused(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    s.form_team(desk, rid, ["police"])
    with pytest.raises(DomainError) as refused:
        s.form_team(desk, rid, ["police"])
    assert refused.value.code == "already_member"


def test_a_stale_expected_version_is_a_conflict_and_changes_nothing(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    desk.write_aspect(
        rid, aspect="daily_conduct", text="第一稿", actor=s.OFFICER, expected_version=1
    )
    with pytest.raises(DomainError) as refused:
        desk.write_aspect(
            rid, aspect="daily_conduct", text="另一人的稿", actor=s.OFFICER, expected_version=1
        )
    assert refused.value.code == "conflict"
    assert desk.get_review(rid)["aspects"]["daily_conduct"]["text"] == "第一稿"
