"""The lists city-wide case officers keep (issue 21): the risk-point themes and the
expert pool, each entry with its history. Joins the ``statistics`` blueprint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import flash, g, redirect, render_template, request, url_for

from application.workspace.case_lists import CASE_KINDS
from web.form_feedback import form_feedback
from web.i18n import _
from web.schemas.case_lists import CaseEntryForm, ExpertDetailsForm, ExpertForm
from web.schemas.reference import LabelForm
from web.security import as_uuid, signed_in, workspace
from web.views.reference import entry_change
from web.views.statistics import bp


def _render(feedback: dict[str, Any] | None = None, entry_id: UUID | None = None) -> Any:
    space = workspace()
    entries = {kind: space.case_list_entries(kind) for kind in CASE_KINDS}
    places = [(j.code, j.label) for j in space.registration_choices()[0]]
    return render_template(
        "case_lists.html",
        entries=entries,
        places=[("*", _("the whole city")), *places],
        opened=entry_id,
        history=space.case_list_history(entry_id) if entry_id else [],
        **form_feedback(feedback),
    )


@bp.get("/lists")
@signed_in
def case_lists() -> Any:
    """The themes and the expert pool, active or not."""
    entry = request.args.get("entry")
    return _render(entry_id=as_uuid(entry) if entry else None)


@bp.post("/lists")
@signed_in
def add_case_list_entry() -> Any:
    """Add a theme or an expert."""
    g.on_error = _render
    data = CaseEntryForm().load_form(request.form)
    workspace().add_case_list_entry(kind=data.kind, code=data.code, label=data.label or data.code)
    flash(_("The entry is added."), "success")
    return redirect(url_for("statistics.case_lists", _anchor=data.kind))


def _change(entry_id: str, done: str, call: Callable[[UUID], None]) -> Any:
    return entry_change("statistics.case_lists", _render, entry_id, done, call)


@bp.post("/lists/<entry_id>/label")
@signed_in
def rename_case_list_entry(entry_id: str) -> Any:
    """Give a theme or an expert a new label (the code stays)."""
    return _change(
        entry_id,
        _("The entry is renamed."),
        lambda eid: workspace().rename_case_list_entry(
            eid, label=LabelForm().load_form(request.form).label
        ),
    )


@bp.post("/lists/<entry_id>/deactivate")
@signed_in
def deactivate_case_list_entry(entry_id: str) -> Any:
    """Stop offering a theme or an expert."""
    return _change(entry_id, _("The entry is deactivated."), workspace().deactivate_case_list_entry)


@bp.post("/lists/<entry_id>/reactivate")
@signed_in
def reactivate_case_list_entry(entry_id: str) -> Any:
    """Offer a theme or an expert again."""
    return _change(
        entry_id, _("The entry is active again."), workspace().reactivate_case_list_entry
    )


@bp.post("/lists/experts")
@signed_in
def add_expert() -> Any:
    """Add a member to the expert pool."""
    g.on_error = _render
    data = ExpertForm().load_form(request.form)
    workspace().add_expert(
        code=data.code,
        name=data.name,
        unit=data.unit,
        specialities=data.speciality_list(),
        jurisdictions=data.jurisdictions,
        account=data.account,
    )
    flash(_("The expert is added to the pool."), "success")
    return redirect(url_for("statistics.case_lists", _anchor="expert"))


@bp.post("/lists/<entry_id>/details")
@signed_in
def describe_expert(entry_id: str) -> Any:
    """Change a pool member's unit, specialities, places served or account."""

    def run(eid: UUID) -> None:
        data = ExpertDetailsForm().load_form(request.form)
        workspace().describe_expert(
            eid,
            unit=data.unit,
            specialities=data.speciality_list(),
            jurisdictions=data.jurisdictions,
            account=data.account,
        )

    return _change(entry_id, _("Saved."), run)
