"""The review page's corrections of the incident and the withdrawal of a registration made
in error or twice (requested by one officer, confirmed by another)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import request

from web.i18n import _
from web.schemas.reviews import Expected, IncidentPatch, WithdrawRegistration
from web.security import signed_in, workspace
from web.views.reviews import act, bp


@bp.post("/reviews/<review_id>/incident")
@signed_in
def correct_incident(review_id: str) -> Any:
    """Correct the incident's facts, with the reason (a new date moves the due date)."""

    def run(rid: UUID) -> int:
        data = IncidentPatch().load_form(request.form)
        student = data.student.facts() if data.student else None
        return workspace().correct_incident(
            rid,
            reason=data.reason,
            occurred_on=data.occurred_on,
            school=data.school,
            jurisdiction=data.jurisdiction,
            category=data.category,
            on_premises=data.on_premises,
            student=student or None,
            expected_version=data.expected_version,
        )

    return act(review_id, "incident", _("The incident is corrected."), run)


@bp.post("/reviews/<review_id>/withdraw")
@signed_in
def request_withdrawal(review_id: str) -> Any:
    """Ask to withdraw this registration; another city-wide officer confirms."""

    def run(rid: UUID) -> int:
        data = WithdrawRegistration().load_form(request.form)
        return workspace().request_withdrawal(
            rid,
            reason=data.reason,
            duplicate_of=data.duplicate_of,
            expected_version=data.expected_version,
        )

    return act(review_id, "withdrawal", _("The withdrawal awaits a second officer."), run)


@bp.post("/reviews/<review_id>/withdraw/confirm")
@signed_in
def confirm_withdrawal(review_id: str) -> Any:
    """Confirm another officer's request: the registration is withdrawn."""

    def run(rid: UUID) -> int:
        data = Expected().load_form(request.form)
        return workspace().confirm_withdrawal(rid, expected_version=data.expected_version)

    return act(review_id, "withdrawal", _("The registration is withdrawn."), run)


@bp.post("/reviews/<review_id>/withdraw/cancel")
@signed_in
def cancel_withdrawal(review_id: str) -> Any:
    """Drop the request to withdraw."""

    def run(rid: UUID) -> int:
        data = Expected().load_form(request.form)
        return workspace().cancel_withdrawal(rid, expected_version=data.expected_version)

    return act(review_id, "withdrawal", _("The withdrawal is cancelled."), run)
