"""Issue 14 in a real browser: the registration form offers the officer's jurisdictions and
their schools (and refuses a forged out-of-scope post, keeping the text); people are picked
from a search; removing, sending and closing ask first; a fully signed review offers closing
at its top; an investigator is never shown a "ready to send" without a button; the
administrator keeps the reference data and the units. Screenshots also go to /tmp/shots-14/."""

from __future__ import annotations

import re
import shutil
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

from application.accounts import account_id_for
from domain.deadline import CHINA
from tests import scenario as s
from tests.e2e.conftest import ARTIFACTS, PASSWORD, a_complete_review, shot

SHOTS = Path("/tmp/shots-14")
OFFICER = account_id_for("officer")


def snap(page: Any, name: str) -> None:
    shot(page, name)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(ARTIFACTS / f"{name}.png", SHOTS / f"{name}.png")


def test_the_officer_registers_from_the_lists_and_a_forged_post_keeps_the_text(
    served: tuple[str, Any], person: Any
) -> None:
    server, desk = served
    officer = person("officer")
    officer.goto(f"{server}/reviews/new")
    assert officer.input_value("#jurisdiction") == "东湖区", "the sole jurisdiction"
    assert officer.locator("#jurisdiction option").count() == 2  # 请选择 and 东湖区
    assert officer.input_value("#category") == "", "nothing preselected"
    assert officer.input_value("#student-gender") == ""
    snap(officer, "14-register-form")

    # A forged post for another jurisdiction: refused, with the reason, nothing lost.
    officer.evaluate(
        "() => { const s = document.getElementById('jurisdiction');"
        " s.add(new Option('西山区', '西山区')); s.value = '西山区'; }"
    )
    officer.fill("#occurred_on", "2026-11-22")
    officer.fill("#school", "西山区滨河小学")
    officer.select_option("#category", "drowning")
    officer.fill("#student-name", "测试学生丑")
    officer.fill("#student-grade", "初二（4）班")
    officer.click("button:has-text('登记')")
    officer.wait_for_load_state()
    assert "不在您负责的属地范围内" in officer.content()
    assert officer.input_value("#student-name") == "测试学生丑"
    assert officer.input_value("#student-grade") == "初二（4）班"
    snap(officer, "14-register-out-of-scope")

    # Corrected, and double-clicked in a hurry: one registration.
    officer.select_option("#jurisdiction", "东湖区")
    officer.fill("#school", "东湖区实验小学")
    officer.dblclick("button:has-text('登记')")
    officer.wait_for_url(re.compile(r"/reviews/[0-9a-f-]{36}$"))
    assert "事件已登记" in officer.content()
    found = [
        r for r in desk.review_ids() if desk.get_review(r)["incident"]["school"] == "东湖区实验小学"
    ]
    assert len(found) == 1


def test_people_are_picked_from_a_search_and_the_risky_steps_ask_first(
    served: tuple[str, Any], person: Any
) -> None:
    server, desk = served
    rid = desk.register_incident(
        occurred_on="2026-11-22",
        school="东湖区第七中学",
        jurisdiction="东湖区",
        category="other",
        on_premises=False,
        student={"name": "测试学生寅"},
        actor=OFFICER,
        confirm_duplicate=True,
    )
    officer = person("officer")
    officer.goto(f"{server}/reviews/{rid}")
    assert "四个方面由复盘组成员填写" in officer.content()
    officer.fill("#people-q", "第七中学")
    officer.click("form.people-search button")
    officer.wait_for_load_state()
    member = officer.locator("form[action$='/members']")
    assert member.locator("input[name=account]").count() == 3  # teacher, secretary, principal
    snap(officer, "14-team-picker")
    member.locator("label", has_text="吴某（学校）").locator("input").check()
    member.locator("#party").select_option("school")
    member.locator("button:has-text('增加')").click()
    officer.wait_for_load_state()
    assert "成员已增加" in officer.content()

    # A signatory's account as an investigator: asked first.
    member = officer.locator("form[action$='/members']")
    member.locator("label", has_text="杨某（校长）").locator("input").check()
    member.locator("#party").select_option("expert")
    member.locator("button:has-text('增加')").click()
    officer.wait_for_load_state()
    assert "这是签字人账户" in officer.content()
    snap(officer, "14-confirm-signatory")
    member = officer.locator("form[action$='/members']")
    member.locator("label", has_text="杨某（校长）").locator("input").check()
    member.locator("input[name=confirm_signatory]").check()
    member.locator("button:has-text('增加')").click()
    officer.wait_for_load_state()
    assert len(desk.get_review(rid)["team"]) == 2

    # Removing asks (the browser's dialog, accepted): the principal leaves the team.
    asked: list[str] = []
    officer.on("dialog", lambda dialog: asked.append(dialog.message))
    officer.locator("tr:has-text('杨某') button:has-text('移除')").click()
    officer.wait_for_load_state()
    assert asked
    assert "移出复盘组" in asked[0]
    assert "成员已移除" in officer.content()
    assert len(desk.get_review(rid)["team"]) == 1


