"""Bureau staff track every review against its deadline, from the index."""

from __future__ import annotations

from datetime import datetime

import pytest

from application.desk import ReviewDesk
from domain.deadline import CHINA
from domain.errors import DomainError
from infrastructure.clock import SettableClock
from tests import scenario as s


def test_the_list_shows_due_date_days_left_status_and_flags(desk: ReviewDesk) -> None:
    rid = s.register(desk)
    [item] = desk.list_reviews()
    assert item["id"] == str(rid)
    assert (item["occurred_on"], item["due_on"], item["days_left"]) == (
        "2026-11-18",
        "2026-12-02",
        12,
    )
    assert (item["status"], item["late"], item["overdue"]) == ("registered", False, False)
    assert (item["school"], item["jurisdiction"]) == ("测试区第一中学", "测试区")
    assert "student" not in item, "the index holds no personal data"


def test_days_left_is_computed_when_read(desk: ReviewDesk, clock: SettableClock) -> None:
    s.register(desk)
    clock.set(datetime(2026, 12, 4, 9, 0, tzinfo=CHINA))
    [item] = desk.list_reviews()
    assert (item["days_left"], item["overdue"]) == (-2, True)


def test_the_list_filters_by_jurisdiction_and_status(desk: ReviewDesk) -> None:
    east = s.register(desk, jurisdiction="东区", school="东区小学")
    s.register(desk, jurisdiction="西区", school="西区小学")
    s.form_team(desk, east, ["police"])
    assert [i["school"] for i in desk.list_reviews(jurisdiction="东区")] == ["东区小学"]
    assert [i["school"] for i in desk.list_reviews(status="registered")] == ["西区小学"]
    assert desk.list_reviews(jurisdiction="东区", status="registered") == []


def test_an_unknown_status_filter_is_refused_naming_the_field(desk: ReviewDesk) -> None:
    with pytest.raises(DomainError) as refused:
        desk.list_reviews(status="finished")
    assert refused.value.details["field"] == "status"


def test_the_list_is_sorted_by_due_date(desk: ReviewDesk) -> None:
    s.register(desk, occurred_on="2026-11-19", school="后")
    s.register(desk, occurred_on="2026-11-01", school="先")
    assert [i["school"] for i in desk.list_reviews()] == ["先", "后"]
