"""The report as a principal: the four aspects, risk points, measures, their corrections
with a reason, and the follow-up of measures (also on a closed review)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from uuid import UUID

from application.policy import Action
from application.report_commands import AspectEdit, Created
from application.workspace.base import WorkspaceBase, requires


class Report(WorkspaceBase):
    @requires(Action.WRITE_REPORT)
    def write_aspect(
        self,
        review_id: UUID,
        *,
        aspect: str,
        text: str,
        expected_version: int | None = None,
        expected_draft: int | None = None,
    ) -> int:
        """Rewrite one of the four aspects (``expected_draft``: per-aspect concurrency)."""
        return self.desk.write_aspect(
            review_id,
            aspect=aspect,
            text=text,
            actor=self.actor,
            expected_version=expected_version,
            expected_draft=expected_draft,
        )

    @requires(Action.WRITE_REPORT)
    def write_aspects(self, review_id: UUID, *, edits: Mapping[str, AspectEdit]) -> int:
        """Save the four aspects of the review page in one submit."""
        return self.desk.write_aspects(review_id, edits=edits, actor=self.actor)

    @requires(Action.WRITE_REPORT)
    def record_risk_point(
        self,
        review_id: UUID,
        *,
        description: str,
        expected_version: int | None = None,
        themes: Sequence[str] = (),
    ) -> Created:
        """Record a risk point or weak link, with its themes if chosen."""
        return self.desk.record_risk_point(
            review_id,
            description=description,
            actor=self.actor,
            expected_version=expected_version,
            themes=themes,
        )

    @requires(Action.WRITE_REPORT)
    def revise_risk_point(
        self,
        review_id: UUID,
        *,
        risk_point_id: UUID,
        description: str,
        reason: str,
        expected_version: int | None = None,
    ) -> int:
        """Correct a risk point's description, with the reason."""
        return self.desk.revise_risk_point(
            review_id,
            risk_point_id=risk_point_id,
            description=description,
            reason=reason,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.WRITE_REPORT)
    def withdraw_risk_point(
        self,
        review_id: UUID,
        *,
        risk_point_id: UUID,
        reason: str,
        expected_version: int | None = None,
    ) -> int:
        """Withdraw a risk point that no measure addresses, with the reason."""
        return self.desk.withdraw_risk_point(
            review_id,
            risk_point_id=risk_point_id,
            reason=reason,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.WRITE_REPORT)
    def propose_measure(
        self,
        review_id: UUID,
        *,
        description: str,
        addresses: list[UUID],
        owner: str,
        due_on: date | str,
        expected_version: int | None = None,
    ) -> Created:
        """Propose a prevention measure for named risk points."""
        return self.desk.propose_measure(
            review_id,
            description=description,
            addresses=addresses,
            owner=owner,
            due_on=due_on,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.WRITE_REPORT)
    def revise_measure(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        reason: str,
        description: str | None = None,
        addresses: list[UUID] | None = None,
        owner: str | None = None,
        due_on: date | str | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Correct a measure as proposed (signed content), with the reason; a field not
        given keeps its value."""
        return self.desk.revise_measure(
            review_id,
            measure_id=measure_id,
            description=description,
            addresses=addresses,
            owner=owner,
            due_on=due_on,
            reason=reason,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.WRITE_REPORT)
    def withdraw_measure(
        self, review_id: UUID, *, measure_id: UUID, reason: str, expected_version: int | None = None
    ) -> int:
        """Withdraw a proposed measure, with the reason."""
        return self.desk.withdraw_measure(
            review_id,
            measure_id=measure_id,
            reason=reason,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.FOLLOW_UP)
    def set_measure_owner_account(
        self, review_id: UUID, *, measure_id: UUID, account_id: UUID | None
    ) -> int:
        """Name who is reminded as the measure falls due (None: nobody)."""
        return self.desk.set_measure_owner_account(
            review_id, measure_id=measure_id, account_id=account_id, actor=self.actor
        )

    @requires(Action.FOLLOW_UP)
    def record_measure_progress(
        self, review_id: UUID, *, measure_id: UUID, note: str, expected_version: int | None = None
    ) -> int:
        """Record progress on a measure."""
        return self.desk.record_measure_progress(
            review_id,
            measure_id=measure_id,
            note=note,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.FOLLOW_UP)
    def record_measure_taken(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        evidence: str,
        expected_version: int | None = None,
    ) -> int:
        """Record that a measure was taken, with evidence."""
        return self.desk.record_measure_taken(
            review_id,
            measure_id=measure_id,
            evidence=evidence,
            actor=self.actor,
            expected_version=expected_version,
        )
