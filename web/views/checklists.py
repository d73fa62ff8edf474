"""The notice's work list (issue 23): the rounds, the templates, issuing a round (city-wide
officers), the city's matrix with its XLSX export, and each county's column as a to-do list
(record an item, attach evidence, submit, the signed report of each submission)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from flask import Blueprint, Response, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from domain.round_progress import ItemStatus, Standing
from infrastructure.exports import write_sheet
from infrastructure.template_sheets import read_template_sheet, template_sheet
from web.app import settings_of
from web.form_feedback import form_feedback
from web.schemas.checklists import (
    IssueForm,
    ItemForm,
    MatrixFilter,
    ReportRequest,
    TemplateForm,
)
from web.schemas.report import Withdrawal
from web.security import as_uuid, csrf, signed_in, workspace
from web.views.attachments import UPLOADS, attachment_response, received, upload_limit

bp = Blueprint("checklists", __name__)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.get("/checklists")
@signed_in
def index() -> Any:
    """The rounds with a column this person sees, newest first."""
    space = workspace()
    return render_template(
        "checklists.html",
        rounds=space.checklist_rounds(),
        may_issue=space.may_issue_round(),
    )


def _render_templates(feedback: dict[str, Any] | None = None) -> Any:
    return render_template(
        "checklist_templates.html",
        templates=workspace().round_templates(),
        may_keep=workspace().may_issue_round(),
        **form_feedback(feedback),
        max_attachment_mb=settings_of().max_attachment_mb,
    )


@bp.get("/checklists/templates")
@signed_in
def templates() -> Any:
    """The checklist templates with their items, version and state."""
    return _render_templates()


@bp.get("/checklists/templates/<code>.xlsx")
@signed_in
def template_download(code: str) -> Any:
    """A template as a spreadsheet, to change and upload as a new version."""
    found = workspace().checklist_template(code)
    name = f"fupan-checklist-template-v{found.version}.xlsx"
    return _sheet(template_sheet(found.template), name)


def _sheet(body: bytes, name: str) -> Response:
    """A spreadsheet to save, never kept in a cache (an ASCII file name)."""
    response = Response(body, mimetype=XLSX)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/checklists/templates")
@signed_in
def keep_template() -> Any:
    """A new template, or a new version of one, from an uploaded spreadsheet."""
    workspace().check_may_issue_round()  # before the upload is read
    g.on_error = _render_templates
    content, _name = received(request.args.get("form", "template"))
    data = TemplateForm().load_form(request.form)
    items = read_template_sheet(content)
    version = workspace().keep_checklist_template(
        code=data.code, title=data.title, items=items, expected_version=data.expected_version
    )
    flash(_("The template is saved (version %(n)s).", n=version), "success")
    return redirect(url_for("checklists.templates", _anchor=data.code))


# As for every upload: the CSRF check runs inside, once the size is acceptable.
csrf.exempt(keep_template)
UPLOADS.add("checklists.keep_template")


@bp.post("/checklists/templates/<code>/deactivate")
@signed_in
def deactivate_template(code: str) -> Any:
    g.on_error = _render_templates
    workspace().deactivate_checklist_template(code)
    flash(_("The entry is deactivated."), "success")
    return redirect(url_for("checklists.templates"))


@bp.post("/checklists/templates/<code>/reactivate")
@signed_in
def reactivate_template(code: str) -> Any:
    g.on_error = _render_templates
    workspace().reactivate_checklist_template(code)
    flash(_("The entry is active again."), "success")
    return redirect(url_for("checklists.templates"))


def _render_new(feedback: dict[str, Any] | None = None) -> Any:
    space = workspace()
    space.check_may_issue_round()
    places = [(j.code, j.label) for j in space.registration_choices()[0]]
    return render_template(
        "checklist_new.html",
        template_options=[
            (t.template.code, t.template.title) for t in space.round_templates() if t.active
        ],
        places=places,
        **form_feedback(feedback),
    )


@bp.get("/checklists/new")
@signed_in
def new() -> Any:
    """The form a city-wide officer issues a round with."""
    return _render_new()


@bp.post("/checklists/new")
@signed_in
def issue() -> Any:
    g.on_error = _render_new
    data = IssueForm().load_form(request.form)
    round_id = workspace().issue_round(
        template=data.template,
        title=data.title,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        jurisdictions=data.jurisdictions,
    )
    flash(_("The round is issued."), "success")
    return redirect(url_for("checklists.show", round_id=round_id))


@bp.get("/checklists/<round_id>")
@signed_in
def show(round_id: str) -> Any:
    """The matrix of jurisdictions × items (a county's officers: their own column)."""
    rid = as_uuid(round_id)
    space = workspace()
    summary = space.round_summary(rid)
    if not summary.whole and len(summary.columns) == 1:
        return redirect(url_for("checklists.column", round_id=rid, jurisdiction=summary.columns[0]))
    category = MatrixFilter().load_form(request.args).category
    matrix = space.round_matrix(rid)
    items = [i for i in matrix.items if not category or i.category == category]
    return render_template(
        "checklist_matrix.html",
        matrix=matrix,
        round=matrix.checklist_round,
        items=items,
        category=category,
        standings=[s.value for s in Standing],
    )


@bp.get("/checklists/<round_id>/matrix.xlsx")
@signed_in
def export(round_id: str) -> Any:
    """The matrix as a spreadsheet, marked 不公开: standings and due dates only (no notes,
    no files), so not an access record."""
    rid = as_uuid(round_id)
    category = MatrixFilter().load_form(request.args).category
    matrix = workspace().round_matrix(rid)
    issued = matrix.checklist_round
    items = [i for i in matrix.items if not category or i.category == category]
    lines: list[list[object]] = [
        [issued.title],
        [_("Not for public release")],
        [
            _("Period"),
            f"{issued.starts_on.isoformat()} – {issued.ends_on.isoformat()}",
            _("As of"),
            matrix.today.isoformat(),
        ],
        [],
        [_("No."), _("Category"), _("Task"), _("Due"), *matrix.jurisdictions],
    ]
    for item in items:
        cells = [_(matrix.cells[(j, item.number)].standing.value) for j in matrix.jurisdictions]
        lines.append([item.number, item.category, item.task, item.due_on.isoformat(), *cells])
    lines.append([])
    for standing in Standing:
        counts = [matrix.counts(j)[standing.value] for j in matrix.jurisdictions]
        lines.append(["", _(standing.value), "", "", *counts])
    name = f"fupan-checklist-{matrix.today.isoformat()}.xlsx"
    return _sheet(write_sheet(issued.title, lines), name)


def _render_column(rid: UUID, jurisdiction: str, feedback: dict[str, Any] | None = None) -> Any:
    space = workspace()
    found = space.round_column(rid, jurisdiction)
    return render_template(
        "checklist_column.html",
        column=found,
        round=found.checklist_round,
        progress=found.progress,
        people=space.people(),
        statuses=[s.value for s in ItemStatus],
        max_attachment_mb=settings_of().max_attachment_mb,
        **form_feedback(feedback),
    )


@bp.get("/checklists/<round_id>/<jurisdiction>")
@signed_in
def column(round_id: str, jurisdiction: str) -> Any:
    """One jurisdiction's items as a to-do list."""
    return _render_column(as_uuid(round_id), jurisdiction)


def _act(
    round_id: str, jurisdiction: str, anchor: str, done: str, call: Callable[[UUID], object]
) -> Any:
    rid = as_uuid(round_id)
    g.on_error = lambda feedback: _render_column(rid, jurisdiction, feedback)
    call(rid)
    flash(done, "success")
    return redirect(
        url_for("checklists.column", round_id=rid, jurisdiction=jurisdiction, _anchor=anchor)
    )


@bp.post("/checklists/<round_id>/<jurisdiction>/items/<int:number>")
@signed_in
def record(round_id: str, jurisdiction: str, number: int) -> Any:
    """Record an item: done, in progress or not applicable (with the reason), a note."""

    def run(rid: UUID) -> int:
        data = ItemForm().load_form(request.form)
        return workspace().record_round_item(
            rid,
            jurisdiction,
            number=number,
            status=data.status,
            note=data.note,
            reason=data.reason,
            expected_version=data.expected_version,
        )

    return _act(round_id, jurisdiction, f"item-{number}", _("Saved."), run)


@bp.post("/checklists/<round_id>/<jurisdiction>/items/<int:number>/evidence")
@signed_in
def add_evidence(round_id: str, jurisdiction: str, number: int) -> Any:
    """Attach an evidence file to an item (PDF, JPEG, PNG, DOCX or XLSX)."""

    def run(rid: UUID) -> UUID:
        content, name = received(f"evidence-{number}")
        return workspace().add_round_evidence(
            rid,
            jurisdiction,
            number=number,
            content=content,
            filename=name,
            max_bytes=upload_limit(),
        )

    return _act(round_id, jurisdiction, f"item-{number}", _("The file was attached."), run)


# As on a review's page: the CSRF check runs inside, once the size is acceptable.
csrf.exempt(add_evidence)
UPLOADS.add("checklists.add_evidence")


@bp.get("/checklists/<round_id>/<jurisdiction>/evidence/<attachment_id>")
@signed_in
def download_evidence(round_id: str, jurisdiction: str, attachment_id: str) -> Any:
    found = workspace().round_evidence_file(as_uuid(round_id), jurisdiction, as_uuid(attachment_id))
    return attachment_response(found.content, found.evidence.name, found.evidence.media_type)


@bp.post("/checklists/<round_id>/<jurisdiction>/evidence/<attachment_id>/withdraw")
@signed_in
def withdraw_evidence(round_id: str, jurisdiction: str, attachment_id: str) -> Any:
    aid = as_uuid(attachment_id)

    def run(rid: UUID) -> None:
        data = Withdrawal().load_form(request.form)
        workspace().withdraw_round_evidence(rid, jurisdiction, aid, reason=data.reason)

    return _act(round_id, jurisdiction, "items", _("The file was withdrawn."), run)


@bp.post("/checklists/<round_id>/<jurisdiction>/submit")
@signed_in
def submit(round_id: str, jurisdiction: str) -> Any:
    """Submit the jurisdiction's round to the city; its report is signed then."""

    def run(rid: UUID) -> int:
        return workspace().submit_round(rid, jurisdiction)

    return _act(
        round_id, jurisdiction, "submissions", _("The round is submitted to the city."), run
    )


@bp.get("/checklists/<round_id>/<jurisdiction>/report.pdf")
@signed_in
def report(round_id: str, jurisdiction: str) -> Any:
    """The county's signed report of one submission (the latest by default)."""
    from web.round_pdf import round_report_answer

    rid = as_uuid(round_id)
    query = ReportRequest().load_form(request.args)
    return round_report_answer(rid, jurisdiction, query.submission)
