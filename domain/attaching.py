"""Adding and withdrawing a review's attachments. While the review is open anyone allowed
to write to it may add; once closed, only evidence of a measure (rule 5's exception: the
follow-up goes on). Withdrawing needs a reason and keeps the attachment in the history."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain import validation as v
from domain.attachment import MAX_ATTACHMENTS, Attachment, AttachmentKind
from domain.attachment_events import AttachmentAdded, AttachmentWithdrawn
from domain.errors import Code, InvalidTransition, InvalidValue, Reason, RuleRefusal
from domain.review_base import ReviewBase
from domain.values import Status


class Attaching(ReviewBase):
    attachments: dict[str, Attachment]

    def add_attachment(
        self,
        *,
        attachment_id: UUID,
        kind: str,
        name: str,
        media_type: str,
        size: int,
        sha256: str,
        upload_sha256: str,
        part_of_report: bool,
        measure: str,
        actor: UUID,
        now: datetime,
    ) -> None:
        chosen = v.choice("kind", kind, AttachmentKind)
        measure = v.text("measure", measure, required=False)
        if measure and measure not in self.measures:
            raise InvalidValue("measure", Reason.NOT_ALLOWED, "no such measure")
        if chosen is AttachmentKind.MEASURE_EVIDENCE and not measure:
            raise InvalidValue("measure", Reason.REQUIRED)
        self._check_open_for(chosen, part_of_report)
        if len(self.attachments) >= MAX_ATTACHMENTS:
            raise InvalidValue("file", Reason.OUT_OF_RANGE, limit=MAX_ATTACHMENTS)
        self._trigger(
            AttachmentAdded,
            actor,
            now,
            attachment_id=attachment_id,
            kind=chosen.value,
            name=name,
            media_type=media_type,
            size=size,
            sha256=sha256,
            upload_sha256=upload_sha256,
            part_of_report=bool(part_of_report),
            measure=measure,
        )

    def withdraw_attachment(
        self, attachment_id: UUID, reason: str, actor: UUID, now: datetime
    ) -> None:
        found = self.attachment(attachment_id)
        if not found.current:
            raise InvalidTransition(Code.ATTACHMENT_WITHDRAWN, "already withdrawn")
        self._check_open_for(found.kind, found.part_of_report)
        self._trigger(
            AttachmentWithdrawn,
            actor,
            now,
            attachment_id=found.id,
            reason=self.check_reason("reason", reason),
        )

    def attachment(self, attachment_id: UUID) -> Attachment:
        found = self.attachments.get(str(v.an_id("attachment_id", attachment_id)))
        if found is None:
            raise RuleRefusal(Code.UNKNOWN_ATTACHMENT, "no such attachment on this review")
        return found

    def paper_copy_scan(self, attachment_id: UUID) -> Attachment:
        """The attachment a paper signature or seal is recorded from: a current scan of the
        signed paper copy."""
        found = self.attachment(attachment_id)
        if found.kind is not AttachmentKind.SIGNED_PAPER_COPY or not found.current:
            raise RuleRefusal(Code.NOT_A_PAPER_COPY, "the scan must be a current signed paper copy")
        return found

    def _check_open_for(self, kind: AttachmentKind, part_of_report: bool) -> None:
        if self.status is Status.CLOSED and kind is AttachmentKind.MEASURE_EVIDENCE:
            if part_of_report:
                raise InvalidValue("part_of_report", Reason.NOT_ALLOWED)
            self.check_writable()
            return
        self.check_not_closed()
