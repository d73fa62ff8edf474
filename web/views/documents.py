"""The report as a signed PDF (decision 25): the download, and the inspectors' check of an
uploaded report against the history. Joins the ``audit`` blueprint."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from flask import g, render_template, request

from domain.errors import InvalidValue, Reason
from infrastructure.documents.pdf import NotAReportPdf
from infrastructure.documents.report_check import check_report
from web.app import services
from web.report_pdf import pdf_answer
from web.schemas.reviews import ReportQuery
from web.security import as_uuid, signed_in, workspace
from web.views.audit import bp


@bp.get("/reviews/<review_id>/report.pdf", endpoint="report_pdf")
@signed_in
def report_pdf(review_id: str) -> Any:
    """The report of a revision (the newest sent when none is named) as a signed PDF; every
    download is an access record."""
    rid = as_uuid(review_id)
    g.on_error = lambda feedback: _print_page(rid, feedback)
    query = ReportQuery.shared().load_form(request.args)
    return pdf_answer(rid, query)


def _print_page(rid: UUID, feedback: dict[str, Any]) -> Any:
    """The print view, with why the PDF was refused."""
    space = workspace()
    return render_template(
        "print.html",
        review=space.get_review(rid),
        signatures=space.verify_signatures(rid),
        people=space.people(),
        errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
    )


@bp.get("/audit/report-check")
@signed_in
def report_check() -> Any:
    """The inspectors' check of a report PDF: upload it to check it against the history."""
    workspace().check_audit()
    return render_template("report_check.html", result=None, errors={})


@bp.post("/audit/report-check")
@signed_in
def report_check_post() -> Any:
    """Check an uploaded report PDF: its PAdES signature against the bureau's PDF CA, each
    slot's signature in its manifest, and online: the revision and content hash exist in
    the history, and no key was revoked before its signature."""
    space = workspace()
    space.check_audit()
    g.on_error = lambda feedback: render_template(
        "report_check.html", result=None, errors=feedback.get("errors", {})
    )
    upload = request.files.get("report")
    data = upload.read() if upload else b""
    if not data:
        raise InvalidValue("report", Reason.REQUIRED)
    try:
        offline = check_report(data, services().document_keys.ca_certificates())
    except NotAReportPdf:
        raise InvalidValue("report", Reason.NOT_A_REPORT_PDF) from None
    online = None
    if offline.review_id:
        online = space.check_report_manifest(offline.pades.manifest or {})
    return render_template("report_check.html", result=offline, online=online, errors={})
