"""The signing page: the exact revision to sign, what changed since the signatory last saw
it, the statement of intent, then the password and sign, seal or decline."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from application.views import StudentView
from domain.values import Mark
from web.i18n import _
from web.schemas.signoff import DeclineForm, SignForm
from web.security import as_uuid, signed_in, workspace

bp = Blueprint("signing", __name__)


def _render(
    review_id: UUID,
    slot: str,
    feedback: dict[str, Any] | None = None,
    revealed: StudentView | None = None,
) -> Any:
    space = workspace()
    page = space.signing_page(review_id, slot)
    feedback = feedback or {}
    return render_template(
        "sign.html",
        **page,
        people=space.people(),
        revealed=revealed,
        errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
        form=request.form,
        failed_form=request.form.get("form_name") if feedback else None,
    )


@bp.get("/reviews/<review_id>/sign/<slot>")
@signed_in
def page(review_id: str, slot: str) -> Any:
    """Read before you sign: the document first, the signing panel after."""
    return _render(as_uuid(review_id), slot)


@bp.post("/reviews/<review_id>/sign/<slot>/personal-data")
@signed_in
def reveal(review_id: str, slot: str) -> Any:
    """The student's name and ID number on the signing page (the access is recorded)."""
    rid = as_uuid(review_id)
    return _render(rid, slot, revealed=workspace().reveal_personal_data(rid))


@bp.post("/reviews/<review_id>/sign/<slot>")
@signed_in
def sign(review_id: str, slot: str) -> Any:
    """Sign or seal with the personal key, opened by the password given now."""
    rid = as_uuid(review_id)
    g.on_error = lambda feedback: _render(rid, slot, feedback)
    data = SignForm().load_form(request.form)
    if data.kind == Mark.SEAL.value:
        workspace().seal(rid, slot=slot, password=data.password)
        flash(_("Your seal is on the report."), "success")
    else:
        workspace().sign(rid, slot=slot, password=data.password)
        flash(_("Your signature is on the report."), "success")
    return redirect(url_for("reviews.show", review_id=rid, _anchor="signoff"))


@bp.post("/reviews/<review_id>/decline/<slot>")
@signed_in
def decline(review_id: str, slot: str) -> Any:
    """Decline to sign, with a reason: the sign-off is void and drafting resumes."""
    rid = as_uuid(review_id)
    g.on_error = lambda feedback: _render(rid, slot, feedback)
    data = DeclineForm().load_form(request.form)
    workspace().decline(rid, slot=slot, reason=data.reason)
    flash(_("You declined to sign; the case officer sees your reason."), "success")
    return redirect(url_for("reviews.show", review_id=rid, _anchor="signoff"))
