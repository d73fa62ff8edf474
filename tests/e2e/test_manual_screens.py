"""The user manual's screenshots (docs/zh/操作手册.md): each role's main journey in a real
browser, on the demo's synthetic data (web.demo.populate), saved under
test-artifacts/screenshots/manual/; ``make manual-screens`` copies them to docs/zh/images/.

Every name in SCREENS is taken once, and the manual shows exactly these (tests/unit/
test_user_manual.py), so the two cannot drift. Viewport-sized (1366×768) or one section of
a page: no full-page images. Personal data is shown unmasked only where the manual explains
showing it.
"""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from werkzeug.serving import make_server

from domain.deadline import CHINA
from infrastructure.clock import SettableClock
from tests.e2e.conftest import ARTIFACTS
from web import create_app, demo
from web.app import desk as desk_of

SHOTS = ARTIFACTS / "manual"
# Every screenshot the manual shows, in the order the journey takes them.
SCREENS = (
    "login",
    "enrol",
    "header",
    "officer-dashboard",
    "officer-dashboard-list",
    "officer-register",
    "officer-review-new",
    "officer-team",
    "officer-reveal",
    "officer-correct-incident",
    "member-tasks",
    "member-aspects",
    "member-risks",
    "officer-send",
    "officer-urge",
    "signatory-notifications",
    "signatory-read",
    "signatory-panel",
    "signatory-signed",
    "signatory-changes",
    "officer-declined",
    "officer-close-late",
    "officer-correction",
    "member-followup",
    "inspector-dashboard",
    "inspector-history",
    "inspector-signatures",
    "inspector-as-of",
    "inspector-diff",
    "inspector-access",
    "inspector-integrity",
    "print",
    "officer-work-list",
    "county-work-list-item",
)
OFFICER = demo.OFFICER
NEW_SCHOOL = "西山区第二中学"
LIST = "section.card:has(form[aria-label='筛选'])"  # the dashboard's filters and list
STUDENT = "郑某某"  # the student registered in the browser (synthetic)
ID_NUMBER = re.compile(r"(?<![0-9a-fA-F])\d{17}[\dX](?![0-9a-fA-F])")  # not in a hash
# Personal data is shown unmasked only where the manual explains showing it (what is typed
# into the registration form is in its fields, not in the page's text).
UNMASKED = {"officer-reveal"}


class RunningClock(SettableClock):
    """Put where the demo's scenarios need it, then running on from there like a wall clock
    (so what the browser does later has its own moments)."""

    def __init__(self, at: datetime) -> None:
        super().__init__(at)
        self._since = time.monotonic()

    def now(self) -> datetime:
        return self.at + timedelta(seconds=time.monotonic() - self._since)

    def set(self, at: datetime) -> None:
        self.at = at
        self._since = time.monotonic()

    def advance(self, **delta: float) -> datetime:
        self.at += timedelta(**delta)
        return self.now()


def the_review(desk: Any, school: str) -> UUID:
    return next(r for r in desk.review_ids() if desk.get_review(r)["incident"]["school"] == school)


def more_than_the_demo(desk: Any, clock: RunningClock, today: date) -> None:
    """Two states the demo stops short of: an overdue review fully signed (closing asks why
    it is late), and a correction sent for signature again (the signing page shows what
    changed since the revision the signatory signed)."""
    overdue = the_review(desk, "高新功能区实验中学")
    clock.set(demo.at(today - timedelta(days=9), 10))
    desk.send_for_signature(overdue, actor=OFFICER)
    for slot in desk.get_review(overdue)["signoff"]["slots"]:
        clock.advance(hours=5)
        desk.sign(
            overdue, slot=slot["slot"], actor=UUID(slot["holder"]), password=demo.DEMO_PASSWORD
        )
    corrected = the_review(desk, "市第一高级中学")
    clock.set(demo.at(today - timedelta(days=4), 10))
    desk.send_for_signature(corrected, actor=OFFICER)
    clock.set(datetime.now(CHINA))
    desk.make_notifications()
    desk.make_reminders()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """This module's own server: the demo's people and reviews only."""
    folder = tmp_path_factory.mktemp("manual")
    today = datetime.now(CHINA).date()
    clock = RunningClock(demo.at(today, 9))
    environ = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(folder / "var")}
    app = create_app({"environ": environ, "CLOCK": clock})
    desk = desk_of(app)
    demo.populate(desk, clock, today)
    more_than_the_demo(desk, clock, today)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", desk
    httpd.shutdown()
    desk.close()


