"""Attachments: the fields beside the file (``kind``, ``part_of_report``, ``measure``), and
the reason a withdrawal needs."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from marshmallow import Schema, fields

from domain.attachment import AttachmentKind
from web.schemas.base import LONG, FupanSchema, choice, flag, identifier, text


@dataclass(frozen=True)
class AttachmentInput:
    kind: str
    part_of_report: bool = False
    measure: str = ""


class NewAttachment(FupanSchema[AttachmentInput]):
    """``POST /reviews/{id}/attachments`` (multipart, with ``file``)."""

    result = AttachmentInput
    kind = choice([k.value for k in AttachmentKind])
    part_of_report = flag()
    measure = text(required=False, blank=True)


class AttachmentOut(Schema):
    id = fields.String()
    kind = fields.String(metadata={"enum": [k.value for k in AttachmentKind]})
    name = fields.String()
    media_type = fields.String()
    size = fields.Integer()
    sha256 = fields.String()
    upload_sha256 = fields.String()
    part_of_report = fields.Boolean()
    measure = fields.String()
    added_by = fields.String()
    added_at = fields.String()
    withdrawn = fields.Boolean()
    withdrawn_at = fields.String(allow_none=True)
    withdraw_reason = fields.String()


class AttachmentListOut(Schema):
    attachments = fields.List(fields.Nested(AttachmentOut))


@dataclass(frozen=True)
class PaperMarkInput:
    slot: str
    mark: str
    scan: UUID


class PaperMarkForm(FupanSchema[PaperMarkInput]):
    """``POST /reviews/{id}/paper-marks``: a slot signed or sealed on the paper copy."""

    result = PaperMarkInput
    slot = text()
    mark = choice(["signature", "seal"])
    scan = identifier()


@dataclass(frozen=True)
class DisputeInput:
    slot: str
    reason: str


class DisputeForm(FupanSchema[DisputeInput]):
    """``POST /reviews/{id}/paper-marks/dispute``: the holder says they did not."""

    result = DisputeInput
    slot = text()
    reason = text(max_length=LONG)
