"""Rule 2: the due date is the incident date + 14 calendar days, end of day, Asia/Shanghai."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from domain.deadline import CHINA, days_left, deadline, due_on, is_past_due


@pytest.mark.parametrize(
    ("occurred", "due"),
    [
        (date(2026, 11, 18), date(2026, 12, 2)),  # across a month end
        (date(2026, 12, 25), date(2027, 1, 8)),  # across a year end
        (date(2028, 2, 20), date(2028, 3, 5)),  # across a leap day
        (date(2027, 2, 20), date(2027, 3, 6)),  # no leap day
        (date(2026, 1, 31), date(2026, 2, 14)),
    ],
)
def test_due_date_is_fourteen_calendar_days_after_the_incident(occurred: date, due: date) -> None:
    assert due_on(occurred) == due


def test_the_last_minute_of_the_due_day_in_shanghai_is_on_time() -> None:
    due = date(2026, 12, 2)
    assert not is_past_due(due, datetime(2026, 12, 2, 23, 59, 59, tzinfo=CHINA))
    assert days_left(due, datetime(2026, 12, 2, 23, 59, tzinfo=CHINA)) == 0


def test_midnight_after_the_due_day_in_shanghai_is_late() -> None:
    due = date(2026, 12, 2)
    assert is_past_due(due, datetime(2026, 12, 3, 0, 0, tzinfo=CHINA))
    assert days_left(due, datetime(2026, 12, 3, 0, 0, tzinfo=CHINA)) == -1


def test_the_boundary_is_shanghai_midnight_even_when_given_utc() -> None:
    due = date(2026, 12, 2)
    # 15:59 UTC is 23:59 in Shanghai; 16:00 UTC is already the next day there.
    assert not is_past_due(due, datetime(2026, 12, 2, 15, 59, tzinfo=UTC))
    assert is_past_due(due, datetime(2026, 12, 2, 16, 0, tzinfo=UTC))
    assert deadline(due) == datetime(2026, 12, 2, 16, 0, tzinfo=UTC)


@pytest.fixture
def machine_in_new_york() -> Iterator[None]:
    previous = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        if previous is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = previous
        time.tzset()


@pytest.mark.usefixtures("machine_in_new_york")
def test_the_machine_time_zone_changes_nothing() -> None:
    due = date(2026, 12, 2)
    assert time.strftime("%Z") in {"EST", "EDT"}
    assert not is_past_due(due, datetime(2026, 12, 2, 15, 59, tzinfo=UTC))
    assert is_past_due(due, datetime(2026, 12, 2, 16, 0, tzinfo=UTC))


def test_days_left_counts_shanghai_calendar_days_and_goes_negative() -> None:
    due = date(2026, 12, 2)
    assert days_left(due, datetime(2026, 11, 18, 9, 0, tzinfo=CHINA)) == 14
    assert days_left(due, datetime(2026, 12, 10, 9, 0, tzinfo=CHINA)) == -8


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        is_past_due(date(2026, 12, 2), datetime(2026, 12, 2, 12, 0))
