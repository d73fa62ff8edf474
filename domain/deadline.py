"""The review deadline (brief, rule 2): incident date + 14 calendar days, end of day,
China Standard Time, whatever the machine's time zone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")
REVIEW_PERIOD = timedelta(days=14)


def due_on(occurred_on: date) -> date:
    """The last day on which the review may be closed on time."""
    return occurred_on + REVIEW_PERIOD


def deadline(due: date) -> datetime:
    """The first instant that is late: 00:00 the day after the due date, in Shanghai."""
    return datetime.combine(due + timedelta(days=1), time.min, tzinfo=CHINA)


EARLIEST_INCIDENT = date(2000, 1, 1)
MEASURE_HORIZON_YEARS = 3  # the default; a city may configure another


def years_after(day: date, years: int) -> date:
    """The same calendar day ``years`` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def local_date(now: datetime) -> date:
    """Today's date in Shanghai at ``now`` (which must be timezone-aware)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(CHINA).date()


def is_past_due(due: date, now: datetime) -> bool:
    return local_date(now) > due


def days_left(due: date, now: datetime) -> int:
    """Whole days from today (Shanghai) to the due date; 0 on the due day, negative after."""
    return (due - local_date(now)).days
