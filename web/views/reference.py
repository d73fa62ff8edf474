"""Administration of reference data (jurisdictions, schools): add, rename, deactivate,
with each entry's history; and the unit of an account. Joins the ``admin`` blueprint."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import flash, g, redirect, render_template, request, url_for

from web.form_feedback import form_feedback
from web.i18n import _
from web.schemas.reference import KINDS, EntryForm, LabelForm, UnitForm
from web.security import as_uuid, signed_in, workspace
from web.views.admin import _act, bp


def _render(feedback: dict[str, Any] | None = None, entry_id: UUID | None = None) -> Any:
    space = workspace()
    entries = {kind: space.reference_entries(kind) for kind in KINDS}
    labels = {r.code: r.label for r in entries["jurisdiction"]}
    return render_template(
        "admin/reference.html",
        entries=entries,
        labels=labels,
        parents=[(r.code, r.label) for r in entries["jurisdiction"] if r.active],
        unlisted=space.unlisted_jurisdictions(),
        opened=entry_id,
        history=space.reference_history(entry_id) if entry_id else [],
        people={a["id"]: a["display_name"] for a in space.list_accounts()} if entry_id else {},
        **form_feedback(feedback),
    )


@bp.get("/reference")
@signed_in
def reference() -> Any:
    """The lists forms offer: jurisdictions and their schools, active or not."""
    entry = request.args.get("entry")
    return _render(entry_id=as_uuid(entry) if entry else None)


@bp.post("/reference")
@signed_in
def add_reference() -> Any:
    """Add an entry."""
    g.on_error = _render
    data = EntryForm().load_form(request.form)
    workspace().add_reference(
        kind=data.kind, code=data.code, label=data.label or data.code, parent=data.parent
    )
    flash(_("The entry is added."), "success")
    return redirect(url_for("admin.reference", _anchor=data.kind))


def entry_change(
    page: str,
    render: Callable[[dict[str, Any], UUID], Any],
    entry_id: str,
    done: str,
    call: Callable[[UUID], None],
) -> Any:
    """A change to one entry of a list page (``page``, an endpoint): refused, the page again
    with the entry open; done, back to it with ``done`` said."""
    eid = as_uuid(entry_id)
    g.on_error = lambda feedback: render(feedback, eid)
    call(eid)
    flash(done, "success")
    return redirect(url_for(page, entry=eid, _anchor="entry"))


def _change(entry_id: str, done: str, call: Callable[[UUID], None]) -> Any:
    return entry_change("admin.reference", _render, entry_id, done, call)


@bp.post("/reference/<entry_id>/label")
@signed_in
def rename_reference(entry_id: str) -> Any:
    """Give an entry a new label (its code stays)."""
    return _change(
        entry_id,
        _("The entry is renamed."),
        lambda eid: workspace().rename_reference(
            eid, label=LabelForm().load_form(request.form).label
        ),
    )


@bp.post("/reference/<entry_id>/deactivate")
@signed_in
def deactivate_reference(entry_id: str) -> Any:
    """Stop offering an entry in forms."""
    return _change(entry_id, _("The entry is deactivated."), workspace().deactivate_reference)


@bp.post("/reference/<entry_id>/reactivate")
@signed_in
def reactivate_reference(entry_id: str) -> Any:
    """Offer an inactive entry again."""
    return _change(entry_id, _("The entry is active again."), workspace().reactivate_reference)


@bp.post("/accounts/<account_id>/unit")
@signed_in
def unit(account_id: str) -> Any:
    """Record the unit (单位) an account holder works for."""

    def run(aid: UUID) -> str:
        workspace().change_unit(aid, unit=UnitForm().load_form(request.form).unit)
        return str(_("The unit is saved."))

    return _act(account_id, run)
