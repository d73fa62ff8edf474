"""Pages that guide (issue 14): one name per slot, full-width punctuation, the jargon behind
技术信息, moments typed as people type them, who was removed, overdue measures, days left
as of the moment shown, counts that add up."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from application.desk import ReviewDesk
from domain.deadline import CHINA
from infrastructure.clock import SettableClock
from tests import scenario as s
from tests.web.conftest import account, own_review


def test_an_investigators_slot_has_one_name_on_every_page(as_user: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    page = as_user("officer").get(f"/reviews/{rid}").text
    assert "<td>调查人员（相关专家）</td>" in page
    b = as_user("investigator")
    assert "调查人员（相关专家）" in b.get("/tasks").text
    slot = f"investigator:{account('investigator')}"
    sign = b.get(f"/reviews/{rid}/sign/{slot}").text
    assert "<strong>调查人员（相关专家）</strong>" in sign
    assert "签字前请完整阅读：" in sign  # full-width


def test_event_versions_and_hashes_sit_behind_technical_information(
    as_user: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    page = as_user("officer").get(f"/reviews/{rid}").text
    head, _, tail = page.partition("<summary>技术信息</summary>")
    assert tail, "a 技术信息 detail"
    assert "事件版本" not in head
    assert "sha256:" not in head
    assert "sha256:" in tail.split("</details>")[0]


def test_a_moment_is_picked_or_typed_and_a_wrong_one_is_explained_on_the_page(
    as_user: Any, desk: ReviewDesk, clock: SettableClock
) -> None:
    rid = s.register(desk)
    clock.advance(hours=3)
    desk.write_aspect(rid, aspect="daily_conduct", text=s.SUBSTANTIVE, actor=s.OFFICER)
    b = as_user("inspector")
    assert 'type="datetime-local"' in b.get(f"/reviews/{rid}/history").text
    for typed in (
        "2026-11-20T11:00",
        "2026-11-20 11:00",
        "2026年11月20日 11:00",
        "2026/11/20 11:00",
    ):
        shown = b.get(f"/reviews/{rid}/as-of", query_string={"at": typed})
        assert shown.status_code == 200, typed
        assert "只读" in shown.text
    wrong = b.get(f"/reviews/{rid}/as-of", query_string={"at": "昨天中午"})
    assert wrong.status_code == 422
    assert 'id="at-error"' in wrong.text
    assert "时间线" in wrong.text, "the history page, not a bare error page"
    assert 'value="昨天中午"' in wrong.text


def test_the_as_of_view_counts_days_left_at_that_moment(
    as_user: Any, desk: ReviewDesk, clock: SettableClock
) -> None:
    rid = s.register(desk, occurred_on="2026-11-18")  # due 2026-12-02
    clock.advance(days=20)  # overdue by now
    page = (
        as_user("inspector")
        .get(f"/reviews/{rid}/as-of", query_string={"at": "2026-11-20 12:00"})
        .text
    )
    assert "剩12天" in page
    assert "逾期" not in page.split('id="incident"')[0]


def test_the_timeline_says_who_was_removed(as_user: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    desk.remove_member(rid, account_id=account("investigator"), actor=s.OFFICER)
    page = as_user("inspector").get(f"/reviews/{rid}/history").text
    removed = [row for row in page.split("<tr>") if "移除复盘组成员" in row]
    assert len(removed) == 2
    assert "expert成员" in removed[0]  # appointed under that name, without an account row
    assert "调查人员甲" in removed[1]


def test_overdue_measures_are_highlighted_with_their_due_date(
    as_user: Any, desk: ReviewDesk, clock: SettableClock
) -> None:
    rid = own_review(desk)
    clock.set(datetime(2027, 2, 15, 9, 0, tzinfo=CHINA))  # the measure fell due 2026-12-31
    page = as_user("officer").get("/tasks").text
    row = re.search(r'<tr class="overdue-row">.*?</tr>', page, re.S)
    assert row
    assert "2026年12月31日" in row.group(0)
    assert rid


def test_the_dashboards_statuses_add_up_and_flags_stand_apart_with_a_legend(
    as_user: Any, desk: ReviewDesk, clock: SettableClock
) -> None:
    s.register(desk, occurred_on=(clock.now() - timedelta(days=20)).date().isoformat())
    s.register(desk)
    page = as_user("officer").get("/").text
    by_status = page.split("按状态")[1]
    statuses, flags = by_status.split("标记", 1)
    counted = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', statuses)]
    assert sum(counted[:-1]) == counted[-1] == 2  # the statuses, then 全部复盘
    assert "逾期" in flags
    assert "条形长度表示" in page
