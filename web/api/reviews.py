"""The reviews API: each endpoint parses with a schema, calls the principal's workspace once,
and answers with a declared response schema; refusals are rendered by ``web.errors``.

Endpoints of one review's parts are in ``team``, ``report``, ``incident`` and ``signoff``,
on this blueprint."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from flask import abort, jsonify, request
from flask_smorest import Blueprint

from application.views import PrincipalReview, ReviewPage
from infrastructure.integrity.runs import progress_of, summary
from web import findings
from web.api import represent
from web.app import desk, verifications
from web.fragments import kept
from web.report_pdf import pdf_answer
from web.schemas.lists import (
    ReviewFilters,
    ReviewPageOut,
    ReviewQuery,
    StudentFilters,
    StudentQuery,
)
from web.schemas.review_out import HistoryOut, IntegrityOut, RegisteredOut, ReviewOut
from web.schemas.reviews import (
    AsOf,
    Disclosure,
    Moment,
    NewReview,
    NewReviewInput,
    ReportQuery,
    ReportRequest,
    Reveal,
)
from web.security import as_uuid, bearer, workspace

blp = Blueprint("api_reviews", __name__, description="Reviews")


def names() -> dict[str, str]:
    """Usernames by account id (the API names people by username; the accounts projection)."""
    return {i: a["username"] for i, a in desk().account_names().items()}


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
    """The reviews the caller may see, a page at a time (``limit``, 50 by default; by
    default overdue first, then fewest days left), with days left, flags, what each lacks
    and its next action; ``next`` links the following page, ``total`` counts them all."""
    page = workspace().review_page(
        jurisdiction=query.jurisdiction,
        status=query.status,
        overdue=query.overdue,
        school=query.school,
        occurred_from=query.occurred_from,
        occurred_to=query.occurred_to,
        sort=query.sort,
        cursor=query.cursor,
        limit=query.limit,
    )
    cursor = page["next"]
    following = {**request.args.to_dict(), "cursor": cursor, "limit": query.limit}
    link = f"{request.path}?{urlencode(following)}" if cursor else None
    return page_response(page, next=link, cursor=cursor)


@blp.route("/reviews/search", methods=["POST"])
@blp.arguments(StudentFilters)
@blp.response(200, ReviewPageOut)
@bearer
def search(query: StudentQuery) -> Any:
    """The reviews of a student of exactly this name, found through its keyed hash (the
    name is never stored in clear): a read of personal data, recorded for each review
    found. The next page: post again with ``cursor``."""
    page = workspace().search_by_student(
        student_name=query.student_name,
        jurisdiction=query.jurisdiction,
        status=query.status,
        school=query.school,
        occurred_from=query.occurred_from,
        occurred_to=query.occurred_to,
        cursor=query.cursor,
        limit=query.limit,
    )
    return page_response(page, next=None, cursor=page["next"])


def page_response(page: ReviewPage, *, next: str | None, cursor: str | None) -> Any:
    """A page as ``ReviewPageOut`` dumps it; the dump of the items is kept beside the
    page the application handed out (``web.fragments``)."""
    items = kept("api_page", page, lambda: ReviewPageOut().dump({"items": page["items"]}))
    return jsonify({**items, "next": next, "cursor": cursor, "total": page["total"]})


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


@blp.route("/reviews/<review_id>/report.pdf", methods=["GET"])
@blp.arguments(ReportQuery, location="query")
@blp.response(200, content_type="application/pdf")
@bearer
def report_pdf(query: ReportRequest, review_id: str) -> Any:
    """The report of a revision (``revision``; the newest sent for signature when absent) as
    a PDF signed with the bureau's PDF CA (PAdES), its signature manifest attached; 409
    ``not_sent`` when no revision was sent. The student is masked unless
    ``reveal=personal_data`` (recorded); every download is an access record."""
    return pdf_answer(as_uuid(review_id), query)


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
    """The last integrity check's result, when it ran and how long ago, and a run in
    progress (inspectors); the check runs as ``fupan verify`` or a background job."""
    workspace().check_audit()
    runs = verifications()
    return {
        **findings.explained(summary(runs.last_finished(), desk().clock.now())),
        "running": progress_of(runs.running()),
    }
