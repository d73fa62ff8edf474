"""The reviews API: each endpoint parses with a schema, calls the principal's workspace once,
and answers with a declared response schema; refusals are rendered by ``web.errors``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from flask import request
from flask_smorest import Blueprint

from application.accounts import account_id_for
from domain.values import Mark
from infrastructure.integrity.audit import verify_store
from web.api import represent
from web.app import desk, server_keys
from web.schemas.report import (
    AspectInput,
    AspectText,
    Evidence,
    EvidenceInput,
    Measure,
    MeasureInput,
    RiskPoint,
    RiskPointInput,
)
from web.schemas.reviews import (
    AsOf,
    Expectation,
    Expected,
    HistoryOut,
    IntegrityOut,
    Moment,
    NewReview,
    NewReviewInput,
    RegisteredOut,
    ReviewFilters,
    ReviewOut,
    ReviewPageOut,
    ReviewQuery,
)
from web.schemas.signoff import (
    Close,
    CloseInput,
    Correction,
    CorrectionInput,
    SignatureInput,
    SignatureRequest,
)
from web.schemas.team import Member, MemberInput, Signatory, SignatoryInput
from web.security import as_uuid, bearer, workspace

blp = Blueprint("api_reviews", __name__, description="Reviews")


def _view(review_id: UUID) -> dict[str, Any]:
    return represent.review(workspace().get_review(review_id), _names())


def _names() -> dict[str, str]:
    return represent.usernames(desk().list_accounts())


@blp.route("/reviews", methods=["GET"])
@blp.arguments(ReviewFilters, location="query")
@blp.response(200, ReviewPageOut)
@bearer
def list_reviews(query: ReviewQuery) -> Any:
    """The reviews the caller may see, with due dates, days left and flags."""
    items = workspace().list_reviews(jurisdiction=query.jurisdiction, status=query.status)
    if query.overdue is not None:
        items = [i for i in items if i["overdue"] is query.overdue]
    start, limit = query.cursor, query.limit
    page = items[start : start + limit]
    more = start + limit < len(items)
    following = {**request.args.to_dict(), "cursor": start + limit, "limit": limit}
    return {"items": page, "next": f"{request.path}?{urlencode(following)}" if more else None}


@blp.route("/reviews", methods=["POST"])
@blp.arguments(NewReview)
@blp.response(201, RegisteredOut)
@bearer
def register(data: NewReviewInput) -> Any:
    """Register an incident; the review's due date is computed from its date."""
    incident = data.incident
    review_id = workspace().register_incident(
        occurred_on=incident.occurred_on,
        school=incident.school,
        jurisdiction=incident.jurisdiction,
        category=incident.category,
        on_premises=incident.on_premises,
        student=incident.student.facts(),
    )
    view = _view(review_id)
    return {"id": view["id"], "due_on": view["due_on"], "status": view["status"]}


@blp.route("/reviews/<review_id>", methods=["GET"])
@blp.arguments(AsOf, location="query")
@blp.response(200, ReviewOut)
@bearer
def show(query: Moment, review_id: str) -> Any:
    """The review, now or as it stood at ``as_of``."""
    view = workspace().get_review(as_uuid(review_id), as_of=query.as_of)
    return represent.review(view, _names())


@blp.route("/reviews/<review_id>/history", methods=["GET"])
@blp.response(200, HistoryOut)
@bearer
def history(review_id: str) -> Any:
    """Every event of the review and its sign-offs: type, time, actor, data."""
    names = _names()
    events = workspace().history(as_uuid(review_id))
    return {"items": [{**e, "actor": names.get(e["actor"], e["actor"])} for e in events]}


@blp.route("/reviews/<review_id>/members", methods=["POST"])
@blp.arguments(Member)
@blp.response(201, ReviewOut)
@bearer
def appoint(data: MemberInput, review_id: str) -> Any:
    """Appoint an investigator's or signatory's account from one of the four parties."""
    rid = as_uuid(review_id)
    workspace().appoint_member(
        rid, account=data.account, party=data.party, expected_version=data.expected_version
    )
    return _view(rid)


@blp.route("/reviews/<review_id>/members/<account>", methods=["DELETE"])
@blp.arguments(Expected, location="query")
@blp.response(200, ReviewOut)
@bearer
def remove(query: Expectation, review_id: str, account: str) -> Any:
    """Remove a team member."""
    rid = as_uuid(review_id)
    workspace().remove_member(
        rid, account_id=account_id_for(account), expected_version=query.expected_version
    )
    return _view(rid)


