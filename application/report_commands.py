"""Use cases on the report: the four aspects, risk points, measures and their follow-up."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.base import DeskBase, ids
from domain import validation as v
from domain.values import Aspect


class ReportCommands(DeskBase):
    def write_aspect(
        self,
        review_id: UUID,
        *,
        aspect: str,
        text: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Rewrite one of the four aspects."""
        which = v.choice("aspect", aspect, Aspect)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.write_aspect(which, text, who, now),
        )

    def record_risk_point(
        self,
        review_id: UUID,
        *,
        description: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> UUID:
        """Record a risk point or weak link; returns its id."""
        return self._amend(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.record_risk_point(description, who, now),
        )[1]

    def revise_risk_point(
        self,
        review_id: UUID,
        *,
        risk_point_id: UUID,
        description: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Rewrite a risk point's description."""
        point = v.an_id("risk_point_id", risk_point_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.revise_risk_point(point, description, who, now),
        )

    def withdraw_risk_point(
        self,
        review_id: UUID,
        *,
        risk_point_id: UUID,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Withdraw a risk point that no measure addresses."""
        point = v.an_id("risk_point_id", risk_point_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.withdraw_risk_point(point, who, now),
        )

    def propose_measure(
        self,
        review_id: UUID,
        *,
        description: str,
        addresses: list[UUID],
        owner: str,
        due_on: date | str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> UUID:
        """Propose a prevention measure for named risk points; returns its id."""
        links = ids("addresses", addresses)
        due = v.a_date("due_on", due_on)
        return self._amend(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.propose_measure(
                description=description,
                addresses=links,
                owner=owner,
                due_on=due,
                actor=who,
                now=now,
            ),
        )[1]

    def revise_measure(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        description: str,
        addresses: list[UUID],
        owner: str,
        due_on: date | str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Revise a measure as proposed (signed content)."""
        measure = v.an_id("measure_id", measure_id)
        links = ids("addresses", addresses)
        due = v.a_date("due_on", due_on)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.revise_measure(
                measure,
                description=description,
                addresses=links,
                owner=owner,
                due_on=due,
                actor=who,
                now=now,
            ),
        )

    def withdraw_measure(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Withdraw a proposed measure."""
        measure = v.an_id("measure_id", measure_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.withdraw_measure(measure, who, now),
        )

    def record_measure_progress(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        note: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Follow-up on a measure; allowed on a closed review and voids nothing."""
        measure = v.an_id("measure_id", measure_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.record_measure_progress(measure, note, who, now),
        )

    def record_measure_taken(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        evidence: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Record that a measure was taken, with evidence; allowed on a closed review."""
        measure = v.an_id("measure_id", measure_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.record_measure_taken(measure, evidence, who, now),
        )
