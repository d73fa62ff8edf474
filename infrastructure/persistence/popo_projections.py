"""The projections of the in-memory store, answered in Python with the same meaning as
the SQL of ``projection_reads`` (the store contract tests hold both to it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from threading import RLock
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from application.index import IndexRow
from application.listing import CountRow, Listed, ReviewFilter, TaskRow
from application.policy import Sight
from application.projection import AccountRow, Projections, ReferenceRow, SlotRow, measures_of

PROJECTED = ("index_rows", "slot_rows", "account_rows", "reference_rows")


class POPOProjections:
    _database_lock: RLock

    def __init__(self) -> None:
        self._review_index: dict[str, IndexRow] = {}
        self._slots: dict[tuple[str, str], SlotRow] = {}
        self._accounts: dict[str, AccountRow] = {}
        self._references: dict[str, ReferenceRow] = {}
        self._shape = ""
        self._generation = 0

    def projection_generation(self) -> int:
        return self._generation

    def _check_projections(self, **kwargs: Any) -> None:
        """Before the events are stored: what the SQL stores' unique indexes refuse."""
        taken = {r.reference: key for key, r in self._review_index.items() if r.reference}
        for row in kwargs.get("index_rows") or ():
            if row.reference and taken.get(row.reference, str(row.review_id)) != str(row.review_id):
                raise IntegrityError(f"reference number {row.reference} is taken")

    def last_reference_number(self, prefix: str) -> str | None:
        found = [r.reference for r in self._review_index.values() if r.reference.startswith(prefix)]
        return max(found, key=lambda x: (len(x), x)) if found else None

    def _write_projections(self, **kwargs: Any) -> None:
        """Under the recorder's lock, with the events."""
        if any(
            kwargs.get(k) for k in ("index_rows", "slot_rows", "account_rows", "reference_rows")
        ):
            self._generation += 1
        for row in kwargs.get("index_rows") or ():
            old = self._review_index.get(str(row.review_id))
            if old is None or row.version >= old.version:
                self._review_index[str(row.review_id)] = row
        for slot in kwargs.get("slot_rows") or ():
            key = (str(slot.signoff_id), slot.slot)
            if key not in self._slots or slot.version >= self._slots[key].version:
                self._slots[key] = slot
        for account in kwargs.get("account_rows") or ():
            old_account = self._accounts.get(str(account.account_id))
            if old_account is None or account.version >= old_account.version:
                self._accounts[str(account.account_id)] = account
        for entry in kwargs.get("reference_rows") or ():
            old_entry = self._references.get(str(entry.entry_id))
            if old_entry is None or entry.version >= old_entry.version:
                self._references[str(entry.entry_id)] = entry

    # ---- the shape and rebuilding -----------------------------------------------------

    def projection_shape(self) -> str:
        return self._shape

    def replace_projections(self, projections: Projections) -> None:
        with self._database_lock:
            self._review_index, self._slots, self._accounts = {}, {}, {}
            self._references = {}
            self._generation += 1
            self._write_projections(
                index_rows=projections.reviews,
                slot_rows=projections.slots,
                account_rows=projections.accounts,
                reference_rows=projections.references,
            )

    def rebuild_projections(self, shape: str, build: Callable[[], Projections]) -> bool:
        if self._shape == shape:
            return False
        self.replace_projections(build())
        self._shape = shape
        return True

    # ---- reviews -------------------------------------------------------------------------

    def select_review_page(
        self, f: ReviewFilter, sort: Sequence[str], after: Sequence[Any] | None, limit: int
    ) -> list[Listed]:
        rows = sorted(self._matching(f), key=lambda r: _key(r, sort))
        if after is not None:
            rows = [r for r in rows if _key(r, sort) > _typed(after)]
        return [self._listed(r, f.today) for r in rows[:limit]]

    def count_reviews(self, f: ReviewFilter) -> int:
        return len(self._matching(f))

    def count_by(self, f: ReviewFilter) -> list[CountRow]:
        found = Counter(
            (r.jurisdiction, r.status, r.late, _overdue(r, f.today)) for r in self._matching(f)
        )
        return [CountRow(j, s, late, overdue, n) for (j, s, late, overdue), n in found.items()]

    def _matching(self, f: ReviewFilter) -> list[IndexRow]:
        with self._database_lock:
            rows = list(self._review_index.values())
        return [r for r in rows if f.sight.matches(r.scope) and _filtered(f, r)]

    def _listed(self, row: IndexRow, today: date) -> Listed:
        pending = sum(
            1
            for s in self._slots.values()
            if row.signoff_id is not None and s.signoff_id == row.signoff_id and s.mark is None
        )
        open_measures = [m for m in measures_of(row) if m[3] != "taken"]
        overdue = sum(1 for m in open_measures if m[2] < today)
        return Listed(row, pending, len(open_measures), overdue)

    # ---- tasks -----------------------------------------------------------------------

    def select_tasks(
        self, kind: str, who: UUID, reach: Sight, after: Sequence[Any] | None, limit: int | None
    ) -> list[TaskRow]:
        tasks = sorted(self._tasks(kind, who, reach), key=lambda t: _task_key(kind, t))
        if after is not None:
            tasks = [t for t in tasks if _task_key(kind, t) > _typed(after)]
        return tasks if limit is None else tasks[:limit]

    def count_tasks(self, kind: str, who: UUID, reach: Sight) -> int:
        return len(self._tasks(kind, who, reach))

    def _tasks(self, kind: str, who: UUID, reach: Sight) -> list[TaskRow]:
        with self._database_lock:
            rows = [r for r in self._review_index.values() if reach.matches(r.scope)]
            slots = list(self._slots.values())
        if kind == "write":
            return [
                TaskRow(r)
                for r in rows
                if "|write_report|" in r.accepts and (r.aspects_missing or r.aspects_short)
            ]
        if kind == "sign":
            current = {r.signoff_id: r for r in rows if "|sign|" in r.accepts and r.signoff_id}
            return [
                TaskRow(current[s.signoff_id], slot=s.slot, role=s.role)
                for s in slots
                if s.holder == who and s.mark is None and s.signoff_id in current
            ]
        return [
            TaskRow(r, measure_id=m, measure_n=n, measure_due_on=due, measure_status=status)
            for r in rows
            if "|follow_up|" in r.accepts
            for m, n, due, status in measures_of(r)
            if status != "taken"
        ]

    # ---- accounts and slots ---------------------------------------------------------------

    def select_account_row(self, account_id: UUID) -> AccountRow | None:
        return self._accounts.get(str(account_id))

    def select_account_rows(self) -> list[AccountRow]:
        return sorted(self._accounts.values(), key=lambda a: a.username)

    def select_reference_rows(self, kind: str) -> list[ReferenceRow]:
        rows = [r for r in self._references.values() if r.kind == kind]
        return sorted(rows, key=lambda r: (r.parent, r.code))

    def select_slot_rows(self, signoff_id: UUID | None = None) -> list[SlotRow]:
        found = [s for s in self._slots.values() if signoff_id in (None, s.signoff_id)]
        return sorted(found, key=lambda s: (str(s.signoff_id), s.slot))


def _overdue(row: IndexRow, today: date) -> bool:
    return row.lane == 0 and row.due_on < today


def _filtered(f: ReviewFilter, r: IndexRow) -> bool:
    return (
        f.jurisdiction in (None, r.jurisdiction)
        and f.status in (None, r.status)
        and f.student_key in (None, r.student_key)
        and (f.overdue is None or _overdue(r, f.today) is f.overdue)
        and f.paper_marks in (None, r.paper_marks)
        and (not f.school or f.school in r.school)
        and (f.occurred_from is None or r.occurred_on >= f.occurred_from)
        and (f.occurred_to is None or r.occurred_on <= f.occurred_to)
    )


def _typed(values: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(str(v) if isinstance(v, UUID) else v for v in values)


def _key(row: IndexRow, sort: Sequence[str]) -> tuple[Any, ...]:
    return _typed([getattr(row, c) for c in sort])


def _task_key(kind: str, t: TaskRow) -> tuple[Any, ...]:
    if kind == "write":
        return _typed([t.row.due_on, t.row.review_id])
    if kind == "sign":
        return _typed([t.row.due_on, t.row.review_id, t.slot])
    return _typed([t.measure_due_on, t.row.review_id, t.measure_id])