@pytest.fixture
def visitor(server: str, chromium: Any) -> Iterator[Callable[[str | None], Any]]:
    """Pages signed in as a demo account (None: not signed in), one browser context each."""
    contexts = []

    def open_as(username: str | None) -> Any:
        context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.on("dialog", lambda dialog: dialog.accept() if dialog.type == "confirm" else None)
        page.goto(f"{server}/login")
        if username is not None:
            page.fill("#username", username)
            page.fill("#password", demo.DEMO_PASSWORD)
            page.click("form[action='/login'] button[type=submit]")
            page.wait_for_load_state()
        return page

    yield open_as
    for context in contexts:
        context.close()


taken: list[str] = []


def screen(page: Any, name: str, section: str | None = None) -> None:
    """The viewport, or one section of the page (a CSS selector), as NAME.png."""
    assert name in SCREENS, f"{name} is not one of the manual's screens"
    assert name not in taken, f"{name} taken twice"
    assert "系统出现错误" not in page.content()
    if name not in UNMASKED:
        shown = page.locator("body").inner_text()
        assert not ID_NUMBER.search(shown), f"{name} shows an identity number"
        assert STUDENT not in shown, f"{name} shows the student's name"
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = str(SHOTS / f"{name}.png")
    if section is None:
        page.screenshot(path=path)
    else:
        page.locator(section).first.screenshot(path=path)
    taken.append(name)


