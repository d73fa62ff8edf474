"""The API's attachments: upload (multipart: ``file``, ``kind``, optional
``part_of_report`` and ``measure``), the list, one file's bytes (an access record), and a
withdrawal with its reason."""

from __future__ import annotations

from typing import Any

from flask import request

from application.views import AttachmentView
from web.api.reviews import blp, current
from web.schemas.attachments import (
    AttachmentInput,
    AttachmentListOut,
    AttachmentOut,
    NewAttachment,
)
from web.schemas.report import Withdrawal, WithdrawalReason
from web.security import as_uuid, bearer, workspace
from web.views.attachments import attachment_response, received, upload_limit


def _listed(review_id: Any, attachment_id: Any) -> AttachmentView:
    shown = current(review_id)
    return next(a for a in shown["attachments"] if a["id"] == str(attachment_id))


@blp.route("/reviews/<review_id>/attachments", methods=["POST"])
@blp.arguments(NewAttachment, location="form")
@blp.response(201, AttachmentOut)
@bearer
def add_attachment(data: AttachmentInput, review_id: str) -> Any:
    """Attach a file (PDF, JPEG, PNG, DOCX or XLSX, judged by its content; at most
    ``FUPAN_MAX_ATTACHMENT_MB``); images lose their metadata. One that is
    ``part_of_report`` is listed in the signed content: added after sending, it voids the
    signatures."""
    rid = as_uuid(review_id)
    content, name = received()
    aid = workspace().add_attachment(
        rid,
        content=content,
        filename=name,
        kind=data.kind,
        part_of_report=data.part_of_report,
        measure=data.measure,
        max_bytes=upload_limit(),
    )
    return _listed(rid, aid), 201, {"Location": f"{request.path}/{aid}"}


@blp.route("/reviews/<review_id>/attachments", methods=["GET"])
@blp.response(200, AttachmentListOut)
@bearer
def list_attachments(review_id: str) -> Any:
    """The review's attachments, withdrawn ones included (marked)."""
    return {"attachments": current(as_uuid(review_id))["attachments"]}


@blp.route("/reviews/<review_id>/attachments/<attachment_id>", methods=["GET"])
@blp.response(200, {"format": "binary", "type": "string"}, content_type="application/octet-stream")
@bearer
def download_attachment(review_id: str, attachment_id: str) -> Any:
    """The file's bytes, as stored (an access record)."""
    found = workspace().attachment_file(as_uuid(review_id), as_uuid(attachment_id))
    return attachment_response(found.content, found.attachment.name, found.attachment.media_type)


@blp.route("/reviews/<review_id>/attachments/<attachment_id>/withdraw", methods=["POST"])
@blp.arguments(Withdrawal)
@blp.response(200, AttachmentOut)
@bearer
def withdraw_attachment(data: WithdrawalReason, review_id: str, attachment_id: str) -> Any:
    """Withdraw an attachment, with a reason (and the review's ``expected_version``, to
    refuse it when someone changed the review since); it stays in the history."""
    rid, aid = as_uuid(review_id), as_uuid(attachment_id)
    workspace().withdraw_attachment(
        rid, aid, reason=data.reason, expected_version=data.expected_version
    )
    return _listed(rid, aid)
