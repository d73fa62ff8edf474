"""What lists ask the projections: filters, sorts with keyset cursors, counts and tasks.

The store answers these in SQL (``infrastructure.persistence.projection_reads``; in
Python for the in-memory store); no list loads an aggregate. Days left and overdue are
computed from ``today`` (Shanghai), never stored.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from application.index import IndexRow
from application.policy import Sight
from domain.errors import InvalidValue, Reason

PAGE = 50
MAX_PAGE = 200

# The columns of each sort, review_id last (the keyset is unique); ascending.
SORTS: dict[str, tuple[str, ...]] = {
    # Overdue first, then fewest days left; reopened reviews; then closed and withdrawn.
    "deadline": ("lane", "due_on", "review_id"),
    "school": ("school", "review_id"),
    "jurisdiction": ("jurisdiction", "lane", "due_on", "review_id"),
    "status": ("status", "lane", "due_on", "review_id"),
    "occurred_on": ("occurred_on", "review_id"),
}
TASK_KINDS = ("write", "sign", "measures")
# The keyset of each kind of task.
TASK_SORTS: dict[str, tuple[str, ...]] = {
    "write": ("due_on", "review_id"),
    "sign": ("due_on", "review_id", "slot"),
    "measures": ("measure_due_on", "review_id", "measure_id"),
}
_TYPES: dict[str, Callable[[Any], Any]] = {
    "lane": int,
    "due_on": date.fromisoformat,
    "occurred_on": date.fromisoformat,
    "measure_due_on": date.fromisoformat,
    "review_id": UUID,
    "measure_id": UUID,
    "school": str,
    "jurisdiction": str,
    "status": str,
    "slot": str,
}


@dataclass(frozen=True)
class ReviewFilter:
    """Which reviews: those in ``sight`` matching every given filter."""

    sight: Sight
    today: date
    jurisdiction: str | None = None
    status: str | None = None
    overdue: bool | None = None
    paper_marks: bool | None = None  # closed with a slot signed or sealed on paper
    school: str | None = None  # a part of the school's name
    occurred_from: date | None = None
    occurred_to: date | None = None
    student_key: str | None = None  # the keyed hash of a student's exact name


@dataclass(frozen=True)
class Listed:
    """A review as a list shows it: its row and what the joined projections add."""

    row: IndexRow
    pending: int  # slots of its current sign-off not yet signed or sealed
    measures_open: int
    measures_overdue: int


@dataclass(frozen=True)
class CountRow:
    jurisdiction: str
    status: str
    late: bool
    overdue: bool
    n: int


@dataclass(frozen=True)
class TaskRow:
    """One thing waiting on a principal: an aspect to write, a slot to sign, a measure."""

    row: IndexRow
    slot: str = ""
    role: str = ""
    measure_id: UUID | None = None
    measure_n: int = 0
    measure_due_on: date | None = None
    measure_status: str = ""


def keyset(values: dict[str, Any], columns: tuple[str, ...]) -> str:
    """An opaque cursor: the sort values of the last item shown."""
    plain = [str(values[c]) if not isinstance(values[c], int) else values[c] for c in columns]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def after(cursor: str | None, columns: tuple[str, ...]) -> tuple[Any, ...] | None:
    """The typed sort values a cursor carries (None: from the start)."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        plain = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(plain, list) or len(plain) != len(columns):
            raise ValueError("wrong length")
        return tuple(_TYPES[c](v) for c, v in zip(columns, plain, strict=True))
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise InvalidValue("after", Reason.INVALID) from None


def sort_columns(sort: str | None) -> tuple[str, ...]:
    if sort is None:
        return SORTS["deadline"]
    if sort not in SORTS:
        raise InvalidValue("sort", Reason.NOT_ALLOWED)
    return SORTS[sort]
