"""The case lists city-wide case officers keep (issue 21): the risk-point themes and the
expert pool, reference data like the administrators' jurisdictions and schools (decision
22) but of their own kinds; and choosing a risk point's themes on a review."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from application.errors import AccessDenied
from application.expert_pool import ExpertChoice
from application.policy import Action
from application.projection import ReferenceRow
from application.views import ReferenceEvent
from application.workspace.base import WorkspaceBase, requires, requires_global
from domain import validation as v
from domain.reference import ReferenceKind

# The kinds city-wide officers keep; administrators keep the others.
CASE_KINDS = (ReferenceKind.THEME.value, ReferenceKind.EXPERT.value)
# Kept by city-wide officers too, on pages still to come (issue 23): administrators no.
NOT_ADMINS = (*CASE_KINDS, ReferenceKind.CHECKLIST_TEMPLATE.value)
ADMIN_KINDS = tuple(k.value for k in ReferenceKind if k.value not in NOT_ADMINS)


class CaseLists(WorkspaceBase):
    @requires_global(Action.KEEP_CASE_LISTS)
    def case_list_entries(self, kind: str) -> list[ReferenceRow]:
        """Every entry of one kept kind (themes, experts), active or not."""
        return self.desk.reference_entries(_case_kind(kind))

    @requires_global(Action.KEEP_CASE_LISTS)
    def case_list_history(self, entry_id: UUID) -> list[ReferenceEvent]:
        """One theme's or expert's changes."""
        self._case_entry(entry_id)
        return self.desk.reference_history(entry_id)

    @requires_global(Action.KEEP_CASE_LISTS)
    def add_case_list_entry(self, *, kind: str, code: str, label: str) -> UUID:
        """Add a theme or an expert."""
        return self.desk.add_reference(
            kind=_case_kind(kind), code=code, label=label, actor=self.actor
        )

    @requires_global(Action.KEEP_CASE_LISTS)
    def rename_case_list_entry(self, entry_id: UUID, *, label: str) -> None:
        """Give a theme or an expert a new label (the code stays)."""
        self._case_entry(entry_id)
        self.desk.rename_reference(entry_id, label=label, actor=self.actor)

    @requires_global(Action.KEEP_CASE_LISTS)
    def deactivate_case_list_entry(self, entry_id: UUID) -> None:
        """Stop offering a theme or an expert."""
        self._case_entry(entry_id)
        self.desk.deactivate_reference(entry_id, actor=self.actor)

    @requires_global(Action.KEEP_CASE_LISTS)
    def reactivate_case_list_entry(self, entry_id: UUID) -> None:
        """Offer a theme or an expert again."""
        self._case_entry(entry_id)
        self.desk.reactivate_reference(entry_id, actor=self.actor)

    @requires_global(Action.KEEP_CASE_LISTS)
    def add_expert(
        self,
        *,
        code: str,
        name: str,
        unit: str = "",
        specialities: Sequence[str],
        jurisdictions: Sequence[str],
        account: str = "",
    ) -> UUID:
        """Add a member to the expert pool, with unit, specialities and places served."""
        return self.desk.add_expert(
            code=code,
            name=name,
            unit=unit,
            specialities=specialities,
            jurisdictions=jurisdictions,
            account=account,
            actor=self.actor,
        )

    @requires_global(Action.KEEP_CASE_LISTS)
    def describe_expert(
        self,
        entry_id: UUID,
        *,
        unit: str = "",
        specialities: Sequence[str],
        jurisdictions: Sequence[str],
        account: str = "",
    ) -> None:
        """Change a pool member's details."""
        self._case_entry(entry_id)
        self.desk.describe_expert(
            entry_id,
            unit=unit,
            specialities=specialities,
            jurisdictions=jurisdictions,
            account=account,
            actor=self.actor,
        )

    @requires(Action.MANAGE_TEAM)
    def expert_choices(
        self, review_id: UUID, *, speciality: str | None = None
    ) -> list[ExpertChoice]:
        """The pool members serving this review's jurisdiction (with ``speciality``), with
        how many open reviews each already serves, least loaded first."""
        scope = self._scope(review_id)
        return self.desk.expert_pool(scope.jurisdiction, speciality or None)

    @requires_global(Action.LIST_REVIEWS)
    def theme_choices(self) -> list[ReferenceRow]:
        """Every theme (active or not: a review may name a deactivated one), to choose
        the active ones and to read the labels of all."""
        return self.desk.reference_entries(ReferenceKind.THEME.value)

    @requires(Action.CLASSIFY)
    def classify_risk_point(
        self,
        review_id: UUID,
        *,
        risk_point_id: UUID,
        themes: Sequence[str],
        expected_version: int | None = None,
    ) -> int:
        """Choose a risk point's themes (not signed content: voids nothing)."""
        return self.desk.classify_risk_point(
            review_id,
            risk_point_id=risk_point_id,
            themes=themes,
            actor=self.actor,
            expected_version=expected_version,
        )

    def _case_entry(self, entry_id: UUID) -> ReferenceRow:
        entry = self.desk.reference_entry(v.an_id("entry_id", entry_id))
        if entry.kind not in CASE_KINDS:
            raise AccessDenied("this list is kept by administrators")
        return entry


def _case_kind(kind: str) -> str:
    the_kind = v.choice("kind", kind, ReferenceKind).value
    if the_kind not in CASE_KINDS:
        raise AccessDenied("this list is kept by administrators")
    return the_kind
