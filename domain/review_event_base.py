"""The bases of a Review stream's events: every event records the acting account and names
its sealed fields; the events that change signed content return a review awaiting signatures
to drafting. Neither base is stored itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

if TYPE_CHECKING:
    from domain.review import Review


class ReviewEvent(Aggregate.Event):
    actor: UUID

    # Fields sealed under the review's data key at rest (docs/confidentiality.md).
    sensitive_fields: ClassVar[tuple[str, ...]] = ()


class ContentChanged(ReviewEvent):
    """Base of the events that change signed content."""

    def apply(self, review: Review) -> None:
        self.change(review)
        review.content_changed()

    def change(self, review: Review) -> None:
        raise NotImplementedError
