"""A county's report of a checklist round (issue 23), as a PDF signed like the review
report (decision 25): the items with their status, notes and evidence list as they stood
at the submission, the manifest attached, signed with the bureau's document key."""

from __future__ import annotations

from uuid import UUID

from flask import Response, render_template
from flask_babel import force_locale, gettext
from markupsafe import Markup

from web.app import settings_of
from web.report_pdf import (
    LANGUAGE,
    document_signer,
    margin_css,
    qr_payload,
    qr_svg,
    signed_pdf,
    stylesheet_href,
)
from web.security import workspace


def round_report_answer(round_id: UUID, jurisdiction: str, submission: int | None) -> Response:
    space = workspace()
    column, manifest = space.round_report(round_id, jurisdiction, submission)
    signer = document_signer()
    code = manifest["verification_code"]
    with force_locale(LANGUAGE):
        html = render_template(
            "round_report.html",
            column=column,
            round=column.checklist_round,
            progress=column.progress,
            manifest=manifest,
            people=space.people(),
            document_qr=qr_svg(qr_payload(settings_of().base_url, code)),
            document_page_css=Markup(margin_css(column.checklist_round.title, code)),  # noqa: S704
            page_lang="zh-Hans",
            stylesheet_href=stylesheet_href(),
        )
        reason = gettext(
            "Checklist round report of %(place)s, submission %(n)s",
            place=jurisdiction,
            n=manifest["submission"],
        )
    pdf = signed_pdf(html, manifest, code, reason, signer)
    response = Response(pdf, mimetype="application/pdf")
    name = f"fupan-checklist-{manifest['submission']}-{code}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response
