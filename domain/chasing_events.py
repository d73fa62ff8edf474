"""The events of a review that serve chasing its deadline, outside its report: its reference
number (how messages leaving fupan name it) and 催办.

Both were first stored as ``domain.review_events:<name>``; those topics stay mapped to them
(``register_topic`` at the foot), as ``docs/events.md`` says for a moved class.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from eventsourcing.utils import register_topic

from domain.review_event_base import ReviewEvent

if TYPE_CHECKING:
    from domain.review import Review


class ReferenceNumberAssigned(ReviewEvent):
    """The review's reference number (复盘-2026-0042): how messages that leave fupan name
    it, in place of anything about the student or the school. Assigned once, in the
    registration's transaction (or by ``fupan migrate`` for reviews registered before)."""

    number: str

    def apply(self, review: Review) -> None:
        review.reference = self.number


class Urged(ReviewEvent):
    """催办: an officer pressed the holders of the review's pending items (``recipients``),
    with a note (sealed). Outside the signed content: allowed while the review is open."""

    sensitive_fields = ("note",)
    note: str
    recipients: tuple[UUID, ...]

    def apply(self, review: Review) -> None:
        review.last_urged_at = self.timestamp


for _moved in (ReferenceNumberAssigned, Urged):
    register_topic(f"domain.review_events:{_moved.__name__}", _moved)
