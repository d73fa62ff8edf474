"""What lists and pages read: the review index and the projections, kept in the events'
transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol
from uuid import UUID

from application.index import IndexRow
from application.listing import CountRow, Listed, ReviewFilter, TaskRow
from application.policy import Sight
from application.projection import AccountRow, Projections, ReferenceRow, SlotRow


class ReviewIndexRecorder(Protocol):
    """An application recorder that also keeps the review index in the events' transaction.

    ``insert_events(..., index_rows=[...])`` upserts the rows in the same transaction.
    """

    def select_review_index(
        self,
        *,
        jurisdiction: str | None = None,
        status: str | None = None,
        review_id: UUID | None = None,
        jurisdictions: list[str] | None = None,
        participant: UUID | None = None,
        duplicate_key: str | None = None,
    ) -> list[IndexRow]:
        """Rows matching every given filter; ``jurisdictions`` and ``participant`` together
        match either."""
        ...

    def replace_review_index(self, rows: Sequence[IndexRow]) -> None:
        """Replace every review's row (and what is derived from it) with ``rows``."""
        ...


class Counters(Protocol):
    """Numbers drawn atomically across every process, and notes of when things last ran."""

    def draw_number(self, counter: str, floor: int) -> int:
        """The counter's next number, and at least ``floor``."""
        ...

    def note(self, name: str, value: str) -> None:
        """Keep ``value`` under ``name`` (when the reminders or a backup last ran)."""
        ...

    def noted(self, name: str) -> str | None: ...


class ProjectionRecords(Protocol):
    """The projections lists read (``application.projection``): written in the events'
    transaction (``save(..., index_rows=, slot_rows=, account_rows=,
    reference_rows=)``), rebuilt from the
    events, queried with filters, keyset cursors and aggregates (``application.listing``)."""

    def projection_shape(self) -> str:
        """The shape the stored projections were built with ("" before the first build)."""
        ...

    def rebuild_projections(self, shape: str, build: Callable[[], Projections]) -> bool:
        """If the stored projections are not of ``shape``: recreate their tables, fill them
        with ``build()`` and record the shape, once even when several processes start
        together. True if it rebuilt."""
        ...

    def replace_projections(self, projections: Projections) -> None:
        """Replace everything the projections hold, in one transaction."""
        ...

    def projection_generation(self) -> int:
        """A number that changes with every write to the projections (in any process)."""
        ...

    def select_review_page(
        self, f: ReviewFilter, sort: Sequence[str], after: Sequence[Any] | None, limit: int
    ) -> list[Listed]:
        """Up to ``limit`` reviews matching ``f``, ordered by the ``sort`` columns, after the
        keyset ``after``; with their pending slots and open and overdue measures."""
        ...

    def count_reviews(self, f: ReviewFilter) -> int: ...

    def count_by(self, f: ReviewFilter) -> list[CountRow]:
        """How many reviews match ``f``, by jurisdiction, status, late and overdue."""
        ...

    def select_tasks(
        self, kind: str, who: UUID, reach: Sight, after: Sequence[Any] | None, limit: int | None
    ) -> list[TaskRow]:
        """Tasks of one kind (``application.listing.TASK_KINDS``) waiting on ``who`` within
        ``reach``, in the kind's keyset order."""
        ...

    def count_tasks(self, kind: str, who: UUID, reach: Sight) -> int: ...

    def select_account_row(self, account_id: UUID) -> AccountRow | None: ...

    def select_account_rows(self) -> list[AccountRow]:
        """Every account, by username."""
        ...

    def select_reference_rows(self, kind: str) -> list[ReferenceRow]:
        """Every reference entry of this kind (active or not), by parent and code."""
        ...

    def last_reference_number(self, prefix: str) -> str | None:
        """The highest reference number starting with ``prefix`` (复盘-2026-), if any."""
        ...

    def select_slot_rows(self, signoff_id: UUID | None = None) -> list[SlotRow]:
        """The slots of one sign-off (or of all), by sign-off and slot."""
        ...
