"""The dashboard, my tasks and the API's list come from the projections: no list view loads
an aggregate; pages follow each other with keyset cursors; the counts stay on every page;
a student's name is searched through its keyed hash, posted, and recorded."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.sqlite import SQLiteAggregateRecorder
from flask import Flask

from application.desk import ReviewDesk
from infrastructure.clock import SettableClock
from infrastructure.persistence.sqlite import SQLiteReviewRecorder
from tests import city
from tests import scenario as s
from tests.web.conftest import Browser
from web import create_app
from web.app import desk as desk_of


class CountingLoads:
    """A recorder that counts the reads of stored events (every aggregate load)."""

    loads = 0

    def select_events(self, *args: Any, **kwargs: Any) -> Any:
        CountingLoads.loads += 1
        return super().select_events(*args, **kwargs)  # type: ignore[misc]


class CountingRecorder(CountingLoads, SQLiteReviewRecorder):
    pass


class CountingSnapshots(CountingLoads, SQLiteAggregateRecorder):
    pass


@pytest.fixture
def unmemoised(tmp_path: Path, clock: SettableClock) -> Iterator[Flask]:
    """The app with no list memo (every list query runs) and counting recorders."""
    app = create_app(
        {
            "environ": {
                "FUPAN_ENV": "test",
                "FUPAN_DATA_DIR": str(tmp_path / "var"),
                "FUPAN_LIST_MEMO": "0",
            },
            "CLOCK": clock,
        }
    )
    yield app
    desk_of(app).close()


def counting(desk: ReviewDesk) -> None:
    desk.recorder.__class__ = CountingRecorder
    assert desk.snapshots is not None
    desk.snapshots.recorder.__class__ = CountingSnapshots


def test_no_list_view_loads_an_aggregate(unmemoised: Flask) -> None:
    desk = desk_of(unmemoised)
    for username, role, whole_city in (
        ("officer", "case_officer", True),
        ("inspector", "inspector", False),
    ):
        desk.create_account(
            username=username,
            display_name=username,
            role=role,
            password=s.PASSWORD,
            city_wide=whole_city,
            actor=s.OFFICER,
        )
    s.ensure_account(desk, s.MEMBERS["school"])
    s.ensure_account(desk, s.SIGNATORIES["principal"])
    s.closed(desk)
    s.sent(desk, occurred_on="2026-11-01")
    partial = s.register(desk, jurisdiction="另一区")
    s.form_team(desk, partial, ["school"])
    counting(desk)
    pages = ["/", "/?status=overdue&sort=school", "/?school=测试", "/tasks"]
    for username in ("officer", "inspector", "test.school", "test.principal"):
        browser = Browser(unmemoised.test_client())
        assert browser.login(username, s.PASSWORD).status_code == 302
        token = browser.client.post(
            "/api/v1/tokens", json={"username": username, "password": s.PASSWORD}
        ).json["token"]
        CountingLoads.loads = 0
        for page in pages:
            assert browser.get(page).status_code == 200, page
        searched = browser.post("/search", {"student_name": s.STUDENT["name"]})
        assert searched.status_code == 200
        listed = browser.client.get(
            "/api/v1/reviews?limit=2", headers={"Authorization": f"Bearer {token}"}
        )
        assert listed.status_code == 200
        assert CountingLoads.loads == 0, username


def test_the_api_pages_follow_each_other_and_the_counts_stay(api: Any, desk: ReviewDesk) -> None:
    made = {
        s.register(desk, school=f"学校{n}", occurred_on=f"2026-11-{n + 1:02d}") for n in range(7)
    }
    client = api("officer")
    seen: list[str] = []
    url = "/api/v1/reviews?limit=3"
    while url:
        body = client.client.get(url, headers={"Authorization": f"Bearer {client.token}"}).json
        assert body["total"] == 7
        seen += [i["id"] for i in body["items"]]
        url = body["next"]
    assert sorted(seen) == sorted(str(r) for r in made)
    assert len(seen) == len(set(seen)) == 7
    overdue = list(client.call("GET", "/reviews?overdue=true").json["items"])
    assert overdue
    assert all(i["overdue"] for i in overdue)
    assert [i["days_left"] for i in overdue] == sorted(i["days_left"] for i in overdue)


def test_a_bad_cursor_or_sort_is_refused_naming_the_field(api: Any, as_user: Any) -> None:
    client = api("officer")
    refused = client.call("GET", "/reviews?cursor=not-a-cursor")
    assert (refused.status_code, list(refused.json["errors"])) == (422, ["after"])
    assert client.call("GET", "/reviews?sort=nonsense").status_code == 422
    page = as_user("officer").get("/?after=not-a-cursor")
    assert page.status_code == 422
    assert "筛选" in page.text or "Filter" in page.text, "the dashboard is shown again"


def test_the_dashboard_pages_and_keeps_its_counts(as_user: Any, desk: ReviewDesk) -> None:
    for n in range(55):
        s.register(desk, school=f"学校{n:02d}", occurred_on="2026-10-01" if n < 3 else "2026-11-19")
    browser = as_user("officer")
    first = browser.get("/").text
    assert len(re.findall(r'href="/reviews/[0-9a-f-]{36}"', first)) == 50
    following = re.search(r'href="(/\?after=[^"]+)"', first)
    assert following, "a link to the next page"
    second = browser.get(following.group(1).replace("&amp;", "&")).text
    assert len(re.findall(r'href="/reviews/[0-9a-f-]{36}"', second)) == 5
    for page in (first, second):  # the overdue counts are never paged away
        assert re.search(r'overdue">[^<]*</span></a></td><td class="num">3<', page)


def test_a_student_is_found_by_exact_name_and_the_search_recorded(
    as_user: Any, api: Any, desk: ReviewDesk
) -> None:
    rid = s.register(desk, student={**s.STUDENT, "name": "张小明"})
    s.register(desk, student={**s.STUDENT, "name": "张小明明"})
    browser = as_user("officer")
    page = browser.post("/search", {"student_name": " 张小明 "})
    assert page.status_code == 200
    assert re.findall(r'href="/reviews/([0-9a-f-]{36})"', page.text) == [str(rid)]
    assert "张小明" not in page.request.url
    found = api("officer").call("POST", "/reviews/search", {"student_name": "张小明"}).json
    assert [i["id"] for i in found["items"]] == [str(rid)]
    records = [(r["review_id"], r["what"]) for r in desk.access_records()]
    assert records.count((str(rid), "student_name_search")) == 2
    assert (
        api("officer.other")
        .call("POST", "/reviews/search", {"student_name": "张小明"})
        .json["items"]
        == []
    ), "only the reviews in sight"
    desk.erase_personal_data(rid, reason="依法删除个人信息", actor=s.OFFICER)
    assert (
        api("officer").call("POST", "/reviews/search", {"student_name": "张小明"}).json["items"]
        == []
    ), "an erased review has no name to find"


def test_a_list_memoised_in_one_process_follows_a_write_in_another(
    tmp_path: Path, clock: SettableClock
) -> None:
    environ = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "var")}
    first, second = (
        create_app({"environ": environ, "CLOCK": clock}),
        create_app({"environ": environ, "CLOCK": clock}),
    )
    one, other = desk_of(first), desk_of(second)
    try:
        rid = s.register(one)
        assert [i["status"] for i in one.review_page()["items"]] == ["registered"]
        assert one.review_page() is one.review_page(), "memoised"
        s.form_team(other, rid, ["school"])
        assert [i["status"] for i in one.review_page()["items"]] == ["investigating"]
        counts = one.review_counts()
        other.record_access(rid, actor=s.OFFICER, what="review")
        assert one.review_counts() is counts, "an access record changes no list"
    finally:
        one.close()
        other.close()


def test_a_withdrawn_review_is_listed_and_counted_as_such(as_user: Any, desk: ReviewDesk) -> None:
    rid = s.register(desk, occurred_on="2026-10-01")
    desk.request_withdrawal(rid, reason="同一事件重复登记，申请撤销。", actor=s.OFFICER)
    desk.confirm_withdrawal(rid, actor=UUID(int=7))
    [item] = desk.review_page()["items"]
    assert (item["status"], item["overdue"]) == ("withdrawn", False)
    assert desk.review_counts()["withdrawn_by"] == {"测试区": 1}
    assert desk.review_counts()["overdue"] == 0


def test_the_api_list_and_the_dashboard_counts_equal_a_full_replay(
    api: Any, as_user: Any, desk: ReviewDesk
) -> None:
    city.build(desk, seed=11, count=30)
    reviews = city.replayed(desk)
    client = api("officer.city")
    listed: list[dict[str, Any]] = []
    url = "/api/v1/reviews?limit=7"
    while url:
        body = client.client.get(url, headers={"Authorization": f"Bearer {client.token}"}).json
        listed += body["items"]
        url = body["next"]
    assert sorted(i["id"] for i in listed) == sorted(reviews)
    for item in listed:
        expected = reviews[item["id"]]["summary"]
        assert {k: item[k] for k in expected} == expected, item["id"]
    counts = city.counts(reviews)
    page = as_user("officer.city").get("/").text
    assert f'<td>{"全部复盘"}</td><td class="num">{counts["total"]}</td>' in page
    assert re.search(rf'逾期</span></a></td><td class="num">{counts["overdue"]}<', page)
