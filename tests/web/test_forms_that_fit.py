"""Forms that fit the people using them (issue 14): reference data on the registration
form, people picked from a search, confirmations, closing offered at the top."""

from __future__ import annotations

import re
from typing import Any

from application.desk import ReviewDesk
from domain.reference import ReferenceEntry
from tests import scenario as s
from tests.web.conftest import account, own_review

ADMIN = account("admin")


def listed(desk: ReviewDesk) -> None:
    """测试区 and 另一区 are listed when their officers' accounts are created; schools too."""
    desk.add_reference(
        kind="school", code="T1", label="测试区第一中学", parent="测试区", actor=ADMIN
    )
    desk.add_reference(kind="school", code="O1", label="另一区中学", parent="另一区", actor=ADMIN)


def options(page: str, select: str) -> list[str]:
    found = re.search(rf'<select id="{select}".*?</select>', page, re.S)
    assert found, select
    return re.findall(r'<option value="([^"]*)"', found.group(0))


def test_the_form_offers_the_officers_jurisdictions_and_their_schools_and_preselects_nothing(
    as_user: Any, desk: ReviewDesk
) -> None:
    listed(desk)
    page = as_user("officer").get("/reviews/new").text
    assert options(page, "jurisdiction") == ["", "测试区"]
    assert "测试区第一中学" in page
    assert "另一区中学" not in page
    # nothing chosen for the officer: 请选择 for the category and the gender
    assert options(page, "category")[0] == ""
    assert re.search(r'<option value="" selected>请选择</option>', page)
    assert not re.search(r'value="suicide" selected', page)
    assert not re.search(r'value="female" selected', page)
    city = as_user("officer.city").get("/reviews/new").text
    assert options(city, "jurisdiction") == ["", "另一区", "测试区"]


def test_an_out_of_scope_post_is_refused_with_the_reason_and_keeps_the_text(
    as_user: Any, desk: ReviewDesk
) -> None:
    listed(desk)
    b = as_user("officer")
    b.get("/reviews/new")
    typed = {
        "occurred_on": "2026-11-19",
        "school": "另一区中学",
        "jurisdiction": "另一区",
        "category": "drowning",
        "student.name": "测试学生乙",
        "student.grade": "初一（2）班",
    }
    response = b.post("/reviews", typed)
    assert response.status_code == 403
    assert "不在您负责的属地范围内" in response.text
    assert 'value="初一（2）班"' in response.text
    assert 'value="测试学生乙"' in response.text
    assert desk.review_ids() == []


def test_a_missing_category_names_the_field_and_a_new_school_joins_the_list(
    as_user: Any, desk: ReviewDesk
) -> None:
    listed(desk)
    b = as_user("officer")
    b.get("/reviews/new")
    typed = {
        "occurred_on": "2026-11-19",
        "school": "测试区新建学校",
        "jurisdiction": "测试区",
        "student.name": "测试学生丙",
    }
    refused = b.post("/reviews", typed)
    assert refused.status_code == 422
    assert 'id="category-error"' in refused.text
    assert 'value="测试区新建学校"' in refused.text
    assert b.post("/reviews", {**typed, "category": "other"}).status_code == 302
    schools = desk.reference_entries("school")
    added = [r for r in schools if r.label == "测试区新建学校"]
    assert [(r.parent, r.active) for r in added] == [("测试区", True)]
    assert [e["event"] for e in desk.reference_history(added[0].entry_id)] == ["Added"]


def test_the_api_validates_the_jurisdiction_and_lists_a_new_school(
    api: Any, desk: ReviewDesk
) -> None:
    officer = api("officer.city")
    incident = {
        "occurred_on": "2026-11-19",
        "school": "未登记学校",
        "jurisdiction": "不存在区",
        "category": "other",
        "student": {"name": "测试学生丁"},
    }
    unlisted = officer.call("POST", "/reviews", {"incident": incident})
    assert unlisted.status_code == 422
    assert "jurisdiction" in unlisted.json["errors"]
    fine = officer.call("POST", "/reviews", {"incident": {**incident, "jurisdiction": "测试区"}})
    assert fine.status_code == 201
    assert "未登记学校" in [r.label for r in desk.reference_entries("school")]


def test_the_people_search_returns_at_most_20_eligible_accounts_and_nothing_to_others(
    as_user: Any, api: Any, desk: ReviewDesk
) -> None:
    for n in range(25):
        desk.create_account(
            username=f"teacher{n}",
            display_name=f"教师{n:02d}",
            role="investigator",
            password=s.PASSWORD,
            unit="测试区第一中学",
            actor=ADMIN,
        )
    desk.disable_account(account("teacher0"), actor=ADMIN)
    found = api("officer").call("GET", "/people?q=测试区第一").json["people"]
    assert len(found) == 20
    assert {tuple(p) for p in found} == {("account_id", "display_name", "unit")}
    assert "教师00" not in [p["display_name"] for p in found]
    names = [p["display_name"] for p in api("officer").call("GET", "/people?q=").json["people"]]
    assert "督导甲" not in names  # an inspector is not picked for a team
    assert "测试区案件专员" not in names
    assert api("investigator").call("GET", "/people?q=教师").status_code == 403
    rid = own_review(desk)
    page = as_user("officer").post(f"/reviews/{rid}/people", {"q": "教师1"}).text
    assert page.count('name="account" value=') == 2 * 10  # both pickers: 教师10 to 教师19
    assert "（测试区第一中学）" in page
    assert as_user("investigator").post(f"/reviews/{rid}/people", {"q": "x"}).status_code == 403


