"""One journey in a real browser: a case officer registers an incident and forms the team,
an investigator writes the report, the officer sends it for signature, and an officer of
another jurisdiction cannot open it."""

from __future__ import annotations

from typing import Any

from tests import scenario as s
from tests.e2e.conftest import shot

ASPECTS = ["daily_conduct", "family_and_parenting", "trigger_and_course", "risks_and_measures"]


def test_from_registration_to_signature(server: str, person: Any) -> None:
    officer = person("officer")
    assert "工作台" in officer.content()
    officer.click("text=登记事件")
    shot(officer, "register")
    officer.fill("#occurred_on", "2026-11-20")
    officer.fill("#school", "东湖区第九中学")
    officer.fill("#jurisdiction", "东湖区")
    officer.select_option("#category", "drowning")
    officer.fill("#student_name", "测试学生戊")
    officer.select_option("#student_gender", "female")
    officer.fill("#grade_class", "初二（1）班")
    officer.click("button:has-text('登记')")
    officer.wait_for_load_state()
    assert "事件已登记" in officer.content()
    review_url = officer.url

    for username, party in (("teacher", "school"), ("bureau", "education_department"),
                            ("police", "police"), ("expert", "expert")):  # fmt: skip
        form = officer.locator("form[action$='/members']")
        form.locator("#username").fill(username)
        form.locator("#party").select_option(party)
        form.locator("button").click()
        officer.wait_for_load_state()
    for username, role in (("secretary", "school_secretary"), ("principal", "principal"),
                           ("head", "department_head")):  # fmt: skip
        form = officer.locator("form[action$='/signatories']")
        form.locator("#role").select_option(role)
        form.locator("#username").fill(username)
        form.locator("button").click()
        officer.wait_for_load_state()
    assert officer.locator(".party.missing").count() == 0, "all four parties covered"

    writer = person("teacher")
    writer.goto(f"{server}/tasks")
    shot(writer, "tasks")
    writer.click("text=东湖区第九中学")
    for aspect in ASPECTS:
        writer.fill(f"#text-{aspect}", f"{aspect}：{s.SUBSTANTIVE}")
        writer.locator(f"#aspect-{aspect} button").click()
        writer.wait_for_load_state()
    writer.locator("form[action$='/risk-points'] #description").fill("放学后离校去向无人核实")
    writer.locator("form[action$='/risk-points'] button").click()
    writer.wait_for_load_state()
    measure = writer.locator("form[action$='/measures']")
    measure.locator("#description").fill("建立离校去向核实与家长告知制度")
    measure.locator("input[name=addresses]").first.check()
    measure.locator("#owner").fill("学校德育处")
    measure.locator("#due_on").fill("2027-01-31")
    measure.locator("button").click()
    writer.wait_for_load_state()
    assert "防范措施已提出" in writer.content()

    officer.goto(review_url)
    assert "已可送签" in officer.content()
    officer.click("button:has-text('将此修订版送签')")
    officer.wait_for_load_state()
    assert "报告已送签" in officer.content()
    shot(officer, "review")
    officer.goto(server)
    shot(officer, "dashboard")

    other = person("officer.west")
    response = other.goto(review_url)
    assert response.status == 404
    assert "东湖区第九中学" not in other.content()
    other.goto(server)
    assert "东湖区第九中学" not in other.content()

    admin = person("admin")
    admin.goto(f"{server}/admin/accounts")
    shot(admin, "accounts")
    login = person("nobody")
    shot(login, "login")
