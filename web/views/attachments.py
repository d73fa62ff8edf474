"""A review's attachments on its page: upload (the size limit raised on this route only,
the file kept in memory, never spooled to disk in the clear), download (an access record,
``Content-Disposition: attachment``, no caching, no sniffing) and withdrawal."""

from __future__ import annotations

from io import BytesIO
from typing import IO, Any
from uuid import UUID

from flask import Flask, Response, request, send_file
from flask import Request as FlaskRequest
from flask_babel import gettext as _
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from domain.errors import InvalidValue, Reason
from web.app import settings_of
from web.schemas.attachments import DisputeForm, NewAttachment, PaperMarkForm
from web.schemas.report import Withdrawal
from web.security import as_uuid, csrf, signed_in, workspace
from web.views.reviews import act
from web.views.reviews import bp as reviews_bp

MIB = 1024 * 1024
# Room for the multipart envelope and the form's other fields around the file.
ENVELOPE = 64 * 1024


class InMemoryUploads(FlaskRequest):
    """Uploaded files stay in memory (bounded by the request's size limit): Werkzeug would
    spool one over 500 KiB to a temporary file, plaintext on disk."""

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> IO[bytes]:
        return BytesIO()


def upload_limit() -> int:
    return settings_of().max_attachment_mb * MIB


def init_app(app: Flask) -> None:
    """Uploads get their own size limit, set before anything reads the form (the CSRF
    check does, first): the application-wide limit stays small everywhere else."""

    @app.before_request
    def raise_the_limit() -> None:
        if request.endpoint not in UPLOADS:
            return
        request.max_content_length = upload_limit() + ENVELOPE


def too_large() -> InvalidValue:
    return InvalidValue("file", Reason.TOO_LARGE, limit=settings_of().max_attachment_mb)


UPLOADS = {"reviews.add_attachment", "api_reviews.add_attachment"}


def received(form_name: str = "attach") -> tuple[bytes, str]:
    """The uploaded file's bytes and name; a body over the limit refused naming it, before
    it is read (on the page, as the form ``form_name`` came back empty)."""
    if (request.content_length or 0) > upload_limit() + ENVELOPE:
        # The body is never read: the page answers as if the upload form came back empty.
        request.__dict__["form"] = ImmutableMultiDict({"form_name": form_name})
        request.__dict__["files"] = ImmutableMultiDict()
        raise too_large()
    if not request.path.startswith("/api/"):
        csrf.protect()  # after the size check, which reads nothing
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        raise too_large() from None
    if upload is None or not upload.filename:
        raise InvalidValue("file", Reason.REQUIRED)
    return upload.read(upload_limit() + 1), upload.filename


@reviews_bp.post("/reviews/<review_id>/attachments")
@signed_in
def add_attachment(review_id: str) -> Any:
    def run(rid: UUID) -> UUID:
        content, name = received()
        data = NewAttachment().load_form(request.form)
        return workspace().add_attachment(
            rid,
            content=content,
            filename=name,
            kind=data.kind,
            part_of_report=data.part_of_report,
            measure=data.measure,
            max_bytes=upload_limit(),
        )

    return act(review_id, "attachments", _("The file was attached."), run)


# The page's CSRF check runs inside (``received``), once the size is known to be
# acceptable, so that a file too large is refused on the page, naming the limit.
csrf.exempt(add_attachment)


@reviews_bp.get("/reviews/<review_id>/attachments/<attachment_id>")
@signed_in
def download_attachment(review_id: str, attachment_id: str) -> Any:
    found = workspace().attachment_file(as_uuid(review_id), as_uuid(attachment_id))
    return attachment_response(found.content, found.attachment.name, found.attachment.media_type)


@reviews_bp.post("/reviews/<review_id>/attachments/<attachment_id>/withdraw")
@signed_in
def withdraw_attachment(review_id: str, attachment_id: str) -> Any:
    def run(rid: UUID) -> int:
        data = Withdrawal().load_form(request.form)
        return workspace().withdraw_attachment(
            rid,
            as_uuid(attachment_id),
            reason=data.reason,
            expected_version=data.expected_version,
        )

    return act(review_id, "attachments", _("The file was withdrawn."), run)


def attachment_response(content: bytes, name: str, media_type: str) -> Response:
    """A file to save, never to render: no sniffing, no caching."""
    # send_file writes a Chinese name as RFC 6266's filename*=UTF-8'' with an ASCII fallback
    # (a raw one is not a valid HTTP header: gunicorn refuses to send it).
    response = send_file(
        BytesIO(content),
        mimetype=media_type,
        as_attachment=True,
        download_name=name,
        conditional=False,
        etag=False,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


@reviews_bp.post("/reviews/<review_id>/paper-marks")
@signed_in
def record_paper_mark(review_id: str) -> Any:
    """A case officer records a slot as signed or sealed on the paper copy (its scan)."""

    def run(rid: UUID) -> int:
        data = PaperMarkForm().load_form(request.form)
        return workspace().record_paper_mark(rid, slot=data.slot, mark=data.mark, scan=data.scan)

    return act(review_id, "signoff", _("The signature or seal on paper is recorded."), run)


@reviews_bp.post("/reviews/<review_id>/paper-marks/dispute")
@signed_in
def dispute_paper_mark(review_id: str) -> Any:
    """The holder disputes the paper mark recorded for their slot."""

    def run(rid: UUID) -> int:
        data = DisputeForm().load_form(request.form)
        return workspace().dispute_paper_mark(rid, slot=data.slot, reason=data.reason)

    return act(review_id, "signoff", _("Your dispute is recorded; the slot waits again."), run)
