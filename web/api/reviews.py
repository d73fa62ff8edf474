"""The reviews API: each endpoint parses with a schema, calls the principal's workspace once,
and answers; refusals are rendered by ``web.errors`` in one shape."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from flask import current_app, request
from flask_smorest import Blueprint

from application.accounts import account_id_for
from infrastructure.integrity.audit import verify_store
from web.api import represent
from web.api.schemas import (
    AsOf,
    AspectText,
    Close,
    Correction,
    Evidence,
    Expected,
    Measure,
    Member,
    NewReview,
    ReviewFilters,
    RiskPoint,
    Signatory,
    SignatureRequest,
)
from web.app import desk, server_keys
from web.security import as_uuid, bearer, workspace

blp = Blueprint("api_reviews", __name__, description="Reviews")


def _view(review_id: Any) -> dict[str, Any]:
    space = workspace()
    return represent.review(space.get_review(review_id), _names())


def _names() -> dict[str, str]:
    return represent.usernames(desk(current_app).list_accounts())


@blp.route("/reviews", methods=["GET"])
@blp.arguments(ReviewFilters, location="query")
@blp.response(200)
@bearer
def list_reviews(filters: dict[str, Any]) -> Any:
    """The reviews the caller may see, with due dates, days left and flags."""
    items = workspace().list_reviews(
        jurisdiction=filters.get("jurisdiction"), status=filters.get("status")
    )
    if filters.get("overdue") is not None:
        items = [i for i in items if i["overdue"] is filters["overdue"]]
    start, limit = filters["cursor"], filters["limit"]
    page = items[start : start + limit]
    more = start + limit < len(items)
    query = {**request.args.to_dict(), "cursor": start + limit, "limit": limit}
    return {"items": page, "next": f"{request.path}?{urlencode(query)}" if more else None}


@blp.route("/reviews", methods=["POST"])
@blp.arguments(NewReview)
@blp.response(201)
@bearer
def register(data: dict[str, Any]) -> Any:
    """Register an incident; the review's due date is computed from its date."""
    incident = data["incident"]
    student = incident["student"]
    review_id = workspace().register_incident(
        occurred_on=incident["occurred_on"], school=incident["school"],
        jurisdiction=incident["jurisdiction"], category=incident["category"],
        on_premises=incident["on_premises"],
        student={"name": student["name"], "gender": student.get("gender", "unspecified"),
                 "grade_class": student.get("grade", ""),
                 "id_number": student.get("id_number", "")},
    )  # fmt: skip
    view = _view(review_id)
    return {"id": view["id"], "due_on": view["due_on"], "status": view["status"]}


@blp.route("/reviews/<review_id>", methods=["GET"])
@blp.arguments(AsOf, location="query")
@blp.response(200)
@bearer
def show(query: dict[str, Any], review_id: str) -> Any:
    """The review, now or as it stood at ``as_of``."""
    rid = as_uuid(review_id)
    view = workspace().get_review(rid, as_of=query.get("as_of"))
    return represent.review(view, _names())


@blp.route("/reviews/<review_id>/history", methods=["GET"])
@blp.response(200)
@bearer
def history(review_id: str) -> Any:
    """Every event of the review and its sign-offs: type, time, actor, data."""
    names = _names()
    events = workspace().history(as_uuid(review_id))
    return {"items": [{**e, "actor": names.get(e["actor"], e["actor"])} for e in events]}


def _run(review_id: str, command: str, **arguments: Any) -> Any:
    rid = as_uuid(review_id)
    workspace().run(command, rid, **arguments)
    return _view(rid)


@blp.route("/reviews/<review_id>/members", methods=["POST"])
@blp.arguments(Member)
@blp.response(201)
@bearer
def appoint(data: dict[str, Any], review_id: str) -> Any:
    """Appoint an investigator's or signatory's account from one of the four parties."""
    rid = as_uuid(review_id)
    workspace().appoint(rid, username=data["account"], party=data["party"],
                        expected_version=data["expected_version"])  # fmt: skip
    return _view(rid)


