"""Lists from the projections: a page of reviews (filters, sorts, keyset cursors), the
counts of a dashboard (SQL aggregates), the tasks waiting on a principal. None of them
loads an aggregate; days left and overdue are computed now, from the clock."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from application.base import DeskBase
from application.index import IndexRow
from application.listing import (
    MAX_PAGE,
    PAGE,
    TASK_KINDS,
    TASK_SORTS,
    Listed,
    ReviewFilter,
    TaskRow,
    after,
    keyset,
    sort_columns,
)
from application.memo import generation
from application.policy import Sight
from application.views import Missing, ReviewCounts, ReviewPage, ReviewSummary, TaskItem, TaskPage
from domain import validation as v
from domain.deadline import local_date
from domain.errors import InvalidValue, Reason
from domain.values import Aspect, Status

EVERYTHING = Sight(everything=True)
# The answer when a principal can act nowhere: one object per kind, shared like every
# memoised answer (callers never change answers), so its rendering is kept too.
NOTHING_TO_DO: dict[str, TaskPage] = {
    kind: {"kind": kind, "items": [], "next": None, "total": 0} for kind in TASK_KINDS
}
T = TypeVar("T")


class ListQueries(DeskBase):
    def review_page(
        self,
        *,
        sight: Sight | None = None,
        jurisdiction: str | None = None,
        status: str | None = None,
        overdue: bool | None = None,
        paper_marks: bool | None = None,
        school: str | None = None,
        occurred_from: date | str | None = None,
        occurred_to: date | str | None = None,
        student_name: str | None = None,
        sort: str | None = None,
        cursor: str | None = None,
        limit: int = PAGE,
    ) -> ReviewPage:
        """One page of reviews (``limit``, 50 by default), in ``sort`` order (by default:
        overdue first, then fewest days left), from ``cursor`` on; with the total."""
        f = self.review_filter(
            sight=sight,
            jurisdiction=jurisdiction,
            status=status,
            overdue=overdue,
            paper_marks=paper_marks,
            school=school,
            occurred_from=occurred_from,
            occurred_to=occurred_to,
            student_name=student_name,
        )
        columns = sort_columns(sort)
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidValue("limit", Reason.OUT_OF_RANGE)
        start = after(cursor, columns)
        return self._memoised(
            ("page", f, columns, start, limit), lambda: self._page(f, columns, start, limit)
        )

    def _page(
        self, f: ReviewFilter, columns: tuple[str, ...], start: tuple[Any, ...] | None, limit: int
    ) -> ReviewPage:
        found = self.store.select_review_page(f, columns, start, limit + 1)
        more = len(found) > limit
        items = [listed_summary(x, f.today) for x in found[:limit]]
        last = found[limit - 1].row if more else None
        return {
            "items": items,
            "next": keyset(vars(last), columns) if last is not None else None,
            "total": self.store.count_reviews(f),
        }

    def _memoised(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``, memoised until the projections change (``application.memo``)."""
        gen = generation(self.store.projection_generation)
        return self.list_memo.get((*key, gen), compute)

    def review_counts(self, *, sight: Sight | None = None) -> ReviewCounts:
        """How many reviews, by jurisdiction and status, overdue and closed late."""
        f = self.review_filter(sight=sight)
        return self._memoised(("counts", f), lambda: self._counts(f))

    def _counts(self, f: ReviewFilter) -> ReviewCounts:
        counts: ReviewCounts = {
            "total": 0,
            "jurisdiction": {},
            "status": {},
            "overdue": 0,
            "late": 0,
            "overdue_by": {},
            "late_by": {},
            "withdrawn_by": {},
        }
        totals: dict[str, Counter[str]] = {k: Counter() for k in counts if k.endswith("by")}
        places: Counter[str] = Counter()
        statuses: Counter[str] = Counter()
        for row in self.store.count_by(f):
            counts["total"] += row.n
            places[row.jurisdiction] += row.n
            statuses[row.status] += row.n
            if row.overdue:
                counts["overdue"] += row.n
                totals["overdue_by"][row.jurisdiction] += row.n
            if row.late:
                counts["late"] += row.n
                totals["late_by"][row.jurisdiction] += row.n
            if row.status == Status.WITHDRAWN.value:
                totals["withdrawn_by"][row.jurisdiction] += row.n
        counts["jurisdiction"] = dict(sorted(places.items()))
        counts["status"] = dict(sorted(statuses.items()))
        for key, counter in totals.items():
            counts[key] = dict(sorted(counter.items()))  # type: ignore[literal-required]
        return counts

    def task_page(
        self,
        kind: str,
        *,
        who: UUID,
        reach: Sight,
        cursor: str | None = None,
        limit: int = PAGE,
    ) -> TaskPage:
        """Tasks of one kind (``write``, ``sign``, ``measures``) waiting on ``who`` where
        ``reach`` lets them act, in due order, a page at a time, with their total."""
        if kind not in TASK_KINDS:
            raise InvalidValue("kind", Reason.NOT_ALLOWED)
        if reach.empty:
            return NOTHING_TO_DO[kind]
        columns = TASK_SORTS[kind]
        start = after(cursor, columns)
        today = local_date(self.clock.now())
        return self._memoised(
            ("tasks", kind, who, reach, start, limit, today),
            lambda: self._tasks(kind, who, reach, start, limit=limit, today=today),
        )

    def _tasks(
        self,
        kind: str,
        who: UUID,
        reach: Sight,
        start: tuple[Any, ...] | None,
        *,
        limit: int,
        today: date,
    ) -> TaskPage:
        found = self.store.select_tasks(kind, who, reach, start, limit + 1)
        more = len(found) > limit
        items = [task_item(kind, t, today) for t in found[:limit]]
        last = found[limit - 1] if more else None
        return {
            "kind": kind,
            "items": items,
            "next": keyset(_task_values(last), TASK_SORTS[kind]) if last is not None else None,
            "total": self.store.count_tasks(kind, who, reach),
        }

    def review_filter(
        self,
        *,
        sight: Sight | None = None,
        jurisdiction: str | None = None,
        status: str | None = None,
        overdue: bool | None = None,
        paper_marks: bool | None = None,
        school: str | None = None,
        occurred_from: date | str | None = None,
        occurred_to: date | str | None = None,
        student_name: str | None = None,
    ) -> ReviewFilter:
        """Validated filters (a student's name becomes its keyed hash)."""
        return ReviewFilter(
            sight=sight or EVERYTHING,
            today=local_date(self.clock.now()),
            jurisdiction=v.text("jurisdiction", jurisdiction) if jurisdiction else None,
            status=v.choice("status", status, Status).value if status else None,
            overdue=overdue,
            paper_marks=paper_marks,
            school=v.text("school", school) if school else None,
            occurred_from=v.a_date("occurred_from", occurred_from) if occurred_from else None,
            occurred_to=v.a_date("occurred_to", occurred_to) if occurred_to else None,
            student_key=self.student_key_of(student_name) if student_name else None,
        )

    def student_key_of(self, name: str) -> str:
        """The keyed hash of a student's name, as the projection keeps it."""
        return self.student_key(v.text("student_name", name))


