"""The review report as a signed PDF (decision 25): the print view's template, laid out by
WeasyPrint in Chinese with Noto Sans CJK SC embedded, the signature manifest attached as a
file, then signed (PAdES) with the bureau's document-signing key.

WeasyPrint reads only fupan's own stylesheet, from the package's files: nothing is fetched
from the network or from anywhere a report's text could name.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any
from uuid import UUID

from flask import Response, current_app, render_template
from flask_babel import force_locale, gettext
from markupsafe import Markup

from application.errors import PdfKeysMissing, PdfUnavailable
from application.report_document import ReportDocument
from application.views import StudentView
from infrastructure.documents.keys import DocumentKeysMissing, DocumentSigner
from infrastructure.documents.pdf import MANIFEST, sign
from infrastructure.documents.sm2_pdf import Sm2DocumentSigner
from web.app import services, settings_of
from web.schemas.reviews import ReportRequest
from web.security import workspace

LANGUAGE = "zh_Hans_CN"  # the document is an official one: always in Chinese


def pdf_answer(rid: UUID, query: ReportRequest) -> Response:
    """The signed PDF as a download (shared by the page and the API)."""
    space = workspace()
    document = space.report_document(
        rid, revision=query.revision, personal_data=query.personal_data
    )
    signer = document_signer()
    erased = document["review"]["erased"]  # nothing left to reveal: no 含个人信息 mark
    revealed = document["review"]["incident"]["student"] if query.personal_data else None
    revealed = None if erased else revealed
    pdf = report_pdf(
        document,
        people=space.people(),
        revealed=revealed,
        signer=signer,
        base_url=settings_of().base_url,
    )
    response = Response(pdf, mimetype="application/pdf")
    disposition = f'attachment; filename="{_filename(document, revealed is not None)}"'
    response.headers["Content-Disposition"] = disposition
    response.headers["Cache-Control"] = "no-store"
    return response


def document_signer() -> DocumentSigner | Sm2DocumentSigner:
    """The bureau's document-signing key; made on first use outside production."""
    built = services()
    try:
        return built.document_keys.signer()
    except DocumentKeysMissing:
        if settings_of().mode == "production":
            raise PdfKeysMissing("no PDF CA: fupan pdf-ca init") from None
        built.document_keys.create("fupan")  # development and tests: made on first use
        return built.document_keys.signer()


def _filename(document: ReportDocument, personal: bool) -> str:
    """fupan-report-2026-0042-r2.pdf (ASCII: the reference number's digits)."""
    reference = document["review"]["reference_number"] or document["review"]["id"][:8]
    kept = re.sub(r"-+", "-", re.sub(r"[^A-Za-z0-9-]", "", reference)).strip("-")
    suffix = "-personal" if personal else ""
    return f"fupan-report-{kept}-r{document['revision']}{suffix}.pdf"


def qr_payload(base_url: str, code: str) -> str:
    """What the QR code holds: the verification code and FUPAN_BASE_URL, nothing else."""
    return f"{base_url or 'fupan'}#{code}"


def report_pdf(
    document: ReportDocument,
    *,
    people: dict[str, str],
    revealed: StudentView | None,
    signer: DocumentSigner | Sm2DocumentSigner,
    base_url: str,
) -> bytes:
    """The signed PDF of one revision's report."""
    code = document["verification_code"]
    qr = qr_svg(qr_payload(base_url, code))
    with force_locale(LANGUAGE):
        html = render_template(
            "print.html",
            review=document["review"],
            signatures=document["signatures"],
            people=people,
            document=document,
            document_qr=qr,
            document_page_css=Markup(page_css(document)),  # noqa: S704 (escaped below)
            revealed=revealed,
            reveal_url=None,
            page_lang="zh-Hans",
            stylesheet_href=stylesheet_href(),
        )
        reason = gettext("Review report, revision %(n)s", n=document["revision"])
    return signed_pdf(html, document["manifest"], code, reason, signer)


def _weasyprint() -> Any:
    try:  # WeasyPrint loads Pango when imported: a server without it still serves the rest
        import weasyprint
        import weasyprint.urls
    except (OSError, ImportError) as e:
        raise PdfUnavailable(f"WeasyPrint cannot load its libraries: {e}") from None
    for name in ("weasyprint", "fontTools"):  # their notes on our CSS are not for the logs
        logging.getLogger(name).setLevel(logging.ERROR)
    return weasyprint


def _static() -> Path:
    return Path(current_app.static_folder or "static").resolve()


def stylesheet_href() -> str:
    return (_static() / "fupan.css").as_uri()


def qr_svg(payload: str) -> Markup:
    import segno

    return Markup(segno.make(payload, error="m").svg_inline(scale=4, border=2))  # noqa: S704


def signed_pdf(
    html: str,
    manifest: Any,
    identifier: str,
    reason: str,
    signer: DocumentSigner | Sm2DocumentSigner,
) -> bytes:
    """Lay the page out (only fupan's own files may be read), attach the manifest as a file,
    and sign the whole (PAdES)."""
    weasyprint = _weasyprint()
    text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True)
    attachment = weasyprint.Attachment(
        string=text.encode("utf-8"), name=MANIFEST, description="fupan signature manifest"
    )
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"file"}, timeout=5)
    page = weasyprint.HTML(string=html, base_url=_static().as_uri() + "/", url_fetcher=fetcher)
    pdf = page.write_pdf(attachments=[attachment], pdf_identifier=identifier.encode())
    return sign(bytes(pdf), signer, reason=reason)


def page_css(document: ReportDocument) -> str:
    """The page's margin boxes (the 不公开 mark, the reference number, 第 x 页 共 y 页, the
    verification code), each text a CSS string literal."""
    return margin_css(document["review"]["reference_number"] or "", document["verification_code"])


def margin_css(reference: str, verification_code: str) -> str:
    """Every page's margin boxes: the 不公开 mark, ``reference`` top left, 第 x 页 共 y 页 and
    the verification code."""
    font = 'font-family: "Noto Sans CJK SC", sans-serif'
    pages = css_string(gettext("Page %(x)s of %(y)s", x="\x00", y="\x01"))
    pages = pages.replace("\x00", '" counter(page) "').replace("\x01", '" counter(pages) "')
    code = gettext("Verification code") + " " + verification_code
    return (
        "@page { size: A4; margin: 22mm 18mm 22mm 18mm;\n"
        f"  @top-right {{ content: {css_string(gettext('Not for public release'))};"
        f" color: #a40e26; font-weight: 700; {font}; }}\n"
        f"  @top-left {{ content: {css_string(reference)}; font-size: 9pt; color: #555;"
        f" {font}; }}\n"
        f"  @bottom-center {{ content: {pages}; font-size: 9pt; {font}; }}\n"
        f"  @bottom-right {{ content: {css_string(code)}; font-size: 8pt; color: #555;"
        f" {font}; }} }}"
    )


def css_string(text: Any) -> str:
    """A CSS string literal of ``text`` that can neither end the string nor the style."""
    escaped = "".join(
        ch if ch.isalnum() or ch in " -_.:·，。、" or ord(ch) in (0, 1) else f"\\{ord(ch):x} "
        for ch in str(text)
    )
    return f'"{escaped}"'
