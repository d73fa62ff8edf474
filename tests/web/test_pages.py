"""The bureau's and the investigators' pages, and how they refuse."""

from __future__ import annotations

import re
from typing import Any

from application.desk import ReviewDesk
from tests import scenario as s
from tests.web.conftest import PASSWORD, Browser, account, other_review, own_review

INCIDENT = {
    "occurred_on": "2026-11-18",
    "school": "测试区第三中学",
    "jurisdiction": "测试区",
    "category": "drowning",
    "student.name": "测试学生丁",
    "student.gender": "male",
    "student.grade": "初一（2）班",
    "student.id_number": "",
}


def test_an_officer_registers_an_incident_and_lands_on_its_review(as_user: Any) -> None:
    b = as_user("officer")
    b.get("/reviews/new")
    response = b.post("/reviews", INCIDENT)
    assert response.status_code == 302
    page = b.get(response.headers["Location"]).text
    assert "测试区第三中学" in page
    assert "2026年12月2日" in page, "due date: incident + 14 days"
    assert "事件已登记" in page


def test_bad_input_is_shown_next_to_the_field_in_chinese_and_kept(as_user: Any) -> None:
    b = as_user("officer")
    b.get("/reviews/new")
    response = b.post("/reviews", {**INCIDENT, "occurred_on": "2026-02-30", "school": ""})
    assert response.status_code == 422
    page = response.text
    assert re.search(r'id="occurred_on-error">须为日期', page)
    assert re.search(r'id="school-error">必填', page)
    assert 'value="测试学生丁"' in page, "what the user typed is kept"


def test_an_officer_cannot_register_in_another_jurisdiction(as_user: Any, desk: ReviewDesk) -> None:
    b = as_user("officer")
    b.get("/reviews/new")
    response = b.post("/reviews", {**INCIDENT, "jurisdiction": "另一区"})
    assert response.status_code == 403
    assert desk.list_reviews() == []


