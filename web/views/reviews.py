"""The bureau's and the investigators' pages: dashboard, registration, the review page.

Each view parses its form with a schema, calls the principal's workspace once, and renders
or redirects; refusals are rendered by ``web.errors`` on the page the form came from.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any, cast
from uuid import UUID

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from application.views import StudentView
from web.i18n import _
from web.schemas.report import AspectForm, Measure, MeasureProgressForm, MeasureTakenForm, RiskPoint
from web.schemas.reviews import Expected, Incident
from web.schemas.signoff import Close, Correction
from web.schemas.team import Member, RemoveMemberForm, SignatoryForm
from web.security import as_uuid, signed_in, workspace

bp = Blueprint("reviews", __name__)
SORTS = {"due_on", "days_left", "school", "jurisdiction", "status", "occurred_on"}


@bp.get("/")
@signed_in
def dashboard() -> Any:
    """Every review in scope against its deadline, with what is missing."""
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
    by_jurisdiction = Counter(i["jurisdiction"] for i in everything)
    counts = {
        "jurisdiction": by_jurisdiction,
        "status": Counter(i["status"] for i in everything),
        "overdue": sum(1 for i in everything if i["overdue"]),
        "late": sum(1 for i in everything if i["late"]),
        "overdue_by": Counter(i["jurisdiction"] for i in everything if i["overdue"]),
        "late_by": Counter(i["jurisdiction"] for i in everything if i["late"]),
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
    """Register an incident; the review's due date is computed from its date."""
    g.on_error = lambda feedback: render_template(
        "register.html",
        form=request.form,
        errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
    )
    incident = Incident().load_form(request.form)
    review_id = workspace().register_incident(
        occurred_on=incident.occurred_on,
        school=incident.school,
        jurisdiction=incident.jurisdiction,
        category=incident.category,
        on_premises=incident.on_premises,
        student=incident.student.facts(),
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


def _act(review_id: str, anchor: str, done: str, call: Callable[[UUID], object]) -> Any:
    """Run one command for the review page: re-render it with errors, or redirect."""
    rid = as_uuid(review_id)
    g.on_error = lambda feedback: render_review(rid, feedback=feedback, form=request.form)
    call(rid)
    flash(done, "success")
    return redirect(url_for("reviews.show", review_id=rid, _anchor=anchor))


@bp.post("/reviews/<review_id>/members")
@signed_in
def appoint(review_id: str) -> Any:
    """Appoint a team member from one of the four parties."""

    def run(rid: UUID) -> int:
        data = Member().load_form(request.form)
        return workspace().appoint_member(
            rid, account=data.account, party=data.party, expected_version=data.expected_version
        )

    return _act(review_id, "team", _("The member is appointed."), run)


@bp.post("/reviews/<review_id>/members/remove")
@signed_in
def remove(review_id: str) -> Any:
    """Remove a team member."""

    def run(rid: UUID) -> int:
        data = RemoveMemberForm().load_form(request.form)
        return workspace().remove_member(
            rid, account_id=data.account_id, expected_version=data.expected_version
        )

    return _act(review_id, "team", _("The member is removed."), run)


@bp.post("/reviews/<review_id>/signatories")
@signed_in
def designate(review_id: str) -> Any:
    """Designate the Party secretary, the principal or the head of the department."""

    def run(rid: UUID) -> int:
        data = SignatoryForm().load_form(request.form)
        return workspace().designate_signatory(
            rid, role=data.role, account=data.account, expected_version=data.expected_version
        )

    return _act(review_id, "team", _("The signatory is designated."), run)


@bp.post("/reviews/<review_id>/aspects")
@signed_in
def write_aspect(review_id: str) -> Any:
    """Rewrite one of the four aspects."""

    def run(rid: UUID) -> int:
        data = AspectForm().load_form(request.form)
        return workspace().write_aspect(
            rid, aspect=data.aspect, text=data.text, expected_version=data.expected_version
        )

    return _act(review_id, "aspects", _("The aspect is saved."), run)


@bp.post("/reviews/<review_id>/risk-points")
@signed_in
def record_risk_point(review_id: str) -> Any:
    """Record a risk point or weak link."""

    def run(rid: UUID) -> UUID:
        data = RiskPoint().load_form(request.form)
        return workspace().record_risk_point(
            rid, description=data.description, expected_version=data.expected_version
        )

    return _act(review_id, "risks", _("The risk point is recorded."), run)


@bp.post("/reviews/<review_id>/measures")
@signed_in
def propose_measure(review_id: str) -> Any:
    """Propose a prevention measure for named risk points."""

    def run(rid: UUID) -> UUID:
        data = Measure().load_form(request.form)
        return workspace().propose_measure(
            rid,
            description=data.description,
            addresses=data.addresses,
            owner=data.owner,
            due_on=data.due_on,
            expected_version=data.expected_version,
        )

    return _act(review_id, "risks", _("The measure is proposed."), run)


@bp.post("/reviews/<review_id>/measures/taken")
@signed_in
def measure_taken(review_id: str) -> Any:
    """Record that a measure was taken, with evidence."""

    def run(rid: UUID) -> int:
        data = MeasureTakenForm().load_form(request.form)
        return workspace().record_measure_taken(
            rid, measure_id=data.measure_id, evidence=data.evidence
        )

    return _act(review_id, "risks", _("The measure is recorded as taken."), run)


@bp.post("/reviews/<review_id>/measures/progress")
@signed_in
def measure_progress(review_id: str) -> Any:
    """Record progress on a measure."""

    def run(rid: UUID) -> int:
        data = MeasureProgressForm().load_form(request.form)
        return workspace().record_measure_progress(rid, measure_id=data.measure_id, note=data.note)

    return _act(review_id, "risks", _("The progress is recorded."), run)


@bp.post("/reviews/<review_id>/send")
@signed_in
def send(review_id: str) -> Any:
    """Send this exact revision of the report for signature."""

    def run(rid: UUID) -> UUID:
        data = Expected().load_form(request.form)
        return workspace().send_for_signature(rid, expected_version=data.expected_version)

    return _act(review_id, "signoff", _("The report is sent for signature."), run)


@bp.post("/reviews/<review_id>/close")
@signed_in
def close(review_id: str) -> Any:
    """Close the review once every slot is signed or sealed."""

    def run(rid: UUID) -> int:
        data = Close().load_form(request.form)
        return workspace().close_review(
            rid, late_reason=data.late_reason, expected_version=data.expected_version
        )

    return _act(review_id, "signoff", _("The review is closed."), run)


@bp.post("/reviews/<review_id>/corrections")
@signed_in
def open_correction(review_id: str) -> Any:
    """Open a correction of a closed review, with a reason."""

    def run(rid: UUID) -> int:
        data = Correction().load_form(request.form)
        return workspace().open_correction(
            rid, reason=data.reason, expected_version=data.expected_version
        )

    return _act(review_id, "signoff", _("The correction is open."), run)
