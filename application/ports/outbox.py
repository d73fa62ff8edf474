"""Messages to send outside fupan (e-mail now), written with the notifications they carry in
the same transaction, sent by the deliverer with retries. A row holds no text: the message
is rendered when sent, from the kind and the review's reference number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

PENDING, SENT, GAVE_UP = "pending", "sent", "gave_up"


@dataclass(frozen=True)
class OutboxRow:
    """``message_id`` is stable (derived from the notification's key and the channel): a
    message resent after a crash carries the same one, so the receiver can drop the copy."""

    message_id: str
    channel: str  # "email"
    account_id: UUID
    review_id: UUID
    kind: str
    created_at: datetime
    next_attempt_at: datetime
    attempts: int = 0
    status: str = PENDING
    last_error: str = ""
    sent_at: datetime | None = None


class OutboxRecords(Protocol):
    def select_due_messages(self, now: datetime, limit: int) -> list[OutboxRow]:
        """Pending messages whose next attempt is due, oldest first."""
        ...

    def mark_sent(self, message_id: str, at: datetime) -> None: ...

    def mark_failed(
        self, message_id: str, attempts: int, next_attempt_at: datetime, error: str, status: str
    ) -> None:
        """A failed attempt: try again at ``next_attempt_at`` (or give up: ``status``)."""
        ...

    def select_undelivered(self, limit: int) -> list[OutboxRow]:
        """Messages that failed at least once and are not sent, newest first (the admin page)."""
        ...