def test_the_review_page_shows_what_blocks_closing_with_links(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = s.register(desk)
    page = as_user("officer").get(f"/reviews/{rid}").text
    assert "送签前尚需" in page
    for anchor in ("#aspects", "#risks", "#team"):
        assert f'href="{anchor}"' in page
    assert "公安机关 — 缺" in page


def test_the_team_is_formed_from_the_review_page(as_user: Any, desk: ReviewDesk) -> None:
    rid = s.register(desk)
    b = as_user("officer")
    b.get(f"/reviews/{rid}")
    assert (
        b.post(
            f"/reviews/{rid}/members", {"account": "investigator", "party": "police"}
        ).status_code
        == 302
    )
    assert (
        b.post(
            f"/reviews/{rid}/signatories", {"account": "signatory", "role": "principal"}
        ).status_code
        == 302
    )
    view = desk.get_review(rid)
    assert [m["party"] for m in view["team"]] == ["police"]
    assert view["signatories"]["principal"]["account_id"] == str(account("signatory"))
    refused = b.post(
        f"/reviews/{rid}/members",
        {"account": "officer.other", "party": "school", "form_name": "member"},
    )
    assert refused.status_code == 422
    assert "须为调查人员或签字人账户" in refused.text


def test_an_investigator_writes_an_aspect_a_risk_point_and_a_measure(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    b = as_user("investigator")
    b.get(f"/reviews/{rid}")
    text = "调查发现：" + s.SUBSTANTIVE
    assert (
        b.post(f"/reviews/{rid}/aspects", {"aspects.daily_conduct.text": text}).status_code == 302
    )
    assert (
        b.post(f"/reviews/{rid}/risk-points", {"description": "放学后去向无人核实"}).status_code
        == 302
    )
    risk = desk.get_review(rid)["risk_points"][-1]["id"]
    assert (
        b.post(
            f"/reviews/{rid}/measures",
            {
                "description": "建立离校去向核实制度",
                "addresses": risk,
                "owner": "德育处",
                "due_on": "2027-01-15",
            },
        ).status_code
        == 302
    )
    view = desk.get_review(rid)
    assert view["aspects"]["daily_conduct"]["text"] == text
    assert view["measures"][-1]["description"] == "建立离校去向核实制度"


def test_a_stale_form_is_a_conflict_that_keeps_the_text(as_user: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    b = as_user("investigator")
    version = desk.get_review(rid)["version"]
    desk.record_risk_point(rid, description="他人记录的风险点", actor=s.OFFICER)
    b.get(f"/reviews/{rid}")
    mine = "我的风险点：放学后去向无人核实"
    response = b.post(
        f"/reviews/{rid}/risk-points",
        {"description": mine, "expected_version": str(version), "form_name": "risk"},
    )
    assert response.status_code == 409
    assert "其他人已修改了此内容" in response.text
    assert mine in response.text, "what the user typed is not lost"
    assert [r["description"] for r in desk.get_review(rid)["risk_points"]][-1] == "他人记录的风险点"


def test_sending_an_incomplete_report_is_refused_and_says_why(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = s.register(desk)
    b = as_user("officer")
    b.get(f"/reviews/{rid}")
    response = b.post(f"/reviews/{rid}/send", {})
    assert response.status_code == 422
    assert "“四个方面”中有内容尚不充分的项目" in response.text
    assert "复盘组须涵盖" in response.text


def test_the_officer_sends_a_complete_report_after_confirming(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    b = as_user("officer")
    b.get(f"/reviews/{rid}")
    asked = b.post(f"/reviews/{rid}/send", {})
    assert asked.status_code == 200
    assert "确定将此修订版送签吗" in asked.text
    assert 'name="confirmed" value="true"' in asked.text
    assert desk.get_review(rid)["status"] == "investigating"
    assert b.post(f"/reviews/{rid}/send", {"confirmed": "true"}).status_code == 302
    assert desk.get_review(rid)["status"] == "awaiting_signatures"
    assert "待签字" in b.get(f"/reviews/{rid}").text


def test_another_jurisdictions_officer_gets_not_found(as_user: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    assert as_user("officer.other").get(f"/reviews/{rid}").status_code == 404
    assert as_user("officer.other").get("/reviews/not-an-id").status_code == 404
    assert "测试区" not in as_user("officer.other").get("/").text


def test_personal_data_is_shown_on_request_and_the_access_recorded(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    b = as_user("officer")
    page = b.get(f"/reviews/{rid}").text
    assert s.STUDENT["name"] not in page
    assert s.SYNTHETIC_ID_NUMBER not in page
    revealed = b.post(f"/reviews/{rid}/personal-data").text
    assert s.STUDENT["name"] in revealed
    assert s.SYNTHETIC_ID_NUMBER in revealed
    records = access_records(desk, rid)
    assert ("personal_data", str(account("officer"))) in records
    assert ("review", str(account("officer"))) in records


def test_my_tasks_show_what_waits_on_each_person(as_user: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    desk.write_aspect(rid, aspect="trigger_and_course", text="待补充", actor=s.OFFICER)
    page = as_user("investigator").get("/tasks").text
    assert "极端事件的直接诱因和主要过程" in page
    desk.write_aspect(rid, aspect="trigger_and_course", text=s.SUBSTANTIVE, actor=s.OFFICER)
    desk.send_for_signature(rid, actor=s.OFFICER)
    assert "校长" in as_user("signatory").get("/tasks").text


def test_the_dashboard_counts_and_flags(as_user: Any, desk: ReviewDesk) -> None:
    s.register(desk)
    own_review(desk)
    other_review(desk)
    page = as_user("inspector").get("/").text
    assert "测试区" in page
    assert "另一区" in page
    officer_page = as_user("officer").get("/?status=registered").text
    assert len(re.findall(r'href="/reviews/[0-9a-f-]{36}"', officer_page)) == 1


def test_the_dashboard_shows_a_closed_review_beside_open_ones(
    as_user: Any, desk: ReviewDesk
) -> None:
    closed = s.closed(desk)
    s.register(desk)
    page = as_user("officer").get("/")
    assert page.status_code == 200
    assert f'href="/reviews/{closed}"' in page.text


def approve_pending(as_user: Any, desk: ReviewDesk) -> Any:
    """The second administrator approves the newest pending request from the admin page."""
    [pending] = [r for r in desk.account_requests() if r["status"] == "pending"]
    second = as_user("admin.second")
    second.get("/admin/accounts")
    return second.post(f"/admin/requests/{pending['id']}/approve")


def test_an_administrator_asks_to_open_an_account_and_sees_no_case_content(
    as_user: Any, browser: Browser, desk: ReviewDesk
) -> None:
    own_review(desk)
    b = as_user("admin")
    b.get("/admin/accounts")
    response = b.post(
        "/admin/accounts",
        {
            "username": "new.officer",
            "display_name": "新专员",
            "role": "case_officer",
            "jurisdictions": "测试区，另一区",
        },
    )
    assert response.status_code == 302
    page = b.get("/admin/accounts").text
    assert "new.officer" in page
    assert "待批准" in page
    assert "由另一名管理员批准" in page, "the requester has no approve button"
    approved = approve_pending(as_user, desk)
    assert approved.status_code == 200
    assert "启用码" in approved.text
    code = re.search(r'<p class="code"[^>]*>([A-Z0-9-]{14})</p>', approved.text)
    assert code, approved.text
    weak = browser.get("/enrol") and browser.post(
        "/enrol",
        {
            "username": "new.officer",
            "code": code.group(1),
            "password": "password1",
            "confirm": "password1",
        },
    )
    assert weak.status_code == 422
    assert "过于常见" in weak.text
    enrolled = browser.post(
        "/enrol",
        {
            "username": "new.officer",
            "code": code.group(1),
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert enrolled.status_code == 302
    assert desk.get_account(account("new.officer"))["jurisdictions"] == ["测试区", "另一区"]
    assert browser.login("new.officer").status_code == 302
    assert b.get("/").headers["Location"].endswith("/admin/accounts"), "no case content"


def access_records(desk: ReviewDesk, review_id: Any) -> list[tuple[str, str]]:
    return [(r["what"], r["actor"]) for r in desk.access_records(review_id)]


def test_a_scope_change_takes_effect_on_the_next_request(as_user: Any, desk: ReviewDesk) -> None:
    rid = other_review(desk)
    officer = as_user("officer")
    assert officer.get(f"/reviews/{rid}").status_code == 404
    admin = as_user("admin")
    admin.get(f"/admin/accounts/{account('officer')}")
    assert (
        admin.post(
            f"/admin/accounts/{account('officer')}/role",
            {"role": "case_officer", "jurisdictions": "测试区，另一区"},
        ).status_code
        == 302
    )
    assert officer.get(f"/reviews/{rid}").status_code == 404, "widening waits for approval"
    assert approve_pending(as_user, desk).status_code == 302
    assert officer.get(f"/reviews/{rid}").status_code == 200
    history = [h["event"] for h in desk.account_history(account("officer"))]
    assert history[-1] == "ScopeChanged"


def test_the_header_names_the_role_once(as_user: Any, desk: ReviewDesk) -> None:
    """A display name that already says the role (林某（市教育局案件专员）) is not followed
    by it again; one that does not is."""
    desk.create_account(
        username="named.officer",
        display_name="林某（市教育局案件专员）",
        role="case_officer",
        password=PASSWORD,
        city_wide=True,
        actor=s.OFFICER,
    )
    header = as_user("named.officer").get("/").text
    assert "林某（市教育局案件专员）</a>" in header
    assert "（案件专员）</a>" not in header
    assert "督导甲（教育督导）</a>" in as_user("inspector").get("/").text