def test_a_signatory_appointed_as_an_investigator_is_asked_for_first(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = s.register(desk)
    b = as_user("officer")
    page = b.get(f"/reviews/{rid}").text
    assert page.count(f'value="{account("signatory")}"') == 2  # offered in both pickers
    picked = {"form_name": "member", "account": str(account("signatory")), "party": "school"}
    asked = b.post(f"/reviews/{rid}/members", picked)
    assert asked.status_code == 422
    assert "这是签字人账户" in asked.text
    assert 'name="confirm_signatory"' in asked.text
    assert desk.get_review(rid)["team"] == []
    assert (
        b.post(f"/reviews/{rid}/members", {**picked, "confirm_signatory": "true"}).status_code
        == 302
    )
    assert [m["name"] for m in desk.get_review(rid)["team"]] == ["签字人甲"]


def test_removing_sending_and_closing_ask_for_confirmation(as_user: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    b = as_user("officer")
    page = b.get(f"/reviews/{rid}").text
    assert page.count("data-confirm=") >= 5  # one per member, and sending
    assert "四个方面由复盘组成员填写。" in page
    member = str(s.MEMBERS["police"])
    asked = b.post(f"/reviews/{rid}/members/remove", {"account_id": member})
    assert "确定将该成员移出复盘组吗" in asked.text
    assert len(desk.get_review(rid)["team"]) == 4
    # the confirmation page posts the same form again, confirmed
    assert f'name="account_id" value="{member}"' in asked.text
    investigator = as_user("investigator").get(f"/reviews/{rid}").text
    assert "已可送签" not in investigator
    assert "由案件专员送签" in investigator


def test_a_fully_signed_review_says_so_at_the_top_and_offers_closing_there(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = s.sent(desk)
    s.sign_all(desk, rid)
    page = as_user("officer").get(f"/reviews/{rid}").text
    top = page.split('id="incident"')[0]
    assert "已全部签字，待办结" in top
    assert "所有签字栏均已签字或盖章，可以办结。" in top
    assert "办结复盘" in top
    assert "栏未签" not in top


def test_the_administrator_keeps_the_reference_data_and_lands_on_administration(
    as_user: Any, desk: ReviewDesk
) -> None:
    b = as_user("admin")
    assert b.get("/").headers["Location"].endswith("/admin/accounts")
    page = b.get("/admin/reference").text
    assert "测试区" in page
    assert (
        b.post(
            "/admin/reference", {"kind": "jurisdiction", "code": "新区", "label": "新区"}
        ).status_code
        == 302
    )
    again = b.post("/admin/reference", {"kind": "jurisdiction", "code": "新区", "label": "重复"})
    assert again.status_code == 422
    assert "该类别下已有相同代码的条目" in again.text
    entry = ReferenceEntry.create_id("jurisdiction", "测试区")
    assert b.post(f"/admin/reference/{entry}/label", {"label": "测试区（改）"}).status_code == 302
    assert b.post(f"/admin/reference/{entry}/deactivate").status_code == 302
    history = b.get(f"/admin/reference?entry={entry}").text
    for name in ("新增条目", "名称变更", "停用"):
        assert name in history
    assert options(as_user("officer.city").get("/reviews/new").text, "jurisdiction") == [
        "",
        "另一区",
        "新区",
    ]
    assert (
        b.post(f"/admin/accounts/{account('investigator')}/unit", {"unit": "市某中学"}).status_code
        == 302
    )
    assert "市某中学" in b.get("/admin/accounts").text


def test_a_correction_offers_the_list_and_refuses_an_unlisted_or_out_of_scope_place(
    as_user: Any, desk: ReviewDesk
) -> None:
    listed(desk)
    rid = s.register(desk)
    b = as_user("officer")
    page = b.get(f"/reviews/{rid}").text
    assert options(page, "fix-jurisdiction") == ["测试区"]
    fix = {"form_name": "incident", "reason": "属地填错，予以更正"}
    outside = b.post(f"/reviews/{rid}/incident", {**fix, "jurisdiction": "另一区"})
    assert outside.status_code == 403
    assert "不在您负责的属地范围内" in outside.text
    assert "属地填错，予以更正" in outside.text
    city = as_user("officer.city")
    city.get(f"/reviews/{rid}")
    unlisted = city.post(f"/reviews/{rid}/incident", {**fix, "jurisdiction": "不存在区"})
    assert unlisted.status_code == 422
    assert "不在名录中" in unlisted.text
    assert desk.get_review(rid)["incident"]["jurisdiction"] == "测试区"