@blp.route("/reviews/<review_id>/signatories/<slot>", methods=["PUT"])
@blp.arguments(Signatory)
@blp.response(200, ReviewOut)
@bearer
def designate(data: SignatoryInput, review_id: str, slot: str) -> Any:
    """Designate the school_secretary, principal or department_head."""
    rid = as_uuid(review_id)
    workspace().designate_signatory(
        rid, role=slot, account=data.account, expected_version=data.expected_version
    )
    return _view(rid)


@blp.route("/reviews/<review_id>/aspects/<aspect>", methods=["PUT"])
@blp.arguments(AspectText)
@blp.response(200, ReviewOut)
@bearer
def write_aspect(data: AspectInput, review_id: str, aspect: str) -> Any:
    """Rewrite one of the four aspects."""
    rid = as_uuid(review_id)
    workspace().write_aspect(
        rid, aspect=aspect, text=data.text, expected_version=data.expected_version
    )
    return _view(rid)


@blp.route("/reviews/<review_id>/risk-points", methods=["POST"])
@blp.arguments(RiskPoint)
@blp.response(201, ReviewOut)
@bearer
def record_risk_point(data: RiskPointInput, review_id: str) -> Any:
    """Record a risk point or weak link."""
    rid = as_uuid(review_id)
    workspace().record_risk_point(
        rid, description=data.description, expected_version=data.expected_version
    )
    return _view(rid)


@blp.route("/reviews/<review_id>/measures", methods=["POST"])
@blp.arguments(Measure)
@blp.response(201, ReviewOut)
@bearer
def propose_measure(data: MeasureInput, review_id: str) -> Any:
    """Propose a prevention measure for named risk points."""
    rid = as_uuid(review_id)
    workspace().propose_measure(
        rid,
        description=data.description,
        addresses=data.addresses,
        owner=data.owner,
        due_on=data.due_on,
        expected_version=data.expected_version,
    )
    return _view(rid)


@blp.route("/reviews/<review_id>/measures/<measure_id>/taken", methods=["POST"])
@blp.arguments(Evidence)
@blp.response(200, ReviewOut)
@bearer
def measure_taken(data: EvidenceInput, review_id: str, measure_id: str) -> Any:
    """Record that a measure was taken, with evidence (also on a closed review)."""
    rid = as_uuid(review_id)
    workspace().record_measure_taken(rid, measure_id=as_uuid(measure_id), evidence=data.evidence)
    return _view(rid)


@blp.route("/reviews/<review_id>/signoff", methods=["POST"])
@blp.arguments(Expected)
@blp.response(201, ReviewOut)
@bearer
def send(data: Expectation, review_id: str) -> Any:
    """Send this exact revision of the report for signature."""
    rid = as_uuid(review_id)
    workspace().send_for_signature(rid, expected_version=data.expected_version)
    return _view(rid)


@blp.route("/reviews/<review_id>/signoff/signatures", methods=["POST"])
@blp.arguments(SignatureRequest)
@blp.response(201, ReviewOut)
@bearer
def sign(data: SignatureInput, review_id: str) -> Any:
    """Sign or seal a slot with the password, or decline it with a reason."""
    rid = as_uuid(review_id)
    slot = represent.internal_slot(data.slot)
    # A missing reason or password is refused by the rules themselves, naming the field.
    if data.decision == "decline":
        workspace().decline(rid, slot=slot, reason=data.reason)
    elif data.kind == Mark.SEAL.value:
        workspace().seal(rid, slot=slot, password=data.password)
    else:
        workspace().sign(rid, slot=slot, password=data.password)
    return _view(rid)


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
    return _view(rid)


@blp.route("/reviews/<review_id>/corrections", methods=["POST"])
@blp.arguments(Correction)
@blp.response(201, ReviewOut)
@bearer
def open_correction(data: CorrectionInput, review_id: str) -> Any:
    """Open a correction of a closed review, with a reason."""
    rid = as_uuid(review_id)
    workspace().open_correction(rid, reason=data.reason, expected_version=data.expected_version)
    return _view(rid)


@blp.route("/integrity", methods=["GET"])
@blp.response(200, IntegrityOut)
@bearer
def integrity() -> Any:
    """The ``fupan verify`` result (inspectors)."""
    workspace().check_audit()
    return verify_store(desk(), server_keys()).as_dict()
