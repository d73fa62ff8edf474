"""One journey in a real browser: a case officer registers an incident and forms the team,
an investigator writes the report, the officer sends it for signature, and an officer of
another jurisdiction cannot open it."""

from __future__ import annotations

from typing import Any

from tests import scenario as s
from tests.e2e.conftest import PASSWORD, PEOPLE, shot

ASPECTS = ["daily_conduct", "family_and_parenting", "trigger_and_course", "risks_and_measures"]


def test_from_registration_to_signature(server: str, person: Any) -> None:
    officer = person("officer")
    assert "工作台" in officer.content()
    officer.click("text=登记事件")
    shot(officer, "register")
    officer.fill("#occurred_on", "2026-11-20")
    officer.select_option("#jurisdiction", "东湖区")
    officer.fill("#school", "东湖区第九中学")
    officer.select_option("#category", "drowning")
    officer.fill("#student-name", "测试学生戊")
    officer.select_option("#student-gender", "female")
    officer.fill("#student-grade", "初二（1）班")
    officer.click("button:has-text('登记')")
    officer.wait_for_load_state()
    assert "事件已登记" in officer.content()
    review_url = officer.url

    for username, party in (
        ("teacher", "school"),
        ("bureau", "education_department"),
        ("police", "police"),
        ("expert", "expert"),
    ):
        form = officer.locator("form[action$='/members']")
        form.locator("label", has_text=PEOPLE[username][2]).locator("input").check()
        form.locator("#party").select_option(party)
        form.locator("button").click()
        officer.wait_for_load_state()
    for username, role in (
        ("secretary", "school_secretary"),
        ("principal", "principal"),
        ("head", "department_head"),
    ):
        form = officer.locator("form[action$='/signatories']")
        form.locator("#role").select_option(role)
        form.locator("label", has_text=PEOPLE[username][2]).locator("input").check()
        form.locator("button").click()
        officer.wait_for_load_state()
    assert officer.locator(".party.missing").count() == 0, "all four parties covered"

    writer = person("teacher")
    writer.goto(f"{server}/tasks")
    shot(writer, "tasks")
    writer.click("text=东湖区第九中学")
    for aspect in ASPECTS:  # all four typed, then one save keeps all four
        writer.fill(f"#text-{aspect}", f"{aspect}：{s.SUBSTANTIVE}")
    writer.locator(f"#aspect-{ASPECTS[0]} button").click()
    writer.wait_for_load_state()
    for aspect in ASPECTS:
        assert writer.input_value(f"#text-{aspect}") == f"{aspect}：{s.SUBSTANTIVE}"
    writer.locator("form[action$='/risk-points'] #description").fill("放学后离校去向无人核实")
    writer.locator("form[action$='/risk-points'] input[name=themes]").first.check()
    writer.locator("form[action$='/risk-points'] button").click()
    writer.wait_for_load_state()
    measure = writer.locator("form[action$='/measures']")
    measure.locator("#measure-description").fill("建立离校去向核实与家长告知制度")
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

    # Every signatory reads and signs on the signing page; the head of the department seals.
    for username in ("teacher", "bureau", "police", "expert", "secretary", "principal", "head"):
        signer = person(username)
        signer.goto(f"{server}/tasks")
        signer.locator("section:has-text('待签字') a:has-text('东湖区第九中学')").click()
        signer.wait_for_load_state()
        assert "签字前请完整阅读" in signer.content()
        if username == "principal":
            shot(signer, "signing")
        if username == "head":
            signer.check("input[name=kind][value=seal]")
        signer.fill("#password", PASSWORD)
        signer.click("button:has-text('签署此修订版')")
        signer.wait_for_load_state()
        assert ("已盖章" if username == "head" else "已签字") in signer.content()
    officer.goto(review_url)
    officer.click("button:has-text('办结复盘')")
    officer.wait_for_load_state()
    assert "复盘已办结" in officer.content()
    assert "按期提交" in officer.content()

    inspector = person("inspector")
    inspector.goto(review_url + "/history")
    assert "时间线" in inspector.content()
    assert "有效" in inspector.content(), "the signatures verify"
    shot(inspector, "timeline")
    inspector.locator("a:has-text('v3')").first.click()
    inspector.wait_for_load_state()
    assert "只读" in inspector.content()
    assert "学生的日常表现情况" in inspector.content()
    inspector.goto(f"{server}/audit/integrity")
    assert "尚未核验" in inspector.content(), "a page view walks nothing"
    inspector.click("button:has-text('核验全部历史')")
    inspector.wait_for_load_state()
    for _ in range(100):  # the check runs in the background; the page follows it
        if "存储的记录没有被修改、删除或调换" in inspector.content():
            break
        inspector.wait_for_timeout(200)
        inspector.goto(f"{server}/audit/integrity")
    assert "存储的记录没有被修改、删除或调换" in inspector.content()
    shot(inspector, "integrity")
    officer.goto(review_url + "/print")
    officer.emulate_media(media="print")
    assert "此件不公开" in officer.content()
    shot(officer, "print")
    officer.emulate_media(media="screen")

    admin = person("admin")
    admin.goto(f"{server}/admin/accounts")
    shot(admin, "accounts")
    login = person("nobody")
    shot(login, "login")


def test_a_signatory_declines_with_a_reason_and_the_officer_sees_it(
    served: tuple[str, Any], person: Any
) -> None:
    server, desk = served
    from application.accounts import account_id_for

    rid = s.register(desk, school="东湖区第十中学", jurisdiction="东湖区")
    for username, party in (
        ("teacher", "school"),
        ("bureau", "education_department"),
        ("police", "police"),
        ("expert", "expert"),
    ):
        desk.appoint_member(
            rid, account_id=account_id_for(username), name=username, party=party, actor=s.OFFICER
        )
    for username, role in (
        ("secretary", "school_secretary"),
        ("principal", "principal"),
        ("head", "department_head"),
    ):
        desk.designate_signatory(
            rid, role=role, account_id=account_id_for(username), name=username, actor=s.OFFICER
        )
    s.write_aspects(desk, rid)
    s.risk_and_measure(desk, rid)
    desk.send_for_signature(rid, actor=s.OFFICER)

    principal = person("principal")
    principal.goto(f"{server}/reviews/{rid}/sign/principal")
    principal.fill("#reason", "第三部分与公安机关通报的时间不一致，请核实。")
    principal.click("button:has-text('拒签')")
    principal.wait_for_load_state()
    assert "您已拒签" in principal.content()

    officer = person("officer")
    officer.goto(f"{server}/reviews/{rid}")
    page = officer.content()
    assert "第三部分与公安机关通报的时间不一致" in page
    assert "调查中" in page
