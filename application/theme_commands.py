"""Use cases on a review's themes (issue 21): choosing the themes of a risk point, which
is classification and not signed content (allowed on a closed review; voids nothing).
A theme is the code of an active entry of the reference list of kind ``theme``."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from application.base import DeskBase
from domain import validation as v
from domain.classifying import clean_themes
from domain.errors import InvalidValue, Reason
from domain.reference import ReferenceKind

THEME = ReferenceKind.THEME.value


class ThemeCommands(DeskBase):
    def classify_risk_point(
        self,
        review_id: UUID,
        *,
        risk_point_id: UUID,
        themes: Iterable[str],
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Set the themes of one risk point (at least one, each an active theme)."""
        point = v.an_id("risk_point_id", risk_point_id)
        chosen = self.listed_themes(themes)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.classify_risk_point(point, chosen, who, now),
        )

    def listed_themes(self, themes: Iterable[str]) -> list[str]:
        """The chosen theme codes, checked against the active themes of the list."""
        chosen = clean_themes(themes)
        active = {r.code for r in self.store.select_reference_rows(THEME) if r.active}
        if any(code not in active for code in chosen):
            raise InvalidValue("themes", Reason.NOT_IN_LIST)
        return chosen
