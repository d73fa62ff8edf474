"""A review's attachments: a file checked by its content, an image stripped of its
metadata, encrypted under the review's data key in chunks saved in the transaction of the
event that records its hashes; read back only through the workspace (an access record
each time)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from application.base import DeskBase
from domain import files
from domain import validation as v
from domain.attachment import Attachment
from domain.errors import InvalidValue, Reason
from domain.review import Review

MIB = 1024 * 1024


@dataclass(frozen=True)
class CheckedFile:
    """An upload as fupan keeps it: its type judged by its content, an image's metadata
    removed, a name for display only."""

    stored: bytes
    media_type: str
    name: str

    @property
    def sha256(self) -> str:
        return sha256(self.stored)


def checked_file(content: bytes, filename: str, max_bytes: int) -> CheckedFile:
    """Refused naming ``file`` when empty, over ``max_bytes`` or of a type not allowed."""
    if not content:
        raise InvalidValue("file", Reason.REQUIRED)
    if len(content) > max_bytes:
        raise InvalidValue("file", Reason.TOO_LARGE, limit=max(1, max_bytes // MIB))
    media_type = files.media_type(content)
    stored = files.without_metadata(content, media_type)
    # Only for display: sanitised (no path, no control or odd characters, 100 at most).
    name = files.display_name(str(filename or "")[:1000], media_type)
    return CheckedFile(stored, media_type, name)


@dataclass(frozen=True)
class AttachmentFile:
    attachment: Attachment
    content: bytes


class AttachmentCommands(DeskBase):
    def add_attachment(
        self,
        review_id: UUID,
        *,
        content: bytes,
        filename: str,
        kind: str,
        part_of_report: bool = False,
        measure: str = "",
        max_bytes: int = 20 * MIB,
        actor: UUID,
    ) -> UUID:
        """Check, clean, encrypt and record a file; its id."""
        review_id = v.an_id("review_id", review_id)
        upload = checked_file(content, filename, max_bytes)
        stored = upload.stored
        attachment_id = uuid4()

        def attach(review: Review, who: UUID, now: datetime) -> None:
            review.add_attachment(
                attachment_id=attachment_id,
                kind=kind,
                name=upload.name,
                media_type=upload.media_type,
                size=len(stored),
                sha256=upload.sha256,
                upload_sha256=sha256(content),
                part_of_report=part_of_report,
                measure=measure,
                actor=who,
                now=now,
            )

        rows = self.keys.seal_file(review_id, attachment_id, stored)
        self._amend(review_id, actor, None, attach, rows=rows)
        return attachment_id

    def withdraw_attachment(
        self,
        review_id: UUID,
        attachment_id: UUID,
        *,
        reason: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        def withdraw(review: Review, who: UUID, now: datetime) -> None:
            review.withdraw_attachment(attachment_id, reason, who, now)

        return self._change(v.an_id("review_id", review_id), actor, expected_version, withdraw)

    def attachment_file(self, review_id: UUID, attachment_id: UUID) -> AttachmentFile:
        """The file as stored (decrypted); the caller records the access."""
        review = self._load(v.an_id("review_id", review_id), None)
        review.check_not_erased()
        found = review.attachment(attachment_id)
        chunks = self.store.select_attachment_chunks(found.id)
        return AttachmentFile(found, self.keys.open_file(review.id, found.id, chunks))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
