"""The shipped template is the notice's work list: 31 items, numbered in order, with their
categories and deadlines as the source gives them (a blank cell continues the one above);
every task is the source's own text, checked against the document when it is beside the
project (``../shared/mission/``)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from domain.checklist import NOTICE_2023_AUTUMN, Level, deadline

SOURCE = Path(__file__).resolve().parents[4] / "shared/mission/000_e7cf10713efa5157.txt"
ITEMS = {i.number: i for i in NOTICE_2023_AUTUMN.items}


def test_thirty_one_items_with_their_categories_and_deadlines() -> None:
    assert list(ITEMS) == list(range(1, 32))
    categories = {
        1: "全面部署",
        3: "全面部署",
        4: "了解并动态掌握学生身心状况",
        8: "召开班会开展心理健康教育",
        10: "激活学校“哨点”",
        14: "开展心理健康测评",
        17: "加强学生心理危机识别和管理",
        21: "强化学生抗逆力训练",
        24: "提升家庭教育指导有效性",
        27: "实现咨询服务“全天候”",
        28: "强化专业力量支撑",
        29: "强化专业力量支撑",
        30: "提高复盘报告质量",
        31: "提高复盘报告质量",
    }
    for number, category in categories.items():
        assert ITEMS[number].category == category, number
    due = {1: date(2023, 8, 24), 3: date(2023, 8, 24), 4: date(2023, 9, 3), 8: date(2023, 9, 1)}
    due |= {13: date(2023, 9, 10), 14: date(2023, 9, 30), 16: date(2023, 9, 30)}
    for number, day in due.items():
        assert ITEMS[number].deadline.due_on(2023) == day, number
    assert all(ITEMS[n].deadline.ongoing for n in range(17, 32))
    # The review itself is the notice's items 29 to 31, carried out by the county.
    assert {ITEMS[n].level for n in (29, 30, 31)} == {Level.COUNTY}
    assert "2 周内提交复盘报告" in ITEMS[31].task


def test_deadlines_read_as_the_notice_writes_them() -> None:
    assert deadline("8 月 25 日前").due_on(2026) == date(2026, 8, 24)
    assert deadline("9月30日").due_on(2026) == date(2026, 9, 30)
    assert deadline("日常工作").due_on(2026) is None
    with pytest.raises(ValueError, match="not a deadline"):
        deadline("尽快")


@pytest.mark.skipif(not SOURCE.exists(), reason="the source document is not beside the project")
def test_every_task_is_the_sources_own_words() -> None:
    source = re.sub(r"\s+", "", SOURCE.read_text("utf-8"))
    table = source[source.index("序号类别工作清单完成时限") : source.index("附件2")]
    for item in NOTICE_2023_AUTUMN.items:
        assert f"{item.number}" in table
        assert re.sub(r"\s+", "", item.task) in table, item.number
        assert re.sub(r"\s+", "", item.category) in table, item.number
