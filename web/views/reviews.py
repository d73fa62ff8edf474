"""The bureau's and the investigators' pages: dashboard, registration, the review page.

Each view parses its form with a schema, calls the principal's workspace once, and renders
or redirects; refusals are rendered by ``web.errors`` on the page the form came from. The
review page's forms are handled by ``team``, ``report`` and ``corrections`` (same
blueprint).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, cast
from uuid import UUID

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from application.views import StudentView
from domain.account import Role
from domain.values import Status
from web.i18n import _
from web.schemas.reviews import RegistrationForm
from web.security import as_uuid, current_principal, signed_in, workspace

bp = Blueprint("reviews", __name__)
SORTS = {"due_on", "days_left", "school", "jurisdiction", "status", "occurred_on"}


@bp.get("/")
@signed_in
def dashboard() -> Any:
    """Every review in scope against its deadline, with what is missing; an administrator
    (who sees no case content) lands on the accounts."""
    if current_principal().role is Role.ADMINISTRATOR:
        return redirect(url_for("admin.accounts"))
    space = workspace()
    jurisdiction = request.args.get("jurisdiction") or None
    status = request.args.get("status") or None
    everything = space.list_reviews(with_missing=True)
    items = [
        i
        for i in everything
        if (jurisdiction is None or i["jurisdiction"] == jurisdiction)
        and (status is None or i["status"] == status or (status == "overdue" and i["overdue"]))
    ]
    sort = request.args.get("sort", "due_on")
    key = sort if sort in SORTS else "due_on"
    items.sort(key=lambda i: (cast(dict[str, Any], i)[key], i["due_on"]))
    withdrawn = Status.WITHDRAWN.value
    by_jurisdiction = Counter(i["jurisdiction"] for i in everything)
    counts = {
        "jurisdiction": by_jurisdiction,
        "status": Counter(i["status"] for i in everything),
        "overdue": sum(1 for i in everything if i["overdue"]),
        "late": sum(1 for i in everything if i["late"]),
        "overdue_by": Counter(i["jurisdiction"] for i in everything if i["overdue"]),
        "late_by": Counter(i["jurisdiction"] for i in everything if i["late"]),
        "withdrawn_by": Counter(i["jurisdiction"] for i in everything if i["status"] == withdrawn),
    }
    return render_template(
        "dashboard.html",
        items=items,
        counts=counts,
        jurisdiction=jurisdiction,
        status=status,
        sort=sort,
        jurisdictions=sorted(by_jurisdiction),
    )


@bp.get("/reviews/new")
@signed_in
def new() -> Any:
    """The form to register an incident."""
    workspace().check_may_register()
    return render_template("register.html", form={}, errors={})


@bp.post("/reviews")
@signed_in
def register() -> Any:
    """Register an incident; the review's due date is computed from its date. A possible
    duplicate (same school, date and student) asks for confirmation, the form kept."""
    g.on_error = lambda feedback: render_template(
        "register.html",
        form=request.form,
        errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
    )
    incident = RegistrationForm().load_form(request.form)
    review_id = workspace().register_incident(
        occurred_on=incident.occurred_on,
        school=incident.school,
        jurisdiction=incident.jurisdiction,
        category=incident.category,
        on_premises=incident.on_premises,
        student=incident.student.facts(),
        confirm_duplicate=incident.confirm_duplicate,
    )
    flash(_("The incident is registered."), "success")
    return redirect(url_for("reviews.show", review_id=review_id))


@bp.get("/reviews/<review_id>")
@signed_in
def show(review_id: str) -> Any:
    """The review: what blocks closing, the team, the four aspects, risks and measures."""
    return render_review(as_uuid(review_id))


@bp.post("/reviews/<review_id>/personal-data")
@signed_in
def reveal(review_id: str) -> Any:
    """Show the student's personal data (the access is recorded)."""
    rid = as_uuid(review_id)
    student = workspace().reveal_personal_data(rid)
    return render_review(rid, revealed=student)


def render_review(
    review_id: UUID,
    *,
    feedback: dict[str, Any] | None = None,
    form: MultiDict[str, str] | None = None,
    revealed: StudentView | None = None,
) -> Any:
    view = workspace().get_review(review_id)
    feedback = feedback or {}
    return render_template(
        "review.html",
        review=view,
        revealed=revealed,
        form=form or MultiDict(),
        errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
        failed_form=request.form.get("form_name") if feedback else None,
    )


def act(review_id: str, anchor: str, done: str, call: Callable[[UUID], object]) -> Any:
    """Run one command for the review page: re-render it with errors and what was typed, or
    redirect to a GET (so that reloading never posts again)."""
    rid = as_uuid(review_id)
    g.on_error = lambda feedback: render_review(rid, feedback=feedback, form=request.form)
    call(rid)
    flash(done, "success")
    return redirect(url_for("reviews.show", review_id=rid, _anchor=anchor))
