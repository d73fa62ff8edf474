"""Writing the report: the four aspects, risk points and prevention measures.

A part of the Review aggregate (``domain/review.py``). Everything here is signed content
except a measure's follow-up (progress and that it was taken, with evidence), which is
allowed in every state, a closed review included, and voids nothing (brief, rule 5).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from domain import review_events as events
from domain import validation as v
from domain.deadline import MEASURE_HORIZON_YEARS, local_date, years_after
from domain.errors import (
    AspectChanged,
    Code,
    InvalidValue,
    InvalidValues,
    NotFoundInReview,
    Reason,
    RuleRefusal,
)
from domain.review_base import ReviewBase
from domain.values import Aspect, MeasureStatus


class ReportDrafting(ReviewBase):
    def write_aspect(
        self,
        aspect: Aspect,
        text: str,
        actor: UUID,
        now: datetime,
        expected_draft: int | None = None,
    ) -> None:
        """Rewrite one of the four aspects; writing the same text again records nothing.
        With ``expected_draft``, refused if someone else saved this aspect since then."""
        self.write_aspects({aspect: text}, actor, now, {aspect: expected_draft}, field="text")

    def write_aspects(
        self,
        texts: Mapping[Aspect, str],
        actor: UUID,
        now: datetime,
        expected_drafts: Mapping[Aspect, int | None] | None = None,
        field: str = "aspects.{aspect}.text",
    ) -> None:
        """Rewrite several aspects at once: each changed one becomes its own event; if any is
        refused (blank, too long, changed by someone else since read), none is written."""
        self.check_not_closed()
        clean: dict[Aspect, str] = {}
        refused: list[InvalidValue] = []
        for aspect, text in texts.items():
            try:
                clean[aspect] = v.text(field.format(aspect=aspect.value), text, max_len=v.LONG)
            except InvalidValue as e:
                refused.append(e)
        if refused:
            raise InvalidValues(refused)
        changed = {a: t for a, t in clean.items() if t != self.aspect_text(a)}
        self.check_drafts({a: (expected_drafts or {}).get(a) for a in changed})
        for aspect, text in changed.items():
            self._trigger(events.AspectWritten, actor, now, aspect=aspect, text=text)

    def aspect_text(self, aspect: Aspect) -> str:
        current = self.aspects.get(aspect.value)
        return current.text if current else ""

    def aspect_draft(self, aspect: Aspect) -> int:
        """0 before the first text."""
        current = self.aspects.get(aspect.value)
        return current.draft if current else 0

    def check_drafts(self, expected: Mapping[Aspect, int | None]) -> None:
        """Per-aspect concurrency: an aspect conflicts only when it changed since read."""
        changed = {
            a.value: (self.aspect_draft(a), self.aspect_text(a))
            for a, draft in expected.items()
            if draft is not None and draft != self.aspect_draft(a)
        }
        if changed:
            raise AspectChanged(changed)

    def record_risk_point(self, description: str, actor: UUID, now: datetime) -> UUID:
        self.check_not_closed()
        risk_point_id = uuid4()
        self._trigger(
            events.RiskPointRecorded,
            actor,
            now,
            risk_point_id=risk_point_id,
            description=_description(description),
        )
        return risk_point_id

    def revise_risk_point(
        self, risk_point_id: UUID, description: str, reason: str, actor: UUID, now: datetime
    ) -> None:
        """Correct a risk point's description, saying why (the history keeps both)."""
        self.check_not_closed()
        self.check_risk_point(risk_point_id)
        self._trigger(
            events.RiskPointRevised,
            actor,
            now,
            risk_point_id=risk_point_id,
            description=_description(description),
            reason=self.check_reason("reason", reason),
        )

    def withdraw_risk_point(
        self, risk_point_id: UUID, reason: str, actor: UUID, now: datetime
    ) -> None:
        """Take a risk point out of the report, saying why; it stays in the history."""
        self.check_not_closed()
        self.check_risk_point(risk_point_id)
        self.check_risk_point_unused(risk_point_id)
        self._trigger(
            events.RiskPointWithdrawn,
            actor,
            now,
            risk_point_id=risk_point_id,
            reason=self.check_reason("reason", reason),
        )

    def propose_measure(
        self,
        *,
        description: str,
        addresses: list[UUID],
        owner: str,
        due_on: date,
        actor: UUID,
        now: datetime,
        horizon_years: int = MEASURE_HORIZON_YEARS,
    ) -> UUID:
        """Propose a measure naming the risk points it addresses, with an owner and a due date
        (not before the incident, at most ``horizon_years`` ahead)."""
        self.check_not_closed()
        measure_id = uuid4()
        fields = self.check_measure(description, addresses, owner, due_on)
        self.check_due_date(due_on, now, horizon_years)
        self._trigger(events.MeasureProposed, actor, now, measure_id=measure_id, **fields)
        return measure_id

    def revise_measure(
        self,
        measure_id: UUID,
        *,
        description: str,
        addresses: list[UUID],
        owner: str,
        due_on: date,
        reason: str,
        actor: UUID,
        now: datetime,
        horizon_years: int = MEASURE_HORIZON_YEARS,
    ) -> None:
        """Correct a measure as proposed, saying why (signed content)."""
        self.check_not_closed()
        self.check_measure_exists(measure_id)
        fields = self.check_measure(description, addresses, owner, due_on)
        if due_on != self.measures[str(measure_id)].due_on:
            self.check_due_date(due_on, now, horizon_years)
        why = self.check_reason("reason", reason)
        self._trigger(
            events.MeasureRevised, actor, now, measure_id=measure_id, reason=why, **fields
        )

    def withdraw_measure(self, measure_id: UUID, reason: str, actor: UUID, now: datetime) -> None:
        """Take a measure out of the report, saying why; it stays in the history."""
        self.check_not_closed()
        self.check_measure_exists(measure_id)
        self._trigger(
            events.MeasureWithdrawn,
            actor,
            now,
            measure_id=measure_id,
            reason=self.check_reason("reason", reason),
        )

    def record_measure_progress(
        self, measure_id: UUID, note: str, actor: UUID, now: datetime
    ) -> None:
        """Follow-up: allowed in every state, a closed review included."""
        self.check_measure_open(measure_id)
        note = v.text("note", note, max_len=v.LONG)
        self._trigger(events.MeasureProgressRecorded, actor, now, measure_id=measure_id, note=note)

    def set_measure_owner_account(
        self, measure_id: UUID, account_id: UUID | None, actor: UUID, now: datetime
    ) -> None:
        """Follow-up: name who is reminded as the measure falls due; every state."""
        self.check_measure_open(measure_id)
        if self.measures[str(measure_id)].owner_account != account_id:
            self._trigger(
                events.MeasureOwnerAccountSet,
                actor,
                now,
                measure_id=measure_id,
                account_id=account_id,
            )

    def record_measure_taken(
        self, measure_id: UUID, evidence: str, actor: UUID, now: datetime
    ) -> None:
        """Follow-up: the measure was taken, with evidence; allowed in every state."""
        self.check_measure_open(measure_id)
        evidence = v.text("evidence", evidence, max_len=v.LONG)
        self._trigger(events.MeasureTaken, actor, now, measure_id=measure_id, evidence=evidence)

    # ---- guards -----------------------------------------------------------------

    def check_risk_point(self, risk_point_id: UUID) -> None:
        if str(risk_point_id) not in self.risk_points:
            raise NotFoundInReview(
                Code.UNKNOWN_RISK_POINT,
                "no such risk point on this review",
                risk_point_id=str(risk_point_id),
            )

    def check_risk_point_unused(self, risk_point_id: UUID) -> None:
        if any(risk_point_id in m.addresses for m in self.measures.values()):
            raise RuleRefusal(
                Code.RISK_POINT_IN_USE, "a measure addresses this risk point; revise it first"
            )

    def check_measure_exists(self, measure_id: UUID) -> None:
        if str(measure_id) not in self.measures:
            raise NotFoundInReview(
                Code.UNKNOWN_MEASURE, "no such measure on this review", measure_id=str(measure_id)
            )

    def check_measure_open(self, measure_id: UUID) -> None:
        self.check_writable()
        self.check_measure_exists(measure_id)
        if self.measures[str(measure_id)].status is MeasureStatus.TAKEN:
            raise RuleRefusal(
                Code.MEASURE_ALREADY_TAKEN, "this measure is already recorded as taken"
            )

    def check_due_date(self, due: date, now: datetime, horizon_years: int) -> None:
        if due < self.incident.occurred_on:
            raise InvalidValue("due_on", Reason.BEFORE_INCIDENT)
        if due > years_after(local_date(now), horizon_years):
            raise InvalidValue("due_on", Reason.BEYOND_HORIZON, limit=horizon_years)

    def check_measure(
        self, description: str, addresses: list[UUID], owner: str, due: date
    ) -> dict[str, Any]:
        if not addresses:
            raise InvalidValue("addresses", Reason.NAME_A_RISK_POINT)
        for risk_point_id in addresses:
            self.check_risk_point(risk_point_id)
        return {
            "description": _description(description),
            "addresses": tuple(dict.fromkeys(addresses)),
            "owner": v.text("owner", owner),
            "due_on": due,
        }


def _description(description: str) -> str:
    return v.text("description", description, max_len=v.LONG)
