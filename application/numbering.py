"""Reference numbers (复盘-2026-0042): one per review, counted per registration year
(Asia/Shanghai), carried by the ``Registered`` event and saved with it. Messages that leave
fupan name a review by it, never by its student or school.

A number is drawn from the year's counter in one atomic statement (every process shares
it; never below the highest number a review holds), so two registrations at once draw two
numbers; the projection's unique index refuses a duplicate should the counter ever be lost,
and the registration draws again. A failed registration leaves a gap. Reviews registered
before numbers existed get theirs from ``fupan migrate`` (``number_unnumbered_reviews``), in
the order they were registered.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from application.base import DeskBase
from application.errors import ConflictError
from domain.deadline import local_date
from domain.incident import REFERENCE, REFERENCE_PREFIX, reference_number
from domain.review import Review

# Who assigns numbers to reviews registered before them: fupan itself, not an account.
SYSTEM_ACTOR = UUID(int=0)
DRAWS = 3  # a number is drawn atomically: a second draw only if the counter was lost


class ReferenceNumbers(DeskBase):
    def next_reference_number(self, at: datetime) -> str:
        """The next number of the registration year of ``at``, drawn from the year's
        counter (never below the highest number the reviews hold)."""
        year = local_date(at).year
        last = self.store.last_reference_number(f"{REFERENCE_PREFIX}-{year:04d}-")
        found = REFERENCE.fullmatch(last) if last else None
        floor = int(found.group(2)) + 1 if found else 1
        return reference_number(year, self.store.draw_number(f"reference:{year}", floor))

    def _save_numbered(
        self,
        make: Callable[[str], Review],
        now: datetime,
        rows: Callable[[Review], dict[str, Any]],
    ) -> Review:
        """Save a new review (``make(reference number)``) with the next reference number,
        drawing again if another registration took it meanwhile."""
        for draw in range(DRAWS):
            review = make(self.next_reference_number(now))
            try:
                self._save(review, **rows(review))
            except ConflictError:
                if draw == DRAWS - 1:
                    raise
                continue
            return review
        raise AssertionError("unreachable")  # pragma: no cover

    def number_unnumbered_reviews(self, progress: Callable[[int], None] | None = None) -> int:
        """Give every review that has no reference number one, in registration order (the
        year is each review's registration year). Returns how many were numbered; running it
        again numbers none."""
        unnumbered = sorted(
            (row for row in self.index.select_review_index() if not row.reference),
            key=lambda row: (row.registered_at, str(row.review_id)),
        )
        for done, row in enumerate(unnumbered, start=1):
            review = self._get(row.review_id, None)
            if review.reference is None:
                number = self.next_reference_number(review.created_on)
                review.assign_reference_number(number, SYSTEM_ACTOR, self.clock.now())
                self._save(review)
            if progress is not None:
                progress(done)
        return len(unnumbered)
