"""A real server (the WSGI app on a loopback port) and Debian's Chromium driven by Playwright.

Without Chromium the tests skip, saying how to enable them; with CI=true they fail instead.
Screenshots go to test-artifacts/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from werkzeug.serving import make_server

from application.accounts import account_id_for
from tests import scenario as s
from web import create_app
from web.app import desk as desk_of

CHROMIUM = os.environ.get("FUPAN_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PASSWORD = "journey-passphrase-2026"
PEOPLE = {
    "officer": ("case_officer", ["东湖区"], "林某（案件专员）"),
    "officer.west": ("case_officer", ["西山区"], "许某（西山区案件专员）"),
    "officer.city": ("case_officer", [], "陈某（市教育局案件专员）"),
    "teacher": ("investigator", [], "吴某（学校）"),
    "bureau": ("investigator", [], "郑某（教育局）"),
    "police": ("investigator", [], "冯某（公安）"),
    "expert": ("investigator", [], "蒋某（专家）"),
    "secretary": ("signatory", [], "韩某（书记）"),
    "principal": ("signatory", [], "杨某（校长）"),
    "head": ("signatory", [], "朱某（局长）"),
    "admin": ("administrator", [], "尤某（管理员）"),
    "admin2": ("administrator", [], "钱某（管理员）"),
    "inspector": ("inspector", [], "秦某（督导）"),
}
# Units shown beside names when people are picked (synthetic).
UNITS = {
    "teacher": "东湖区第七中学",
    "bureau": "东湖区教育局",
    "police": "东湖区公安分局",
    "expert": "市心理健康教育指导中心",
    "secretary": "东湖区第七中学",
    "principal": "东湖区第七中学",
    "head": "东湖区教育局",
}
SCHOOLS = {"东湖区": ["东湖区第七中学", "东湖区实验小学"], "西山区": ["西山区滨河小学"]}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    folder = tmp_path_factory.mktemp("e2e")
    app = create_app({"environ": {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(folder / "var")}})
    desk = desk_of(app)
    for username, (role, jurisdictions, name) in PEOPLE.items():
        desk.create_account(
            username=username,
            display_name=name,
            role=role,
            password=PASSWORD,
            jurisdictions=jurisdictions,
            city_wide=username == "officer.city",
            unit=UNITS.get(username, ""),
            actor=account_id_for("admin"),
        )
    for place, schools in SCHOOLS.items():  # the jurisdictions are listed with the officers
        for n, school in enumerate(schools):
            desk.add_reference(
                kind="school",
                code=f"{place}-{n}",
                label=school,
                parent=place,
                actor=account_id_for("admin"),
            )
    s.ensure_theme(desk)  # the risk-point themes the forms offer (issue 21)
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", desk
    httpd.shutdown()
    desk.close()


@pytest.fixture(scope="module")
def server(served: tuple[str, Any]) -> str:
    return served[0]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: apt-get install chromium to run these tests"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        opened = browser.new_context

        def new_context(**options: Any) -> Any:
            # Chromium asks for the icon after each page; a navigation that comes first
            # aborts that response, and Werkzeug's development server then leaves the file
            # open (a ResourceWarning, an error in this suite). No test looks at the icon.
            context = opened(**options)
            context.route("**/favicon.svg", lambda route: route.fulfill(status=204))
            return context

        browser.new_context = new_context
        yield browser
        browser.close()


@pytest.fixture
def person(server: str, chromium: Any) -> Iterator[Any]:
    """A factory of signed-in pages, one browser context (cookie jar) per person."""
    contexts = []

    def sign_in(username: str) -> Any:
        context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        # The pages ask before removing, sending and closing: the person says yes (other
        # dialogs are left to the test).
        page.on("dialog", lambda dialog: dialog.accept() if dialog.type == "confirm" else None)
        page.goto(f"{server}/login")
        page.fill("#username", username)
        page.fill("#password", PASSWORD)
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_load_state()
        return page

    yield sign_in
    for context in contexts:
        context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def a_complete_review(desk: Any, school: str, *, send: bool) -> UUID:
    """A review of 东湖区 with its team, signatories and a complete report."""
    rid: UUID = desk.register_incident(
        occurred_on="2026-11-21",
        school=school,
        jurisdiction="东湖区",
        category="suicide",
        on_premises=False,
        student={"name": "测试学生子", "gender": "female", "grade_class": "初一（2）班"},
        actor=account_id_for("officer"),
        confirm_duplicate=True,
    )
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
    for aspect in s.ASPECTS:
        desk.write_aspect(rid, aspect=aspect, text=s.SUBSTANTIVE, actor=account_id_for("teacher"))
    risk = desk.record_risk_point(
        rid,
        description="心理筛查结果未反馈",
        actor=account_id_for("officer"),
        themes=[s.ensure_theme(desk)],
    ).id
    desk.propose_measure(
        rid,
        description="筛查结果当周反馈班主任",
        addresses=[risk],
        owner="心理中心",
        due_on="2027-01-31",
        actor=account_id_for("officer"),
    )
    if send:
        desk.send_for_signature(rid, actor=account_id_for("officer"))
    return rid