def go(page: Any, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url


def test_every_role_walks_through_its_chapter(served: tuple[str, Any], visitor: Any) -> None:
    server, desk = served
    shutil.rmtree(SHOTS, ignore_errors=True)
    taken.clear()
    introduction(server, visitor)
    new = officer_registers_and_forms_the_team(server, visitor)
    member_writes_the_report(server, visitor, new)
    officer_sends_and_urges(server, visitor, new)
    signatory_reads_and_signs(server, desk, visitor, new)
    officer_closes_late_and_opens_a_correction(server, desk, visitor, new)
    member_follows_up_a_measure(server, desk, visitor)
    inspector_audits(server, desk, visitor, new)
    work_list(visitor)
    assert taken == list(SCREENS), "every screen, in the order of the manual's list"
    assert sorted(p.stem for p in SHOTS.glob("*.png")) == sorted(SCREENS)


def introduction(server: str, visitor: Any) -> None:
    page = visitor(None)
    page.fill("#username", "demo.officer")
    screen(page, "login")
    page.click("text=新开账户或密码已重置")
    page.wait_for_load_state()
    page.fill("#username", "li.mou")
    page.fill("#code", "K7QX-M2PD-9WRT")
    page.fill("#password", "river stone lantern 42")
    page.fill("#confirm", "river stone lantern 42")
    screen(page, "enrol", "section.card.login")
    officer = visitor("demo.officer")
    assert "工作台" in officer.content()
    screen(officer, "header", "header.top")


def officer_registers_and_forms_the_team(server: str, visitor: Any) -> str:
    officer = visitor("demo.officer")
    assert "复盘进度与期限" in officer.content()
    screen(officer, "officer-dashboard")
    screen(officer, "officer-dashboard-list", LIST)

    officer.click("nav >> text=登记事件")
    officer.wait_for_load_state()
    occurred = datetime.now(CHINA).date() - timedelta(days=2)
    officer.fill("#occurred_on", occurred.isoformat())
    officer.select_option("#category", "drowning")
    officer.select_option("#jurisdiction", "西山区")
    officer.fill("#school", NEW_SCHOOL)
    officer.fill("#student-name", STUDENT)
    officer.select_option("#student-gender", "male")
    officer.fill("#student-grade", "初一（2）班")
    officer.fill("#student-id_number", demo.synthetic_id_number(date(2013, 5, 17), 121))
    screen(officer, "officer-register")
    officer.click("button:has-text('登记')")
    officer.wait_for_load_state()
    assert "事件已登记" in officer.content()
    review = officer.url
    screen(officer, "officer-review-new")

    def search(words: str) -> None:
        officer.fill("#people-q", words)
        officer.click("form.people-search button")
        officer.wait_for_load_state()

    def appoint(name: str, party: str) -> None:
        form = officer.locator("form[action$='/members']")
        form.locator("label", has_text=name).locator("input").check()
        form.locator("#party").select_option(party)
        form.locator("button:has-text('增加')").click()
        officer.wait_for_load_state()
        assert "成员已增加" in officer.content()

    def designate(role: str, name: str) -> None:
        form = officer.locator("form[action$='/signatories']")
        form.locator("#role").select_option(role)
        form.locator("label", has_text=name).locator("input").check()
        form.locator("button:has-text('指定')").click()
        officer.wait_for_load_state()
        assert "签字人已指定" in officer.content()

    search("西山区")
    appoint("吴某（学校德育主任）", "school")
    search("西山区")
    appoint("郑某（教育局安全科）", "education_department")
    search("西山区")
    appoint("冯某（派出所民警）", "police")
    search("心理")
    appoint("蒋某（心理健康专家）", "expert")
    search("西山区")
    designate("school_secretary", "韩某（学校党支部书记）")
    search("西山区")
    designate("principal", "杨某（校长）")
    search("西山区")
    designate("department_head", "朱某（教育局局长）")
    assert officer.locator(".party.missing").count() == 0
    search("西山区")
    screen(officer, "officer-team", "#team")

    officer.click("#incident button:has-text('显示个人信息')")
    officer.wait_for_load_state()
    assert "本次查看已记录" in officer.content()
    screen(officer, "officer-reveal", "#incident")
    go(officer, review)
    officer.click("#incident summary:has-text('更正事件信息')")
    officer.fill("#fix-occurred_on", (occurred - timedelta(days=1)).isoformat())
    officer.fill("#fix-reason", "经与派出所报案记录核对，事件日期应提前一天。")
    screen(officer, "officer-correct-incident", "#incident")
    return str(review)


def member_writes_the_report(server: str, visitor: Any, review: str) -> None:
    writer = visitor("demo.school")
    go(writer, f"{server}/tasks")
    assert NEW_SCHOOL in writer.content()
    screen(writer, "member-tasks")
    go(writer, review)
    for key, text in demo.ASPECT_TEXTS.items():
        writer.fill(f"#text-{key}", text)
    writer.locator("#aspect-daily_conduct button").click()
    writer.wait_for_load_state()
    assert "四个方面已保存" in writer.content()
    screen(writer, "member-aspects", "#aspects")
    writer.locator("form[action$='/risk-points'] #description").fill(
        "放学后离校去向缺少核实机制，家长未能及时获知学生去向。"
    )
    writer.locator("form[action$='/risk-points'] input[value='校外与假期监管']").check()
    writer.locator("form[action$='/risk-points'] button").click()
    writer.wait_for_load_state()
    measure = writer.locator("form[action$='/measures']")
    measure.locator("#measure-description").fill("建立放学离校去向核实与家长即时告知制度。")
    measure.locator("input[name=addresses]").first.check()
    measure.locator("#owner").fill("学校德育处")
    due = datetime.now(CHINA).date() + timedelta(days=45)
    measure.locator("#due_on").fill(due.isoformat())
    measure.locator("button").click()
    writer.wait_for_load_state()
    assert "防范措施已提出" in writer.content()
    screen(writer, "member-risks", "#risks")


def officer_sends_and_urges(server: str, visitor: Any, review: str) -> None:
    officer = visitor("demo.officer")
    go(officer, review)
    assert "已可送签" in officer.content()
    screen(officer, "officer-send")
    officer.click("button:has-text('将此修订版送签')")
    officer.wait_for_load_state()
    assert "报告已送签" in officer.content()
    officer.click("details.urge summary")
    officer.fill("#note", "请各位签字人于本周五前完成签字。")
    screen(officer, "officer-urge")


def signatory_reads_and_signs(server: str, desk: Any, visitor: Any, review: str) -> None:
    signer = visitor("demo.principal")
    go(signer, f"{server}/notifications")
    screen(signer, "signatory-notifications")
    go(signer, f"{server}/tasks")
    signer.locator("section:has-text('待签字') a:has-text('西山区滨河小学')").click()
    signer.wait_for_load_state()
    assert "签字前请完整阅读" in signer.content()
    screen(signer, "signatory-read")
    signer.fill("#password", demo.DEMO_PASSWORD)
    screen(signer, "signatory-panel", "#sign-panel")
    signer.click("button:has-text('签署此修订版')")
    signer.wait_for_load_state()
    assert "已签字" in signer.content()
    screen(signer, "signatory-signed")
    corrected = the_review(desk, "市第一高级中学")
    go(signer, f"{server}/reviews/{corrected}/sign/principal")
    assert "自您上次看到的第1修订版以来的修改" in signer.content()
    screen(signer, "signatory-changes", "#changes")
    go(signer, f"{review}/sign/principal")
    signer.fill("#reason", "第三部分离校时间与派出所报案记录不一致，请核实后再送签。")
    signer.click("button:has-text('拒签')")
    signer.wait_for_load_state()
    assert "您已拒签" in signer.content()


def officer_closes_late_and_opens_a_correction(
    server: str, desk: Any, visitor: Any, review: str
) -> None:
    officer = visitor("demo.officer")
    go(officer, review)
    assert "拒签了上一修订版" in officer.content()
    screen(officer, "officer-declined")
    overdue = the_review(desk, "高新功能区实验中学")
    go(officer, f"{server}/reviews/{overdue}")
    assert "所有签字栏均已签字或盖章，可以办结" in officer.content()
    officer.fill("#top-late_reason", "公安机关调查结论于期限后送达，报告待结论定稿后办结。")
    screen(officer, "officer-close-late")
    officer.locator(".blockers button:has-text('办结复盘')").click()
    officer.wait_for_load_state()
    assert "复盘已办结" in officer.content()
    closed = the_review(desk, "北湖县第二中学")
    go(officer, f"{server}/reviews/{closed}")
    officer.fill("#correction-reason", "公安机关补充材料显示事件经过需更正。")
    screen(officer, "officer-correction", "#signoff")


def member_follows_up_a_measure(server: str, desk: Any, visitor: Any) -> None:
    member = visitor("demo.school")
    closed = the_review(desk, "北湖县第二中学")
    go(member, f"{server}/reviews/{closed}")
    assert "记录为已落实" in member.content()
    screen(member, "member-followup", "#risks")


def inspector_audits(server: str, desk: Any, visitor: Any, review: str) -> None:
    inspector = visitor("demo.inspector")
    inspector.select_option("#jurisdiction", "西山区")
    inspector.click("form[aria-label='筛选'] button")
    inspector.wait_for_load_state()
    screen(inspector, "inspector-dashboard", LIST)
    late = the_review(desk, "西山区城关中学")
    go(inspector, f"{server}/reviews/{late}/history")
    assert "时间线" in inspector.content()
    screen(inspector, "inspector-history")
    assert "有效" in inspector.content()
    screen(inspector, "inspector-signatures", "section.card:has(h2:text-is('签字或盖章'))")
    inspector.locator("table.timeline a:has-text('v6')").first.click()
    inspector.wait_for_load_state()
    assert "只读" in inspector.content()
    screen(inspector, "inspector-as-of")
    corrected = the_review(desk, "市第一高级中学")
    go(inspector, f"{server}/reviews/{corrected}/history")
    inspector.click("a:has-text('对比最近两个修订版')")
    inspector.wait_for_load_state()
    screen(inspector, "inspector-diff")
    go(inspector, f"{review}/access")
    screen(inspector, "inspector-access")
    go(inspector, f"{server}/audit/integrity")
    inspector.click("button:has-text('核验全部历史')")
    inspector.wait_for_load_state()
    for _ in range(100):  # the check runs in the background; the page follows it
        if "存储的记录没有被修改、删除或调换" in inspector.content():
            break
        inspector.wait_for_timeout(200)
        go(inspector, f"{server}/audit/integrity")
    assert "存储的记录没有被修改、删除或调换" in inspector.content()
    screen(inspector, "inspector-integrity")
    on_time = the_review(desk, "北湖县第二中学")
    go(inspector, f"{server}/reviews/{on_time}/print")
    inspector.emulate_media(media="print")
    assert "此件不公开" in inspector.content()
    screen(inspector, "print")


def work_list(visitor: Any) -> None:
    """The notice's work list (2.15): the city's matrix, and a county's item that the
    reviews of the period carry."""
    city = visitor("demo.officer")
    city.click("nav >> text=工作清单")
    city.wait_for_load_state()
    city.click(f"a:has-text('{demo.WORK_LIST_TITLE}')")
    city.locator("#matrix").wait_for()
    screen(city, "officer-work-list")
    county = visitor("demo.officer.xishan")
    county.click("nav >> text=工作清单")
    county.wait_for_load_state()
    county.click(f"a:has-text('{demo.WORK_LIST_TITLE}')")
    county.locator("#item-29").wait_for()
    assert "四方组队" in county.locator("#item-29").inner_text()
    screen(county, "county-work-list-item", "#item-29")
