"""催办: a case officer presses the holders of a review's pending items. While the report is
out for signature, those are the holders of the slots not yet signed; before, the team,
whose members write the four aspects. At most once an hour per review (the domain's rule),
recorded in the review's history; the notifier tells each of them."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from application.delivery import Delivering
from domain import validation as v
from domain.review import Review
from domain.values import Status


class Urging(Delivering):
    def urge(self, review_id: UUID, *, note: str = "", actor: UUID) -> int:
        """Urge the holders of the review's pending items; the review's new version."""
        review_id = v.an_id("review_id", review_id)

        def press(review: Review, who: UUID, now: datetime) -> None:
            review.urge(note, self.pending_holders(review), who, now)

        return self._change(review_id, actor, None, press)

    def pending_holders(self, review: Review) -> list[UUID]:
        """Who holds what is pending on the review now."""
        if review.status is Status.AWAITING_SIGNATURES and review.signoff_id is not None:
            signoff = self._get_signoff(review.signoff_id)
            return [signoff.slots[k].holder for k in signoff.unsigned_slots()]
        return [m.account_id for m in review.team.values()]