def open_aspects(row: IndexRow) -> list[str]:
    """The aspects still to write (missing or too short), in the report's order."""
    named = set(f"{row.aspects_missing},{row.aspects_short}".split(","))
    return [a.value for a in Aspect if a.value in named]


def missing_of(row: IndexRow, pending: int) -> Missing:
    """What stands between an open review and its closing, from its row (no content)."""
    aspects = open_aspects(row)
    open_review = row.status not in (Status.CLOSED.value, Status.WITHDRAWN.value)
    awaiting = row.status == Status.AWAITING_SIGNATURES.value
    return {
        "aspects": len(aspects) if open_review else 0,
        "risks": open_review
        and (row.risk_points == 0 or not row.measures_addressing or row.themes_missing),
        "parties": [p for p in row.parties_missing.split(",") if p] if open_review else [],
        "signatories": [r for r in row.signatories_missing.split(",") if r] if open_review else [],
        "signatures": pending if awaiting else 0,
    }


def listed_summary(listed: Listed, today: date) -> ReviewSummary:
    row = listed.row
    summary = row_summary(row, today)
    awaiting = row.status == Status.AWAITING_SIGNATURES.value
    action, holder = row.next_action, row.next_holder
    if awaiting and listed.pending == 0:
        action, holder = "close", "case_officer"
    summary["missing"] = missing_of(row, listed.pending)
    summary["next_action"] = action
    summary["next_holder"] = holder
    summary["measures_open"] = listed.measures_open
    summary["measures_overdue"] = listed.measures_overdue
    return summary


def row_summary(row: IndexRow, today: date) -> ReviewSummary:
    """A row as lists show it, with days left and the overdue flag computed for today."""
    return {
        "id": str(row.review_id),
        "reference_number": row.reference or None,
        "version": row.version,
        "school": row.school,
        "jurisdiction": row.jurisdiction,
        "category": row.category,
        "on_premises": row.on_premises,
        "occurred_on": row.occurred_on.isoformat(),
        "due_on": row.due_on.isoformat(),
        "status": row.status,
        "report_revision": row.report_revision,
        "first_closed_at": row.first_closed_at.isoformat() if row.first_closed_at else None,
        "late": row.late,
        "registered_at": row.registered_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
        "days_left": (row.due_on - today).days,
        "submitted": row.first_closed_at is not None,
        "overdue": row.lane == 0 and row.due_on < today,
        "withdrawal_pending": row.withdrawal_pending,
        "erased": row.erased,
    }


def task_item(kind: str, t: TaskRow, today: date) -> TaskItem:
    row = t.row
    item: TaskItem = {
        "id": str(row.review_id),
        "school": row.school,
        "jurisdiction": row.jurisdiction,
        "due_on": row.due_on.isoformat(),
        "days_left": (row.due_on - today).days,
        "status": row.status,
        "submitted": row.first_closed_at is not None,
        "overdue": row.lane == 0 and row.due_on < today,
    }
    if kind == "write":
        item["aspects"] = open_aspects(row)
    elif kind == "sign":
        item["slot"] = t.slot
        item["slot_role"] = t.role or ""
    else:
        assert t.measure_id is not None
        assert t.measure_due_on is not None
        item["measure_id"] = str(t.measure_id)
        item["measure_n"] = t.measure_n
        item["measure_due_on"] = t.measure_due_on.isoformat()
        item["measure_overdue"] = t.measure_due_on < today
    return item


def _task_values(t: TaskRow) -> dict[str, Any]:
    return {
        "due_on": t.row.due_on,
        "review_id": t.row.review_id,
        "slot": t.slot,
        "measure_due_on": t.measure_due_on,
        "measure_id": t.measure_id,
    }
