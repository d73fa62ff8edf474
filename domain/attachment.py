"""Attachments of a review (its evidence as files): what the history records of each. The
bytes themselves are stored apart, encrypted under the review's data key in chunks; the
events record their SHA-256, so the hash chain covers them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

MAX_ATTACHMENTS = 200


class AttachmentKind(StrEnum):
    POLICE_CONCLUSION = "police_conclusion"
    MINUTES = "minutes"
    SIGNED_PAPER_COPY = "signed_paper_copy"
    MEASURE_EVIDENCE = "measure_evidence"
    OTHER = "other"


@dataclass(frozen=True)
class Attachment:
    id: UUID
    kind: AttachmentKind
    name: str  # sanitised, for display only (sealed in the event)
    media_type: str
    size: int  # of the stored bytes
    sha256: str  # of the stored bytes (an image's without its metadata)
    upload_sha256: str  # of the bytes as uploaded
    part_of_report: bool
    measure: str  # the measure it evidences ("" for none)
    added_by: UUID
    added_at: datetime
    withdrawn_at: datetime | None = None
    withdrawn_by: UUID | None = None
    withdraw_reason: str = ""

    @property
    def current(self) -> bool:
        return self.withdrawn_at is None

    def listed(self) -> dict[str, object]:
        """How the signed content lists it: by hash, never by name."""
        return {
            "id": str(self.id),
            "kind": self.kind.value,
            "media_type": self.media_type,
            "sha256": self.sha256,
            "size": self.size,
        }
