"""The events of a review's attachments. One that is part of the report changes the signed
content (adding or withdrawing it voids the signatures); evidence does not."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING
from uuid import UUID

from domain.attachment import Attachment, AttachmentKind
from domain.review_event_base import ReviewEvent

if TYPE_CHECKING:
    from domain.review import Review


class AttachmentAdded(ReviewEvent):
    sensitive_fields = ("name",)
    attachment_id: UUID
    kind: str
    name: str
    media_type: str
    size: int
    sha256: str
    upload_sha256: str
    part_of_report: bool
    measure: str

    def apply(self, review: Review) -> None:
        review.attachments[str(self.attachment_id)] = Attachment(
            id=self.attachment_id,
            kind=AttachmentKind(self.kind),
            name=self.name,
            media_type=self.media_type,
            size=self.size,
            sha256=self.sha256,
            upload_sha256=self.upload_sha256,
            part_of_report=self.part_of_report,
            measure=self.measure,
            added_by=self.actor,
            added_at=self.timestamp,
        )
        if self.part_of_report:
            review.content_changed()


class AttachmentWithdrawn(ReviewEvent):
    sensitive_fields = ("reason",)
    attachment_id: UUID
    reason: str

    def apply(self, review: Review) -> None:
        key = str(self.attachment_id)
        found = review.attachments[key]
        review.attachments[key] = replace(
            found, withdrawn_at=self.timestamp, withdrawn_by=self.actor, withdraw_reason=self.reason
        )
        if found.part_of_report:
            review.content_changed()