def test_a_fully_signed_review_offers_closing_at_its_top(
    served: tuple[str, Any], person: Any
) -> None:
    server, desk = served
    ready = a_complete_review(desk, "东湖区第七中学", send=False)
    writer = person("teacher")
    writer.goto(f"{server}/reviews/{ready}")
    assert "已可送签" not in writer.content()
    assert "由案件专员送签" in writer.content()
    snap(writer, "14-investigator-ready")

    rid = a_complete_review(desk, "东湖区实验小学", send=True)
    writer.goto(f"{server}/tasks")
    assert "调查人员（学校）" in writer.content()
    snap(writer, "14-investigator-tasks")
    signer = person("principal")
    signer.goto(f"{server}/reviews/{rid}")
    signer.click("a:has-text('阅读并签字')")
    signer.wait_for_load_state()
    signer.fill("#password", PASSWORD)
    signer.click("button:has-text('签署此修订版')")
    signer.wait_for_load_state()
    assert "已签字" in signer.content()
    for slot in s.slots(desk, rid):
        if slot["mark"] is None:
            desk.sign(rid, slot=slot["slot"], actor=UUID(slot["holder"]), password=PASSWORD)
    signer.goto(f"{server}/reviews/{rid}")
    snap(signer, "14-signatory-fully-signed")

    officer = person("officer")
    officer.goto(f"{server}/reviews/{rid}")
    top = officer.locator(".blockers")
    assert "可以办结" in top.inner_text()
    assert "已全部签字，待办结" in officer.content()
    snap(officer, "14-review-fully-signed")
    top.locator("button:has-text('办结复盘')").click()
    officer.wait_for_load_state()
    assert "复盘已办结" in officer.content()
    officer.goto(server)
    assert "标记（已含在上方各状态中" in officer.content()
    snap(officer, "14-dashboard")

    inspector = person("inspector")
    inspector.goto(f"{server}/reviews/{rid}/history")
    assert inspector.locator("input#at[type=datetime-local]").count() == 1
    snap(inspector, "14-history")
    at = datetime.now(CHINA) + timedelta(minutes=1)  # typed the Chinese way
    inspector.goto(f"{server}/reviews/{rid}/as-of?at={at:%Y}年{at.month}月{at.day}日 {at:%H:%M}")
    assert "只读" in inspector.content()
    inspector.goto(f"{server}/reviews/{rid}/as-of?at=昨天")
    assert "时间线" in inspector.content()
    snap(inspector, "14-as-of-refused")


def test_the_administrator_keeps_the_lists_and_the_units(
    served: tuple[str, Any], person: Any
) -> None:
    server, desk = served
    admin = person("admin")
    assert admin.url.endswith("/admin/accounts"), "the administrator lands on the accounts"
    admin.click("nav >> text=基础名录")
    admin.wait_for_load_state()
    form = admin.locator("form#add, section#add form")
    form.locator("#kind").select_option("school")
    form.locator("#label").fill("东湖区新城小学")
    form.locator("#code").fill("DH-NEW")
    form.locator("#parent").select_option("东湖区")
    form.locator("button:has-text('添加')").dblclick()
    admin.wait_for_url(re.compile(r"/admin/reference#school$"))
    assert "条目已新增" in admin.content()
    assert "东湖区新城小学" in [r.label for r in desk.reference_entries("school")]
    snap(admin, "14-reference-list")
    admin.locator("tr:has-text('东湖区新城小学') a").click()
    admin.wait_for_load_state()
    admin.locator("#entry #label").fill("东湖区新城实验小学")
    admin.locator("#entry button:has-text('改名')").click()
    admin.wait_for_load_state()
    admin.locator("#entry button:has-text('停用')").click()
    admin.wait_for_load_state()
    assert "条目已停用" in admin.content()
    history = admin.locator("#entry table").inner_text()
    for name in ("新增条目", "名称变更", "停用"):
        assert name in history
    snap(admin, "14-reference-entry")

    admin.goto(f"{server}/admin/accounts/{account_id_for('bureau')}")
    admin.fill("#unit", "东湖区教育局安全科")
    admin.click("button:has-text('保存单位')")
    admin.wait_for_load_state()
    assert "单位已保存" in admin.content()
    snap(admin, "14-admin-account")
    officer = person("officer")
    officer.goto(f"{server}/reviews/new")
    assert "东湖区新城实验小学" not in officer.content(), "a deactivated school is not offered"


def test_without_script_the_server_asks_before_removing(
    served: tuple[str, Any], chromium: Any
) -> None:
    server, desk = served
    rid = a_complete_review(desk, "东湖区实验小学", send=False)
    context = chromium.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN", java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto(f"{server}/login")
        page.fill("#username", "officer")
        page.fill("#password", PASSWORD)
        page.click("form[action='/login'] button[type=submit]")
        page.goto(f"{server}/reviews/{rid}")
        page.locator("tr:has-text('police') button:has-text('移除')").click()
        page.wait_for_load_state()
        assert "确定将该成员移出复盘组吗" in page.content()
        assert len(desk.get_review(rid)["team"]) == 4, "nothing changed yet"
        snap(page, "14-confirm-without-script")
        page.click("button:has-text('确认，继续')")
        page.wait_for_load_state()
        assert "成员已移除" in page.content()
        assert len(desk.get_review(rid)["team"]) == 3
    finally:
        context.close()
