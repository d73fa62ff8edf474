"""The bureau's and the investigators' pages: dashboard, registration, the review page.

Each view parses its form with a schema, calls the principal's workspace once, and renders
or redirects; refusals are rendered by ``web.errors`` on the page the form came from.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from uuid import UUID

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from web.i18n import _
from web.schemas.forms import (
    AspectForm,
    CloseForm,
    CorrectionForm,
    IncidentForm,
    MeasureForm,
    MeasureProgressForm,
    MeasureTakenForm,
    MemberForm,
    RemoveMemberForm,
    RiskPointForm,
    SendForm,
    SignatoryForm,
)
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
        i for i in everything
        if (jurisdiction is None or i["jurisdiction"] == jurisdiction)
        and (status is None or i["status"] == status or (status == "overdue" and i["overdue"]))
    ]  # fmt: skip
    sort = request.args.get("sort", "due_on")
    items.sort(key=lambda i: (i[sort] if sort in SORTS else i["due_on"], i["due_on"]))
    counts = {
        "jurisdiction": Counter(i["jurisdiction"] for i in everything),
        "status": Counter(i["status"] for i in everything),
        "overdue": sum(1 for i in everything if i["overdue"]),
        "late": sum(1 for i in everything if i["late"]),
        "overdue_by": Counter(i["jurisdiction"] for i in everything if i["overdue"]),
        "late_by": Counter(i["jurisdiction"] for i in everything if i["late"]),
    }
    return render_template(
        "dashboard.html", items=items, counts=counts, jurisdiction=jurisdiction,
        status=status, sort=sort, jurisdictions=sorted(counts["jurisdiction"]),
    )  # fmt: skip


@bp.get("/reviews/new")
@signed_in
def new() -> Any:
    """The form to register an incident."""
    workspace().check_can_register()
    return render_template("register.html", form={}, errors={})


@bp.post("/reviews")
@signed_in
def register() -> Any:
    """Register an incident; the review's due date is computed from its date."""
    g.on_error = lambda feedback: render_template(
        "register.html", form=request.form, errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
    )  # fmt: skip
    data = IncidentForm().load_form(request.form)
    review_id = workspace().register_incident(
        occurred_on=data["occurred_on"], school=data["school"],
        jurisdiction=data["jurisdiction"], category=data["category"],
        on_premises=data["on_premises"],
        student={"name": data["student_name"], "gender": data["student_gender"],
                 "grade_class": data.get("grade_class", ""),
                 "id_number": data.get("id_number", "")},
    )  # fmt: skip
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
    revealed: dict[str, Any] | None = None,
) -> Any:
    view = workspace().get_review(review_id)
    feedback = feedback or {}
    return render_template(
        "review.html", review=view, revealed=revealed, form=form or MultiDict(),
        errors=feedback.get("errors", {}), problem=feedback.get("problem"),
        failed_form=request.form.get("form_name") if feedback else None,
    )  # fmt: skip


def _act(review_id: str, anchor: str, done: str, call: Any) -> Any:
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
    return _act(
        review_id,
        "team",
        _("The member is appointed."),
        lambda rid: workspace().appoint(rid, **MemberForm().load_form(request.form)),
    )


@bp.post("/reviews/<review_id>/members/remove")
@signed_in
def remove(review_id: str) -> Any:
    """Remove a team member."""
    return _act(
        review_id,
        "team",
        _("The member is removed."),
        lambda rid: workspace().run(
            "remove_member", rid, **RemoveMemberForm().load_form(request.form)
        ),
    )


@bp.post("/reviews/<review_id>/signatories")
@signed_in
def designate(review_id: str) -> Any:
    """Designate the Party secretary, the principal or the head of the department."""
    return _act(
        review_id,
        "team",
        _("The signatory is designated."),
        lambda rid: workspace().designate(rid, **SignatoryForm().load_form(request.form)),
    )


@bp.post("/reviews/<review_id>/aspects")
@signed_in
def write_aspect(review_id: str) -> Any:
    """Rewrite one of the four aspects."""
    return _act(
        review_id,
        "aspects",
        _("The aspect is saved."),
        lambda rid: workspace().run("write_aspect", rid, **AspectForm().load_form(request.form)),
    )


@bp.post("/reviews/<review_id>/risk-points")
@signed_in
def record_risk_point(review_id: str) -> Any:
    """Record a risk point or weak link."""
    return _act(
        review_id,
        "risks",
        _("The risk point is recorded."),
        lambda rid: workspace().run(
            "record_risk_point", rid, **RiskPointForm().load_form(request.form)
        ),
    )


@bp.post("/reviews/<review_id>/measures")
@signed_in
def propose_measure(review_id: str) -> Any:
    """Propose a prevention measure for named risk points."""
    return _act(
        review_id,
        "risks",
        _("The measure is proposed."),
        lambda rid: workspace().run(
            "propose_measure", rid, **MeasureForm().load_form(request.form)
        ),
    )


@bp.post("/reviews/<review_id>/measures/taken")
@signed_in
def measure_taken(review_id: str) -> Any:
    """Record that a measure was taken, with evidence."""
    return _act(
        review_id,
        "risks",
        _("The measure is recorded as taken."),
        lambda rid: workspace().run(
            "record_measure_taken", rid, **MeasureTakenForm().load_form(request.form)
        ),
    )


@bp.post("/reviews/<review_id>/measures/progress")
@signed_in
def measure_progress(review_id: str) -> Any:
    """Record progress on a measure."""
    return _act(
        review_id,
        "risks",
        _("The progress is recorded."),
        lambda rid: workspace().run(
            "record_measure_progress", rid, **MeasureProgressForm().load_form(request.form)
        ),
    )


@bp.post("/reviews/<review_id>/send")
@signed_in
def send(review_id: str) -> Any:
    """Send this exact revision of the report for signature."""
    return _act(
        review_id,
        "signoff",
        _("The report is sent for signature."),
        lambda rid: workspace().run(
            "send_for_signature", rid, **SendForm().load_form(request.form)
        ),
    )


@bp.post("/reviews/<review_id>/close")
@signed_in
def close(review_id: str) -> Any:
    """Close the review once every slot is signed or sealed."""
    return _act(
        review_id,
        "signoff",
        _("The review is closed."),
        lambda rid: workspace().run("close_review", rid, **CloseForm().load_form(request.form)),
    )


@bp.post("/reviews/<review_id>/corrections")
@signed_in
def open_correction(review_id: str) -> Any:
    """Open a correction of a closed review, with a reason."""
    return _act(
        review_id,
        "signoff",
        _("The correction is open."),
        lambda rid: workspace().run(
            "open_correction", rid, **CorrectionForm().load_form(request.form)
        ),
    )
