"""The reviews API: each endpoint parses with a schema, calls the principal's workspace once,
and answers with a declared response schema; refusals are rendered by ``web.errors``.

Endpoints of one review's parts are in ``team``, ``report``, ``incident`` and ``signoff``,
on this blueprint."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from flask import abort, request
from flask_smorest import Blueprint

from application.views import PrincipalReview
from web import findings
from web.api import represent
from web.app import desk, integrity_report
from web.schemas.reviews import (
    AsOf,
    Disclosure,
    HistoryOut,
    IntegrityOut,
    Moment,
    NewReview,
    NewReviewInput,
    RegisteredOut,
    Reveal,
    ReviewFilters,
    ReviewOut,
    ReviewPageOut,
    ReviewQuery,
)
from web.security import as_uuid, bearer, workspace

blp = Blueprint("api_reviews", __name__, description="Reviews")


def names() -> dict[str, str]:
    """Usernames by account id (the API names people by username)."""
    return represent.usernames(desk().list_accounts())


def view(review_id: UUID) -> dict[str, Any]:
    """The review as the API shows it (a recorded read)."""
    return represent.review(workspace().get_review(review_id), names())


def found(items: list[Any], key: str, value: str) -> Any:
    """The item of a review with ``key`` equal to ``value``, or 404."""
    match = next((i for i in items if i[key] == value), None)
    if match is None:
        abort(404)
    return match


def current(review_id: UUID) -> PrincipalReview:
    return workspace().get_review(review_id)


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
    """Register an incident; the review's due date is computed from its date. A review of
    the same school, date and student answers 409 ``possible_duplicate`` (naming the ones
    the caller may see) unless ``confirm_duplicate`` is true."""
    incident = data.incident
    review_id = workspace().register_incident(
        occurred_on=incident.occurred_on,
        school=incident.school,
        jurisdiction=incident.jurisdiction,
        category=incident.category,
        on_premises=incident.on_premises,
        student=incident.student.facts(),
        confirm_duplicate=data.confirm_duplicate,
    )
    shown = view(review_id)
    created = {"id": shown["id"], "due_on": shown["due_on"], "status": shown["status"]}
    return created, 201, {"Location": f"{request.path}/{review_id}"}


@blp.route("/reviews/<review_id>", methods=["GET"])
@blp.arguments(AsOf, location="query")
@blp.response(200, ReviewOut)
@bearer
def show(query: Moment, review_id: str) -> Any:
    """The review, now or as it stood at ``as_of``; the student's name is masked and the ID
    number left out unless ``reveal=personal_data`` (recorded as a personal-data access)."""
    rid = as_uuid(review_id)
    shown = workspace().get_review(rid, as_of=query.as_of)
    if query.personal_data:
        workspace().reveal_personal_data(rid)
    return represent.review(shown, names(), reveal=query.personal_data)


@blp.route("/reviews/<review_id>/history", methods=["GET"])
@blp.arguments(Reveal, location="query")
@blp.response(200, HistoryOut)
@bearer
def history(query: Disclosure, review_id: str) -> Any:
    """Every event of the review and its sign-offs: type, time, actor, data; the student
    masked as in the review unless ``reveal=personal_data`` (recorded)."""
    rid = as_uuid(review_id)
    people = names()
    events = workspace().history(rid)
    if query.personal_data:
        workspace().reveal_personal_data(rid)
    return {
        "items": [
            {
                **e,
                "actor": people.get(e["actor"], e["actor"]),
                "data": e["data"] if query.personal_data else represent.masked_data(e["data"]),
            }
            for e in events
        ]
    }


@blp.route("/integrity", methods=["GET"])
@blp.response(200, IntegrityOut)
@bearer
def integrity() -> Any:
    """The ``fupan verify`` result (inspectors)."""
    workspace().check_audit()
    return findings.explained(integrity_report().as_dict())
