"""The outbox in SQL (SQLite and PostgreSQL): messages to send, by stable id, with their
attempts; queued in the notifications' transaction (``inbox_tables``)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any
from uuid import UUID

from application.ports.outbox import GAVE_UP, PENDING, SENT, OutboxRow

COLUMNS = (
    "message_id",
    "channel",
    "account_id",
    "review_id",
    "kind",
    "created_at",
    "next_attempt_at",
    "attempts",
    "status",
    "last_error",
    "sent_at",
)


class OutboxTables:
    def __init__(self, q: str, prefix: str, p: str) -> None:
        outbox = f"{q}{prefix}outbox"
        self.create = [
            f"CREATE TABLE IF NOT EXISTS {outbox} (message_id TEXT PRIMARY KEY, "
            "channel TEXT NOT NULL, account_id TEXT NOT NULL, review_id TEXT NOT NULL, "
            "kind TEXT NOT NULL, created_at TEXT NOT NULL, next_attempt_at TEXT NOT NULL, "
            "attempts INTEGER NOT NULL, status TEXT NOT NULL, last_error TEXT NOT NULL, "
            "sent_at TEXT)",
            f"CREATE INDEX IF NOT EXISTS {prefix}outbox_due ON {outbox} (status, next_attempt_at)",
        ]
        columns = ", ".join(COLUMNS)
        self.insert = (
            f"INSERT INTO {outbox} ({columns}) VALUES ({', '.join(p for _ in COLUMNS)}) "
            "ON CONFLICT (message_id) DO NOTHING"
        )
        self.due = (
            f"SELECT {columns} FROM {outbox} WHERE status = '{PENDING}' "
            f"AND next_attempt_at <= {p} ORDER BY next_attempt_at, message_id LIMIT {p}"
        )
        self.sent = (
            f"UPDATE {outbox} SET status = '{SENT}', sent_at = {p}, last_error = '' "
            f"WHERE message_id = {p}"
        )
        self.failed = (
            f"UPDATE {outbox} SET attempts = {p}, next_attempt_at = {p}, last_error = {p}, "
            f"status = {p} WHERE message_id = {p} AND status = '{PENDING}'"
        )
        self.undelivered = (
            f"SELECT {columns} FROM {outbox} WHERE status IN ('{PENDING}', '{GAVE_UP}') "
            f"AND attempts > 0 ORDER BY created_at DESC LIMIT {p}"
        )


class OutboxMixin:
    outbox_tables: OutboxTables

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def select_due_messages(self, now: datetime, limit: int) -> list[OutboxRow]:
        with self._transaction(commit=False) as c:
            c.execute(self.outbox_tables.due, (now.isoformat(), limit))
            return [_row(r) for r in c.fetchall()]

    def mark_sent(self, message_id: str, at: datetime) -> None:
        with self._transaction(commit=True) as c:
            c.execute(self.outbox_tables.sent, (at.isoformat(), message_id))

    def mark_failed(
        self, message_id: str, attempts: int, next_attempt_at: datetime, error: str, status: str
    ) -> None:
        values = (attempts, next_attempt_at.isoformat(), error[:500], status, message_id)
        with self._transaction(commit=True) as c:
            c.execute(self.outbox_tables.failed, values)

    def select_undelivered(self, limit: int) -> list[OutboxRow]:
        with self._transaction(commit=False) as c:
            c.execute(self.outbox_tables.undelivered, (limit,))
            return [_row(r) for r in c.fetchall()]


def values(row: OutboxRow) -> tuple[Any, ...]:
    return (
        row.message_id,
        row.channel,
        str(row.account_id),
        str(row.review_id),
        row.kind,
        row.created_at.isoformat(),
        row.next_attempt_at.isoformat(),
        row.attempts,
        row.status,
        row.last_error,
        row.sent_at.isoformat() if row.sent_at else None,
    )


def _row(r: Any) -> OutboxRow:
    return OutboxRow(
        message_id=r["message_id"],
        channel=r["channel"],
        account_id=UUID(str(r["account_id"])),
        review_id=UUID(str(r["review_id"])),
        kind=r["kind"],
        created_at=datetime.fromisoformat(r["created_at"]),
        next_attempt_at=datetime.fromisoformat(r["next_attempt_at"]),
        attempts=int(r["attempts"]),
        status=r["status"],
        last_error=r["last_error"],
        sent_at=datetime.fromisoformat(r["sent_at"]) if r["sent_at"] else None,
    )
