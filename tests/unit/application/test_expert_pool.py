"""The expert pool (专家库, issue 21): kept by city-wide officers as reference data with
details; the picker offers only active members serving the review's jurisdiction (or the
whole city), by speciality, with how many open reviews each already serves."""

from __future__ import annotations

import pytest

from application.accounts import account_id_for
from application.desk import ReviewDesk
from application.errors import AccessDenied
from application.policy import Principal
from application.workspace import Workspace
from domain.account import Role
from domain.errors import InvalidValue
from domain.reference import EVERYWHERE, ReferenceEntry
from tests import scenario as s

CITY = Principal(account_id_for("c.city"), "c.city", "市级", Role.CASE_OFFICER, city_wide=True)
COUNTY = Principal(
    account_id_for("c.east"), "c.east", "区级", Role.CASE_OFFICER, frozenset({"测试区"})
)


def pool(desk: ReviewDesk) -> Workspace:
    for place in ("测试区", "另一区"):
        desk.ensure_reference(
            kind="jurisdiction", code=place, label=place, actor=s.OFFICER, source="test"
        )
    desk.create_account(
        username="pool.wang",
        display_name="王某",
        role="investigator",
        password=s.PASSWORD,
        actor=s.OFFICER,
    )
    space = Workspace(desk, CITY)
    space.add_expert(
        code="E01",
        name="王某",
        unit="市精神卫生中心",
        specialities=["精神卫生"],
        jurisdictions=["测试区"],
        account="pool.wang",
    )
    space.add_expert(
        code="E02", name="李某", unit="律所", specialities=["法律"], jurisdictions=["另一区"]
    )
    space.add_expert(
        code="E03",
        name="赵某",
        unit="大学",
        specialities=["心理咨询", "精神卫生"],
        jurisdictions=[EVERYWHERE],
    )
    return space


def test_the_picker_offers_only_members_serving_the_jurisdiction(desk: ReviewDesk) -> None:
    space = pool(desk)
    rid = s.register(desk)  # 测试区
    offered = space.expert_choices(rid)
    assert [c.code for c in offered] == ["E01", "E03"]  # E02 serves 另一区 only
    assert [c.code for c in space.expert_choices(rid, speciality="心理咨询")] == ["E03"]
    assert [c.code for c in space.expert_choices(rid, speciality="法律")] == []
    other = s.register(desk, jurisdiction="另一区", school="另一区中学")
    assert [c.code for c in space.expert_choices(other)] == ["E02", "E03"]
    desk.deactivate_reference(ReferenceEntry.create_id("expert", "E03"), actor=s.OFFICER)
    assert [c.code for c in space.expert_choices(rid)] == ["E01"]
    # a county officer picks for their own reviews only
    assert [c.code for c in Workspace(desk, COUNTY).expert_choices(rid)] == ["E01"]


def test_the_picker_shows_each_experts_open_reviews(desk: ReviewDesk) -> None:
    space = pool(desk)
    wang = account_id_for("pool.wang")
    first = s.register(desk)
    assert space.expert_choices(first)[0].open_reviews == 0
    assert space.expert_choices(first)[0].account_id == wang
    for _ in range(2):
        rid = s.register(desk)
        desk.appoint_member(rid, account_id=wang, name="王某", party="expert", actor=s.OFFICER)
    choices = {c.code: c for c in space.expert_choices(first)}
    assert choices["E01"].open_reviews == 2
    assert choices["E03"].account_id is None  # no account yet
    assert choices["E03"].open_reviews == 0
    # least loaded first
    assert [c.code for c in space.expert_choices(first)] == ["E03", "E01"]


def test_only_city_wide_officers_keep_the_pool_and_details_are_checked(
    desk: ReviewDesk,
) -> None:
    space = pool(desk)
    with pytest.raises(AccessDenied):
        Workspace(desk, COUNTY).add_expert(
            code="E09", name="某", specialities=["法律"], jurisdictions=["测试区"]
        )
    with pytest.raises(InvalidValue) as refused:
        space.add_expert(code="E10", name="某", specialities=[], jurisdictions=["测试区"])
    assert refused.value.details["field"] == "specialities"
    with pytest.raises(InvalidValue) as refused:
        space.add_expert(code="E11", name="某", specialities=["法律"], jurisdictions=["无此区"])
    assert refused.value.details["field"] == "jurisdictions"
    entry = ReferenceEntry.create_id("expert", "E02")
    space.describe_expert(entry, unit="律所", specialities=["法律"], jurisdictions=["测试区"])
    assert [e["event"] for e in desk.reference_history(entry)] == [
        "Added",
        "Described",
        "Described",
    ]
