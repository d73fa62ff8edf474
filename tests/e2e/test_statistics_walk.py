"""The statistics page, the themes and the expert pool in a real browser (issue 21), on
the demo's synthetic data: as an inspector (every jurisdiction), a county officer (their
own), and the city-wide officer (the lists they keep, the picker on a review). Screenshots
go to test-artifacts/screenshots/statistics-*.png; the CSP forbids inline styles, so the
console must stay free of CSP errors."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from werkzeug.serving import make_server

from domain.deadline import CHINA
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_manual_screens import RunningClock
from web import create_app, demo
from web.app import desk as desk_of


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    folder = tmp_path_factory.mktemp("stats")
    today = datetime.now(CHINA).date()
    clock = RunningClock(demo.at(today, 9))
    environ = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(folder / "var")}
    app = create_app({"environ": environ, "CLOCK": clock})
    desk = desk_of(app)
    demo.populate(desk, clock, today)
    clock.set(datetime.now(CHINA))
    httpd = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}", desk
    httpd.shutdown()
    desk.close()


@pytest.fixture
def visitor(served: tuple[str, Any], chromium: Any) -> Iterator[Callable[[str], Any]]:
    server = served[0]
    contexts = []

    def open_as(username: str) -> Any:
        context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.csp_errors = []
        page.on(
            "console",
            lambda m: (
                page.csp_errors.append(m.text) if "Content Security Policy" in m.text else None
            ),
        )
        page.goto(f"{server}/login")
        page.fill("#username", username)
        page.fill("#password", demo.DEMO_PASSWORD)
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_load_state()
        return page

    yield open_as
    for context in contexts:
        context.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"statistics-{name}.png"), full_page=True)


def test_the_statistics_as_an_inspector_and_a_county_officer(
    served: tuple[str, Any], visitor: Any
) -> None:
    server, _ = served
    inspector = visitor("demo.inspector")
    inspector.click("nav >> text=统计")
    inspector.wait_for_load_state()
    assert inspector.url.endswith("/statistics")
    assert inspector.locator("svg").count() >= 7
    body = inspector.locator("main, body").first.inner_text()
    for place in ("东湖区", "西山区", "北湖县"):
        assert place in body
    assert "心理健康筛查与干预" in body
    shot(inspector, "inspector")
    with inspector.expect_download() as download:
        inspector.locator("#export button[type=submit]").click()
    assert download.value.suggested_filename.endswith("-published.xlsx")
    assert inspector.csp_errors == []

    county = visitor("demo.officer.xishan")
    county.goto(f"{server}/statistics")
    text = county.locator("body").inner_text()
    assert "西山区" in text
    assert "东湖区" not in text
    shot(county, "county-officer")
    assert county.csp_errors == []


def test_the_city_officer_keeps_the_lists_and_picks_an_expert(
    served: tuple[str, Any], visitor: Any
) -> None:
    server, desk = served
    officer = visitor("demo.officer")
    officer.goto(f"{server}/lists")
    assert "专家库" in officer.content()
    shot(officer, "lists")
    registered = next(
        r for r in desk.review_ids() if desk.get_review(r)["status"] == "registered"
    )  # 东湖区阳光小学: no team yet
    officer.goto(f"{server}/reviews/{registered}#pool")
    pool = officer.locator("#pool")
    text = pool.inner_text()
    assert "蒋某" in text  # serves the whole city
    assert "罗某" in text  # serves 东湖区
    assert "钟某" not in text  # serves 北湖县 and 高新功能区 only
    pool.screenshot(path=str(ARTIFACTS / "statistics-expert-picker.png"))
    pool.locator("button", has_text="任命为专家方").first.click()
    officer.wait_for_load_state()
    assert "expert" not in desk.get_review(registered)["parties_missing"]
    closed = next(r for r in desk.review_ids() if desk.get_review(r)["status"] == "closed")
    officer.goto(f"{server}/reviews/{closed}#risks")
    risks = officer.locator("#risks")
    assert "家校沟通" in risks.inner_text()
    # themes change on a closed review (classification, not signed content)
    first = risks.locator("ol > li").first
    first.locator("summary", has_text="选择主题").click()
    first.locator("input[name=themes][value='学业压力']").check()
    first.locator("button", has_text="保存主题").click()
    officer.wait_for_load_state()
    assert "主题已保存" in officer.content()
    assert desk.get_review(closed)["status"] == "closed"
    assert "学业压力" in desk.get_review(closed)["risk_points"][0]["themes"]
    officer.locator("#risks").screenshot(path=str(ARTIFACTS / "statistics-risk-themes.png"))
    assert officer.csp_errors == []
