"""The inbox in memory, as ``inbox_tables`` keeps it in SQL (the store contract tests hold
both to it)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from threading import RLock
from uuid import UUID

from application.ports import InboxRow, OutboxRow
from application.ports.outbox import GAVE_UP, PENDING, SENT


class POPOInbox:
    _database_lock: RLock

    def __init__(self) -> None:
        self._inbox: dict[str, InboxRow] = {}
        self._notifier = 0
        self._outbox: dict[str, OutboxRow] = {}

    def record_notifications(
        self, rows: Sequence[InboxRow], tracked: int | None, outbox: Sequence[OutboxRow] = ()
    ) -> int:
        with self._database_lock:
            for message in outbox:
                self._outbox.setdefault(message.message_id, message)
            new = [r for r in rows if r.key not in self._inbox]
            self._inbox.update({r.key: r for r in new})
            if tracked is not None:
                self._notifier = max(self._notifier, tracked)
            return len({r.key for r in new})

    def notifier_position(self) -> int:
        return self._notifier

    def select_inbox(self, recipient: UUID, limit: int) -> list[InboxRow]:
        mine = [r for r in self._inbox.values() if r.recipient == recipient]
        return sorted(mine, key=lambda r: (r.created_at, r.key), reverse=True)[:limit]

    def count_unread(self, recipient: UUID) -> int:
        return sum(1 for r in self._inbox.values() if r.recipient == recipient and not r.read_at)

    def mark_read(self, recipient: UUID, keys: Sequence[str], at: datetime) -> None:
        with self._database_lock:
            for key in keys:
                row = self._inbox.get(key)
                if row is not None and row.recipient == recipient and row.read_at is None:
                    self._inbox[key] = replace(row, read_at=at)

    def select_due_messages(self, now: datetime, limit: int) -> list[OutboxRow]:
        due = [m for m in self._outbox.values() if m.status == PENDING and m.next_attempt_at <= now]
        return sorted(due, key=lambda m: (m.next_attempt_at, m.message_id))[:limit]

    def mark_sent(self, message_id: str, at: datetime) -> None:
        with self._database_lock:
            message = self._outbox[message_id]
            self._outbox[message_id] = replace(message, status=SENT, sent_at=at, last_error="")

    def mark_failed(
        self, message_id: str, attempts: int, next_attempt_at: datetime, error: str, status: str
    ) -> None:
        with self._database_lock:
            message = self._outbox[message_id]
            if message.status == PENDING:
                self._outbox[message_id] = replace(
                    message,
                    attempts=attempts,
                    next_attempt_at=next_attempt_at,
                    last_error=error[:500],
                    status=status,
                )

    def select_undelivered(self, limit: int) -> list[OutboxRow]:
        found = [
            m for m in self._outbox.values() if m.status in (PENDING, GAVE_UP) and m.attempts > 0
        ]
        return sorted(found, key=lambda m: m.created_at, reverse=True)[:limit]
