"""The review index: one row per review, written in the same transaction as its events.

Rows hold only non-sensitive metadata, so lists and dashboards need no decryption and no
replay. ``days_left`` and ``overdue`` are computed when read, never stored. The index is
derived: when its shape changes (``INDEX_VERSION``), the desk rebuilds it from the events
when it starts.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, cast
from uuid import UUID

from application.policy import ReviewScope
from application.presenters import primitive
from application.views import ReviewSummary
from domain.deadline import days_left, is_past_due
from domain.review import Review
from domain.values import Status

INDEX_COLUMNS = (
    "review_id",
    "version",
    "school",
    "jurisdiction",
    "category",
    "on_premises",
    "occurred_on",
    "due_on",
    "status",
    "report_revision",
    "first_closed_at",
    "late",
    "registered_at",
    "updated_at",
    "participants",
    "duplicate_key",
)
# Raise when the columns change: stores then rebuild their index from the events.
INDEX_VERSION = 2


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

    @property
    def scope(self) -> ReviewScope:
        people = json.loads(self.participants)
        return ReviewScope(
            jurisdiction=self.jurisdiction,
            members=frozenset(UUID(m) for m in people["members"]),
            signatories=frozenset(UUID(m) for m in people["signatories"]),
        )

    @classmethod
    def of(cls, review: Review, duplicate_key: str | None = None) -> IndexRow:
        incident = review.incident
        return cls(
            review_id=review.id,
            version=review.version,
            school=incident.school,
            jurisdiction=incident.jurisdiction,
            category=incident.category.value,
            on_premises=incident.on_premises,
            occurred_on=incident.occurred_on,
            due_on=review.due_on,
            status=review.status.value,
            report_revision=review.report_revision,
            first_closed_at=review.first_closed_at,
            late=review.late,
            registered_at=review.created_on,
            updated_at=review.modified_on,
            participants=json.dumps(
                {
                    "members": sorted(review.team),
                    "signatories": sorted({str(x.account_id) for x in review.signatories.values()}),
                },
                sort_keys=True,
            ),
            duplicate_key=None if review.erased else duplicate_key,
        )


def summary(row: IndexRow, now: datetime) -> ReviewSummary:
    """A row as the lists show it, with days left and the overdue flag computed now."""
    item: dict[str, Any] = primitive(asdict(row))
    item["id"] = item.pop("review_id")
    del item["participants"]
    del item["duplicate_key"]
    item["days_left"] = days_left(row.due_on, now)
    item["submitted"] = row.first_closed_at is not None
    item["overdue"] = (
        row.first_closed_at is None
        and row.status != Status.WITHDRAWN.value
        and is_past_due(row.due_on, now)
    )
    return cast(ReviewSummary, item)
