"""The API's sign-off: sending for signature, signing, sealing, declining, closing,
correcting a closed review."""

from __future__ import annotations

from typing import Any

from domain.values import Mark
from web.api import represent
from web.api.reviews import blp, view
from web.schemas.review_out import ReviewOut
from web.schemas.reviews import Expectation, Expected
from web.schemas.signoff import (
    Close,
    CloseInput,
    Correction,
    CorrectionInput,
    SignatureInput,
    SignatureRequest,
)
from web.security import as_uuid, bearer, workspace


@blp.route("/reviews/<review_id>/signoff", methods=["POST"])
@blp.arguments(Expected)
@blp.response(201, ReviewOut)
@bearer
def send(data: Expectation, review_id: str) -> Any:
    """Send this exact revision of the report for signature."""
    rid = as_uuid(review_id)
    workspace().send_for_signature(rid, expected_version=data.expected_version)
    return view(rid)


@blp.route("/reviews/<review_id>/signoff/signatures", methods=["POST"])
@blp.arguments(SignatureRequest)
@blp.response(201, ReviewOut)
@bearer
def sign(data: SignatureInput, review_id: str) -> Any:
    """Sign or seal a slot with the password, or decline it with a reason; the same
    request repeated (a double submission) answers with the state it made."""
    rid = as_uuid(review_id)
    slot = represent.internal_slot(data.slot)
    # A missing reason or password is refused by the rules themselves, naming the field.
    if data.decision == "decline":
        workspace().decline(rid, slot=slot, reason=data.reason)
    elif data.kind == Mark.SEAL.value:
        workspace().seal(rid, slot=slot, password=data.password)
    else:
        workspace().sign(rid, slot=slot, password=data.password)
    return view(rid)


@blp.route("/reviews/<review_id>/close", methods=["POST"])
@blp.arguments(Close)
@blp.response(200, ReviewOut)
@bearer
def close(data: CloseInput, review_id: str) -> Any:
    """Close the review (a reason for the lateness when past its due date)."""
    rid = as_uuid(review_id)
    workspace().close_review(
        rid, late_reason=data.late_reason, expected_version=data.expected_version
    )
    return view(rid)


@blp.route("/reviews/<review_id>/corrections", methods=["POST"])
@blp.arguments(Correction)
@blp.response(201, ReviewOut)
@bearer
def open_correction(data: CorrectionInput, review_id: str) -> Any:
    """Open a correction of a closed review, with a reason."""
    rid = as_uuid(review_id)
    workspace().open_correction(rid, reason=data.reason, expected_version=data.expected_version)
    return view(rid)