@blp.route("/reviews/<review_id>/members/<account>", methods=["DELETE"])
@blp.arguments(Expected, location="query")
@blp.response(200)
@bearer
def remove(query: dict[str, Any], review_id: str, account: str) -> Any:
    """Remove a team member."""
    return _run(review_id, "remove_member", account_id=account_id_for(account),
                expected_version=query["expected_version"])  # fmt: skip


@blp.route("/reviews/<review_id>/signatories/<slot>", methods=["PUT"])
@blp.arguments(Signatory)
@blp.response(200)
@bearer
def designate(data: dict[str, Any], review_id: str, slot: str) -> Any:
    """Designate the school_secretary, principal or department_head."""
    rid = as_uuid(review_id)
    workspace().designate(rid, role=slot, username=data["account"],
                          expected_version=data["expected_version"])  # fmt: skip
    return _view(rid)


@blp.route("/reviews/<review_id>/aspects/<aspect>", methods=["PUT"])
@blp.arguments(AspectText)
@blp.response(200)
@bearer
def write_aspect(data: dict[str, Any], review_id: str, aspect: str) -> Any:
    """Rewrite one of the four aspects."""
    return _run(review_id, "write_aspect", aspect=aspect, **data)


@blp.route("/reviews/<review_id>/risk-points", methods=["POST"])
@blp.arguments(RiskPoint)
@blp.response(201)
@bearer
def record_risk_point(data: dict[str, Any], review_id: str) -> Any:
    """Record a risk point or weak link."""
    return _run(review_id, "record_risk_point", **data)


@blp.route("/reviews/<review_id>/measures", methods=["POST"])
@blp.arguments(Measure)
@blp.response(201)
@bearer
def propose_measure(data: dict[str, Any], review_id: str) -> Any:
    """Propose a prevention measure for named risk points."""
    return _run(review_id, "propose_measure", **data)


@blp.route("/reviews/<review_id>/measures/<measure_id>/taken", methods=["POST"])
@blp.arguments(Evidence)
@blp.response(200)
@bearer
def measure_taken(data: dict[str, Any], review_id: str, measure_id: str) -> Any:
    """Record that a measure was taken, with evidence (also on a closed review)."""
    return _run(review_id, "record_measure_taken", measure_id=as_uuid(measure_id), **data)


@blp.route("/reviews/<review_id>/signoff", methods=["POST"])
@blp.arguments(Expected)
@blp.response(201)
@bearer
def send(data: dict[str, Any], review_id: str) -> Any:
    """Send this exact revision of the report for signature."""
    return _run(review_id, "send_for_signature", **data)


@blp.route("/reviews/<review_id>/signoff/signatures", methods=["POST"])
@blp.arguments(SignatureRequest)
@blp.response(201)
@bearer
def sign(data: dict[str, Any], review_id: str) -> Any:
    """Sign or seal a slot with the password, or decline it with a reason."""
    slot = represent.internal_slot(data["slot"])
    # A missing reason or password is refused by the rules themselves, naming the field.
    if data.get("decision") == "decline":
        return _run(review_id, "decline", slot=slot, reason=data.get("reason", ""))
    command = "seal" if data.get("kind") == "seal" else "sign"
    return _run(review_id, command, slot=slot, password=data.get("password", ""))


@blp.route("/reviews/<review_id>/close", methods=["POST"])
@blp.arguments(Close)
@blp.response(200)
@bearer
def close(data: dict[str, Any], review_id: str) -> Any:
    """Close the review (a reason for the lateness when past its due date)."""
    return _run(review_id, "close_review", late_reason=data.get("late_reason", ""),
                expected_version=data["expected_version"])  # fmt: skip


@blp.route("/reviews/<review_id>/corrections", methods=["POST"])
@blp.arguments(Correction)
@blp.response(201)
@bearer
def open_correction(data: dict[str, Any], review_id: str) -> Any:
    """Open a correction of a closed review, with a reason."""
    return _run(review_id, "open_correction", **data)


@blp.route("/integrity", methods=["GET"])
@blp.response(200)
@bearer
def integrity() -> Any:
    """The ``fupan verify`` result (inspectors)."""
    workspace().check_audit()
    return verify_store(desk(current_app), server_keys(current_app)).as_dict()
