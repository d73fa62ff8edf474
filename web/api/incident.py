"""The API's corrections of an incident and the withdrawal of a registration."""

from __future__ import annotations

from typing import Any

from web.api.reviews import blp, view
from web.schemas.review_out import ReviewOut
from web.schemas.reviews import (
    Expectation,
    Expected,
    IncidentCorrection,
    IncidentPatch,
    WithdrawalRequest,
    WithdrawRegistration,
)
from web.security import as_uuid, bearer, workspace


@blp.route("/reviews/<review_id>/incident", methods=["PATCH"])
@blp.arguments(IncidentPatch)
@blp.response(200, ReviewOut)
@bearer
def correct_incident(data: IncidentCorrection, review_id: str) -> Any:
    """Correct any of the incident's facts, with a ``reason``: a new ``occurred_on`` moves
    the due date; a new ``jurisdiction`` needs it in the caller's scope too."""
    rid = as_uuid(review_id)
    workspace().correct_incident(
        rid,
        reason=data.reason,
        occurred_on=data.occurred_on,
        school=data.school,
        jurisdiction=data.jurisdiction,
        category=data.category,
        on_premises=data.on_premises,
        student=data.student.facts() if data.student else None,
        expected_version=data.expected_version,
    )
    return view(rid)


@blp.route("/reviews/<review_id>/withdraw", methods=["POST"])
@blp.arguments(WithdrawRegistration)
@blp.response(200, ReviewOut)
@bearer
def request_withdrawal(data: WithdrawalRequest, review_id: str) -> Any:
    """Ask to withdraw a registration made in error (``reason``, 10 characters at least)
    or twice (``duplicate_of``); another city-wide case officer confirms."""
    rid = as_uuid(review_id)
    workspace().request_withdrawal(
        rid,
        reason=data.reason,
        duplicate_of=data.duplicate_of,
        expected_version=data.expected_version,
    )
    return view(rid)


@blp.route("/reviews/<review_id>/withdraw/confirm", methods=["POST"])
@blp.arguments(Expected)
@blp.response(200, ReviewOut)
@bearer
def confirm_withdrawal(data: Expectation, review_id: str) -> Any:
    """Confirm another officer's request: the status becomes ``withdrawn``."""
    rid = as_uuid(review_id)
    workspace().confirm_withdrawal(rid, expected_version=data.expected_version)
    return view(rid)


@blp.route("/reviews/<review_id>/withdraw/cancel", methods=["POST"])
@blp.arguments(Expected)
@blp.response(200, ReviewOut)
@bearer
def cancel_withdrawal(data: Expectation, review_id: str) -> Any:
    """Drop the request to withdraw."""
    rid = as_uuid(review_id)
    workspace().cancel_withdrawal(rid, expected_version=data.expected_version)
    return view(rid)
