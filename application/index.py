"""The review index: one row per review, written in the same transaction as its events.

Rows hold only non-sensitive metadata, so lists and dashboards need no decryption and no
replay (``application.projection`` builds them). ``days_left`` and ``overdue`` are computed
when read, never stored. The index is derived: when its shape changes (``INDEX_VERSION``),
the desk rebuilds it from the events when it starts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date, datetime
from uuid import UUID

from application.policy import ReviewScope

# Raise when the projections change shape (columns, tables, what a column means): stores
# then rebuild them from the events when they start (``application.projection``).
INDEX_VERSION = 9


@dataclass(frozen=True)
class IndexRow:
    review_id: UUID
    version: int
    school: str
    jurisdiction: str
    category: str
    on_premises: bool
    occurred_on: date
    due_on: date
    status: str
    report_revision: int
    first_closed_at: datetime | None
    late: bool
    registered_at: datetime
    updated_at: datetime
    participants: str  # JSON: {"members": [account ids], "signatories": [account ids]}
    # A keyed hash of school, incident date and the student's name, to warn of a duplicate
    # registration without decrypting other reviews; None once the review is erased.
    duplicate_key: str | None = None
    # Where the review sorts by default (``projection.lane_of``): 0 deadline running.
    lane: int = 0
    # A keyed hash of the student's name alone, for the exact name search; None once erased.
    student_key: str | None = None
    erased: bool = False
    withdrawal_pending: bool = False
    aspects_missing: str = ""  # aspects with no text (comma-separated values)
    aspects_short: str = ""  # aspects written but without enough substantive content
    risk_points: int = 0
    measures_addressing: bool = False  # some measure addresses a risk point
    parties_missing: str = ""
    signatories_missing: str = ""
    signoff_id: UUID | None = None  # the current sign-off (awaiting signatures)
    accepts: str = ""  # "|action|...|": what the review's state accepts now
    next_action: str = ""
    next_holder: str = ""
    measures: str = "[]"  # JSON [{"id", "n", "due_on", "status", "owner_account"}]: no text
    reference: str = ""  # 复盘-2026-0042 (unique), "" until assigned
    # The themes of the current risk points, "|code|code|" (issue 21), and how many risk
    # points carry none (未分类); the measures' JSON carries each measure's themes.
    themes: str = ""
    unthemed: int = 0
    themes_missing: bool = False  # the blocker themes_missing stands
    # Closed with a slot signed or sealed on paper (issue 18), for the inspectors' filter.
    paper_marks: bool = False

    @property
    def scope(self) -> ReviewScope:
        people = json.loads(self.participants)
        return ReviewScope(
            jurisdiction=self.jurisdiction,
            members=frozenset(UUID(m) for m in people["members"]),
            signatories=frozenset(UUID(m) for m in people["signatories"]),
        )


# The columns of the index table, in the order of the row's fields.
INDEX_COLUMNS = tuple(f.name for f in fields(IndexRow))
