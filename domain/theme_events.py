"""A risk point's themes (classification across reviews, issue 21): not signed content.

Choosing a risk point's themes changes nothing a signature covers, so it voids nothing and
is allowed on a closed review (recorded, like the follow-up of measures). Themes are codes
of the reference list of kind ``theme``; they are not sealed (a controlled list, no
personal data), so the projections count them without decrypting anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from domain.review_event_base import ReviewEvent

if TYPE_CHECKING:
    from domain.review import Review


class RiskPointClassified(ReviewEvent):
    """The themes of one risk point, as chosen by the team (the whole set, replacing the
    previous one)."""

    risk_point_id: UUID
    themes: list[str]

    def apply(self, review: Review) -> None:
        review.risk_point_themes[str(self.risk_point_id)] = list(self.themes)
