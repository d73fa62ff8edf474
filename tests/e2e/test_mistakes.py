"""A journey that makes and corrects mistakes, as a hurried team would, in a real browser:
a wrong incident date corrected, a registration made twice and withdrawn by two officers, a
wrong risk point revised and another withdrawn, text typed and almost left behind."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from application.accounts import account_id_for
from tests import scenario as s
from tests.e2e.conftest import shot

ASPECTS = ["daily_conduct", "family_and_parenting", "trigger_and_course", "risks_and_measures"]


def register(page: Any, server: str, date: str) -> None:
    page.goto(f"{server}/reviews/new")
    page.fill("#occurred_on", date)
    page.select_option("#jurisdiction", "东湖区")
    page.fill("#school", "东湖区第十一中学")
    page.select_option("#category", "accident")
    page.fill("#student-name", "测试学生癸")
    page.fill("#student-grade", "初一（3）班")
    page.click("button:has-text('登记')")
    page.wait_for_load_state()


def test_mistakes_are_made_and_corrected_before_closing(
    served: tuple[str, Any], person: Any
) -> None:
    server, desk = served
    officer = person("officer")

    # A wrong date, then the same form sent again (back and resubmit): a warning, not a copy.
    register(officer, server, "2026-11-19")
    first = officer.url
    register(officer, server, "2026-11-19")
    assert "已有同一学校、同一事件日期、同一学生的复盘" in officer.content()
    assert officer.input_value("#student-name") == "测试学生癸", "the form is kept"
    shot(officer, "duplicate-warning")
    # In a hurry, the officer registers it anyway; the twin is then withdrawn by two officers.
    officer.check("input[name=confirm_duplicate]")
    officer.click("button:has-text('登记')")
    officer.wait_for_load_state()
    twin = officer.url
    assert twin != first
    officer.click("text=申请撤销")
    officer.fill("#withdraw-duplicate_of", first.rsplit("/", 1)[-1])
    officer.click("form[action$='/withdraw'] button")
    officer.wait_for_load_state()
    assert "正等待另一名案件专员确认" in officer.content()
    city = person("officer.city")
    city.goto(twin)
    city.click("button:has-text('确认撤销')")
    city.wait_for_load_state()
    assert "此登记已撤销" in city.content()
    shot(city, "withdrawn")

    # The date was wrong: corrected with a reason; the page says where the due date goes.
    officer.goto(first)
    officer.click("text=更正事件信息")
    officer.fill("#fix-occurred_on", "2026-11-18")
    assert "2026-12-02" in officer.text_content("#fix-due")
    officer.fill("#fix-reason", "报案记录核对后，事件日期应为11月18日")
    officer.click("form[action$='/incident'] button")
    officer.wait_for_load_state()
    assert "事件信息已更正" in officer.content()
    assert "2026年12月2日" in officer.content()

    rid = UUID(first.rsplit("/", 1)[-1])
    for username, party in (
        ("teacher", "school"),
        ("bureau", "education_department"),
        ("police", "police"),
        ("expert", "expert"),
    ):
        desk.appoint_member(
            rid,
            account_id=account_id_for(username),
            name=username,
            party=party,
            actor=account_id_for("officer"),
        )
    for username, role in (
        ("secretary", "school_secretary"),
        ("principal", "principal"),
        ("head", "department_head"),
    ):
        desk.designate_signatory(
            rid,
            role=role,
            account_id=account_id_for(username),
            name=username,
            actor=account_id_for("officer"),
        )

    # Text typed and almost left behind: the page asks before leaving.
    writer = person("teacher")
    writer.goto(first)
    writer.fill("#text-daily_conduct", "尚未保存的文字")
    asked: list[str] = []
    writer.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    writer.close(run_before_unload=True)
    writer.wait_for_timeout(300)
    assert asked == ["beforeunload"]

    writer = person("teacher")
    writer.goto(first)
    for aspect in ASPECTS:
        writer.fill(f"#text-{aspect}", f"{aspect}：{s.SUBSTANTIVE}")
    writer.locator("#aspect-daily_conduct button").click()
    writer.wait_for_load_state()
    for description in ("家校沟通记录不全", "与本事件无关的误记风险点"):
        writer.locator("form[action$='/risk-points'] #description").fill(description)
        writer.locator("form[action$='/risk-points'] input[name=themes]").first.check()
        writer.locator("form[action$='/risk-points'] button").click()
        writer.wait_for_load_state()
    items = writer.locator("#risks ol > li")
    items.nth(0).locator("summary", has_text="更正或撤回").click()
    items.nth(0).locator("textarea[name=description]").fill(
        "家校沟通记录不全，家长未被告知情绪变化"
    )
    items.nth(0).locator("textarea[name=reason]").fill("补充风险点的具体表现")
    items.nth(0).locator("form[action$='/revise'] button").click()
    writer.wait_for_load_state()
    items = writer.locator("#risks ol > li")
    items.nth(1).locator("summary", has_text="更正或撤回").click()
    items.nth(1).locator("input[name=reason]").fill("与本事件无关，误记")
    items.nth(1).locator("form[action$='/withdraw'] button").click()
    writer.wait_for_load_state()
    assert "风险点已撤回" in writer.content()
    measure = writer.locator("form[action$='/measures']")
    measure.locator("#measure-description").fill("每周向家长反馈学生在校情绪变化")
    measure.locator("input[name=addresses]").first.check()
    measure.locator("#owner").fill("学校德育处")
    measure.locator("#due_on").fill("2027-01-31")
    measure.locator("button").click()
    writer.wait_for_load_state()
    shot(writer, "corrected-review")

    history = person("inspector")
    history.goto(first + "/history")
    page = history.content()
    for reason in ("报案记录核对后", "补充风险点的具体表现", "与本事件无关，误记"):
        assert reason in page
    shot(history, "corrections-history")

    officer.goto(first)
    officer.click("button:has-text('将此修订版送签')")
    officer.wait_for_load_state()
    assert "报告已送签" in officer.content()
    for slot in s.slots(desk, rid):
        desk.sign(
            rid, slot=slot["slot"], actor=UUID(slot["holder"]), password="journey-passphrase-2026"
        )
    officer.goto(first)
    if officer.locator("#late_reason").count():  # past the due date when this runs late
        officer.fill("#late_reason", "公安机关调查结论出具较晚")
    officer.click("button:has-text('办结复盘')")
    officer.wait_for_load_state()
    assert "复盘已办结" in officer.content()
    shot(officer, "closed-after-corrections")
