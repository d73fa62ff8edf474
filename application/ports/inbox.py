"""Notifications kept for their recipients (the inbox), and where the notifier has read the
history up to. A row holds no text: only who, which review, what kind, which event, when;
the text is rendered when read, through the workspace (policy check, access record)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from application.ports.outbox import OutboxRow


@dataclass(frozen=True)
class InboxRow:
    """One notification. ``key`` makes it unique (the notifier and the reminders record each
    notification once, however often they run); ``subject`` names a measure or a slot when
    the kind needs one (never text)."""

    key: str
    recipient: UUID
    review_id: UUID
    kind: str
    position: int  # the event's position in the history; 0 for a reminder
    created_at: datetime
    subject: str = ""
    read_at: datetime | None = None


class InboxRecords(Protocol):
    def record_notifications(
        self, rows: Sequence[InboxRow], tracked: int | None, outbox: Sequence[OutboxRow] = ()
    ) -> int:
        """Insert the rows not yet recorded (by ``key``) and the messages not yet queued (by
        id) and, in the same transaction, note that the notifier has processed the history
        up to ``tracked``; how many notifications were new."""
        ...

    def notifier_position(self) -> int:
        """The history's position up to which notifications were made (0: none yet)."""
        ...

    def select_inbox(self, recipient: UUID, limit: int) -> list[InboxRow]:
        """A recipient's notifications, newest first."""
        ...

    def count_unread(self, recipient: UUID) -> int: ...

    def mark_read(self, recipient: UUID, keys: Sequence[str], at: datetime) -> None:
        """Mark these of the recipient's notifications read (others' are untouched)."""
        ...
