"""Issue 23 in a real browser: the city's officer issues a round of the notice's work list
(a wrong last day first, then corrected), the county's officer works through their column
(a reason forgotten, then given; evidence attached; a double click on save), and the city
sees the county's progress in the matrix, filtered by category."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from application.accounts import account_id_for
from tests.e2e.conftest import ARTIFACTS, shot
from tests.files import samples

TITLE = "2026年秋季学期生命健康关爱工作（第一轮）"


def test_issue_a_round_complete_items_and_see_the_matrix(
    served: tuple[str, Any], person: Any, tmp_path: Path
) -> None:
    server, desk = served
    desk.ensure_shipped_templates(actor=account_id_for("admin"))

    city = person("officer.city")
    city.goto(f"{server}/checklists")
    city.click("a:has-text('下发新一轮')")
    city.fill("#title", TITLE)
    city.fill("#starts_on", "2026-09-01")
    city.fill("#ends_on", "2026-08-31")  # a slip: before the first day
    city.check("input[name=jurisdictions][value='东湖区']")
    city.check("input[name=jurisdictions][value='西山区']")
    city.click("button:has-text('下发')")
    city.locator("#ends_on-error").wait_for()
    assert city.input_value("#title") == TITLE  # what was typed is still there
    city.fill("#ends_on", "2026-12-31")
    city.click("button:has-text('下发')")
    city.locator("#matrix").wait_for()
    assert "已下发" in city.locator(".flash.success").inner_text()
    round_url = city.url

    county = person("officer")
    county.goto(f"{server}/checklists")
    county.click(f"a:has-text('{TITLE}')")
    county.wait_for_load_state()
    assert "东湖区" in county.locator("h1").inner_text()
    assert "西山区" not in county.locator("h1").inner_text()
    item1 = county.locator("#item-1")
    item1.locator("summary:has-text('填写')").click()
    item1.locator("input[name=status][value=done]").check()
    item1.locator("textarea[name=note]").fill("8月20日召开联席会议专题会")
    save = item1.locator("button:has-text('保存')")
    save.dblclick()  # a hurried double click records it once
    county.locator(".flash.success").wait_for()
    assert "已保存" in county.locator(".flash.success").inner_text()
    # Not applicable, the reason forgotten: refused on the item, the note kept.
    item2 = county.locator("#item-2")
    item2.locator("summary:has-text('填写')").click()
    item2.locator("input[name=status][value=not_applicable]").check()
    item2.locator("textarea[name=note]").fill("本学期未发生")
    item2.locator("button:has-text('保存')").click()
    county.locator("#item-2-reason-error").wait_for()
    item2 = county.locator("#item-2")
    assert item2.locator("textarea[name=note]").input_value() == "本学期未发生"
    item2.locator("textarea[name=reason]").fill("本区本学期未发生学生自杀事件")
    item2.locator("button:has-text('保存')").click()
    county.locator(".flash.success").wait_for()
    minutes = tmp_path / "联席会议纪要.pdf"
    minutes.write_bytes(samples.pdf(b"minutes of the joint meeting"))
    item1 = county.locator("#item-1")
    item1.locator("summary:has-text('修改')").click()
    item1.locator("input[type=file]").set_input_files(str(minutes))
    item1.locator("button:has-text('上传')").click()
    county.locator(".flash.success").wait_for()
    assert "联席会议纪要.pdf" in county.locator("#item-1").inner_text()
    shot(county, "work-list-county-column")
    county.locator("#item-1").screenshot(path=str(ARTIFACTS / "work-list-item-1.png"))
    county.locator("#item-2").screenshot(path=str(ARTIFACTS / "work-list-item-2.png"))
    county.locator("#submissions").screenshot(path=str(ARTIFACTS / "work-list-submissions.png"))
    progress = desk.round_progress(desk.checklist_rounds()[0].id, "东湖区")
    assert sorted(progress.items) == [1, 2]
    assert progress.version == 4  # opened, item 1 once, item 2, the file

    city.goto(round_url)
    east = city.locator("td[data-jurisdiction='东湖区'][data-item='1']")
    assert "已完成" in east.inner_text()
    assert "不适用" in city.locator("td[data-jurisdiction='东湖区'][data-item='2']").inner_text()
    assert (
        "已完成" not in city.locator("td[data-jurisdiction='西山区'][data-item='1']").inner_text()
    )
    shot(city, "work-list-matrix")
    city.screenshot(path=str(ARTIFACTS / "work-list-matrix-top.png"))
    city.select_option("#category", "全面部署")
    city.click("button:has-text('筛选')")
    city.wait_for_url("**category=*")
    assert city.locator("td[data-jurisdiction='东湖区']").count() == 3
    with city.expect_download() as download:
        city.click("a:has-text('导出')")
    assert download.value.suggested_filename.endswith(".xlsx")
