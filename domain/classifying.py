"""Classifying a review's risk points by theme (issue 21): one or more themes per risk
point, chosen by the team; a measure inherits the themes of the risk points it addresses.

A part of the Review aggregate (``domain/review.py``). Themes are classification, not
signed content: choosing them voids nothing and is allowed on a closed review. The blocker
``themes_missing`` applies to a report sent for signature from the release that brought
themes on: a sending records that it required themes (``SentForSignature.themes_required``,
class_version 2); a sending stored before (v1) did not, so an older review awaiting
signatures or closed is not blocked, and shows its risk points as unclassified (未分类).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from uuid import UUID

from domain import validation as v
from domain.errors import InvalidValue, Reason
from domain.review_base import ReviewBase
from domain.theme_events import RiskPointClassified
from domain.values import Measure, Status

MAX_THEMES = 10
THEME_CODE_MAX = 100


class Classifying(ReviewBase):
    risk_point_themes: dict[str, list[str]]
    themes_rule: bool  # whether the last sending required themes
    check_risk_point: Callable[[UUID], None]  # the report's (domain.report)

    def classify_risk_point(
        self, risk_point_id: UUID, themes: Iterable[str], actor: UUID, now: datetime
    ) -> None:
        """Set the themes of one risk point (at least one); the same set again records
        nothing. Allowed in every state but erased or withdrawn; voids nothing."""
        self.check_writable()
        self.check_risk_point(risk_point_id)
        chosen = clean_themes(themes)
        if chosen != self.themes_of(risk_point_id):
            self._trigger(
                RiskPointClassified, actor, now, risk_point_id=risk_point_id, themes=chosen
            )

    # ---- derived -------------------------------------------------------------------

    def themes_of(self, risk_point_id: UUID | str) -> list[str]:
        """A risk point's themes, sorted (empty: unclassified)."""
        return list(self.risk_point_themes.get(str(risk_point_id), []))

    def measure_themes(self, measure: Measure) -> list[str]:
        """A measure's themes: those of the (current) risk points it addresses."""
        found: set[str] = set()
        for rp in measure.addresses:
            if str(rp) in self.risk_points:
                found.update(self.themes_of(rp))
        return sorted(found)

    def unthemed_risk_points(self) -> list[str]:
        """The current risk points without a theme, in the order they were recorded."""
        return [key for key in self.risk_points if not self.risk_point_themes.get(key)]

    def themes_apply(self) -> bool:
        """Whether the ``themes_missing`` blocker applies: to the next sending always; to
        a report out for signature or closed only if its sending required themes."""
        if self.status in (Status.AWAITING_SIGNATURES, Status.CLOSED):
            return self.themes_rule
        return True


def clean_themes(themes: Iterable[str]) -> list[str]:
    """At least one theme code, each a short text; sorted, without repeats."""
    if isinstance(themes, str):
        themes = [themes]
    chosen = sorted({v.text("themes", t, max_len=THEME_CODE_MAX) for t in themes})
    if not chosen:
        raise InvalidValue("themes", Reason.REQUIRED)
    if len(chosen) > MAX_THEMES:
        raise InvalidValue("themes", Reason.OUT_OF_RANGE, limit=MAX_THEMES)
    return chosen
