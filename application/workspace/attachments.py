"""A review's attachments in the workspace: team members and case officers add and
withdraw them; whoever may view the review reads them, each download recorded."""

from __future__ import annotations

from uuid import UUID

from application.attachments import AttachmentFile
from application.policy import Action
from application.workspace.base import WorkspaceBase, requires


class Attachments(WorkspaceBase):
    @requires(Action.ATTACH)
    def add_attachment(
        self,
        review_id: UUID,
        *,
        content: bytes,
        filename: str,
        kind: str,
        part_of_report: bool = False,
        measure: str = "",
        max_bytes: int,
    ) -> UUID:
        return self.desk.add_attachment(
            review_id,
            content=content,
            filename=filename,
            kind=kind,
            part_of_report=part_of_report,
            measure=measure,
            max_bytes=max_bytes,
            actor=self.actor,
        )

    @requires(Action.ATTACH)
    def withdraw_attachment(
        self,
        review_id: UUID,
        attachment_id: UUID,
        *,
        reason: str,
        expected_version: int | None = None,
    ) -> int:
        return self.desk.withdraw_attachment(
            review_id,
            attachment_id,
            reason=reason,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.VIEW_REVIEW)
    def attachment_file(self, review_id: UUID, attachment_id: UUID) -> AttachmentFile:
        found = self.desk.attachment_file(review_id, attachment_id)
        self._record(review_id, f"attachment:{found.attachment.id}")
        return found

    @requires(Action.RECORD_PAPER_MARK)
    def record_paper_mark(self, review_id: UUID, *, slot: str, mark: str, scan: UUID) -> int:
        """Record a slot as signed or sealed on the paper copy whose scan is attached."""
        return self.desk.record_paper_mark(
            review_id, slot=slot, mark=mark, scan=scan, actor=self.actor
        )

    @requires(Action.SIGN)
    def dispute_paper_mark(self, review_id: UUID, *, slot: str, reason: str) -> int:
        """The holder of a slot disputes the paper mark recorded for it."""
        return self.desk.dispute_paper_mark(review_id, slot=slot, reason=reason, actor=self.actor)
