"""What lists show: a page of reviews, counts, the tasks waiting on someone."""

from __future__ import annotations

from typing import NotRequired, TypedDict


class Missing(TypedDict):
    """What stands between an open review and its closing, in numbers (no content)."""

    aspects: int
    risks: bool
    parties: list[str]
    signatories: list[str]
    signatures: int


class ReviewSummary(TypedDict):
    """A review as lists show it (from the projections: no confidential content)."""

    id: str
    reference_number: str | None
    version: int
    school: str
    jurisdiction: str
    category: str
    on_premises: bool
    occurred_on: str
    due_on: str
    status: str
    report_revision: int
    first_closed_at: str | None
    late: bool
    registered_at: str
    updated_at: str
    days_left: int
    submitted: bool
    overdue: bool
    withdrawal_pending: bool
    erased: bool
    missing: NotRequired[Missing]
    next_action: NotRequired[str]  # e.g. write_report, sign, close; "" when none
    next_holder: NotRequired[str]  # who holds it: case_officer, team, signatories...
    measures_open: NotRequired[int]
    measures_overdue: NotRequired[int]


class ReviewPage(TypedDict):
    """One page of a list; ``next`` is the cursor of the following page (None: last)."""

    items: list[ReviewSummary]
    next: str | None
    total: int


class ReviewCounts(TypedDict):
    """A dashboard's counts over everything a principal sees (never paged)."""

    total: int
    jurisdiction: dict[str, int]
    status: dict[str, int]
    overdue: int
    late: int
    overdue_by: dict[str, int]
    late_by: dict[str, int]
    withdrawn_by: dict[str, int]


class TaskItem(TypedDict):
    """One thing waiting on a principal (no confidential content: a measure is named by
    its number in the review)."""

    id: str
    school: str
    jurisdiction: str
    due_on: str
    days_left: int
    status: str
    submitted: bool
    overdue: bool
    aspects: NotRequired[list[str]]  # to write
    slot: NotRequired[str]  # to sign
    slot_role: NotRequired[str]  # an investigator's party, or the fixed signatory's role
    measure_id: NotRequired[str]
    measure_n: NotRequired[int]
    measure_due_on: NotRequired[str]
    measure_overdue: NotRequired[bool]


class TaskPage(TypedDict):
    kind: str  # write, sign or measures
    items: list[TaskItem]
    next: str | None
    total: int


class Tasks(TypedDict):
    write: TaskPage
    sign: TaskPage
    measures: TaskPage
