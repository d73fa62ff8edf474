"""The inbox in SQL (SQLite and PostgreSQL): notifications by recipient, unique by key, and
the notifier's position in the history (in ``fupan_meta``), written together."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any
from uuid import UUID

from application.ports.inbox import InboxRow
from application.ports.outbox import OutboxRow
from infrastructure.persistence.outbox_tables import OutboxTables
from infrastructure.persistence.outbox_tables import values as outbox_values

COLUMNS = ("key", "recipient", "review_id", "kind", "position", "created_at", "subject", "read_at")
NOTIFIER = "notifier_position"


class InboxTables:
    def __init__(self, q: str, prefix: str, p: str, bigint: str, meta: str) -> None:
        inbox = f"{q}{prefix}inbox"
        self.create = [
            f"CREATE TABLE IF NOT EXISTS {inbox} (key TEXT PRIMARY KEY, recipient TEXT NOT NULL, "
            f"review_id TEXT NOT NULL, kind TEXT NOT NULL, position {bigint} NOT NULL, "
            "created_at TEXT NOT NULL, subject TEXT NOT NULL, read_at TEXT)",
            f"CREATE INDEX IF NOT EXISTS {prefix}inbox_by_recipient ON {inbox} "
            "(recipient, created_at)",
        ]
        marks = ", ".join(p for _ in COLUMNS)
        self.insert = (
            f"INSERT INTO {inbox} ({', '.join(COLUMNS)}) VALUES ({marks}) "
            "ON CONFLICT (key) DO NOTHING"
        )
        self.track = (
            f"INSERT INTO {meta} AS m (key, value) VALUES ('{NOTIFIER}', {p}) "
            "ON CONFLICT (key) DO UPDATE SET value = CASE "
            "WHEN CAST(excluded.value AS BIGINT) > CAST(m.value AS BIGINT) "
            "THEN excluded.value ELSE m.value END"
        )
        self.position = f"SELECT value FROM {meta} WHERE key = '{NOTIFIER}'"
        self.select = (
            f"SELECT {', '.join(COLUMNS)} FROM {inbox} WHERE recipient = {p} "
            f"ORDER BY created_at DESC, key DESC LIMIT {p}"
        )
        self.unread = f"SELECT COUNT(*) AS n FROM {inbox} WHERE recipient = {p} AND read_at IS NULL"
        self.read = (
            f"UPDATE {inbox} SET read_at = {p} WHERE recipient = {p} AND key = {p} "
            "AND read_at IS NULL"
        )


class InboxMixin:
    """The inbox's side of a recorder with a datastore."""

    inbox_tables: InboxTables
    outbox_tables: OutboxTables

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _rowcount(self, c: Any) -> int:
        raise NotImplementedError

    def record_notifications(
        self, rows: Sequence[InboxRow], tracked: int | None, outbox: Sequence[OutboxRow] = ()
    ) -> int:
        t = self.inbox_tables
        new = 0
        with self._transaction(commit=True) as c:
            for row in rows:
                c.execute(t.insert, _values(row))
                new += self._rowcount(c)
            for message in outbox:
                c.execute(self.outbox_tables.insert, outbox_values(message))
            if tracked is not None:
                c.execute(t.track, (str(tracked),))
        return new

    def notifier_position(self) -> int:
        with self._transaction(commit=False) as c:
            c.execute(self.inbox_tables.position)
            row = c.fetchone()
        return int(row["value"]) if row else 0

    def select_inbox(self, recipient: UUID, limit: int) -> list[InboxRow]:
        with self._transaction(commit=False) as c:
            c.execute(self.inbox_tables.select, (str(recipient), limit))
            return [_row(r) for r in c.fetchall()]

    def count_unread(self, recipient: UUID) -> int:
        with self._transaction(commit=False) as c:
            c.execute(self.inbox_tables.unread, (str(recipient),))
            return int(c.fetchone()["n"])

    def mark_read(self, recipient: UUID, keys: Sequence[str], at: datetime) -> None:
        with self._transaction(commit=True) as c:
            for key in keys:
                c.execute(self.inbox_tables.read, (at.isoformat(), str(recipient), key))


def _values(row: InboxRow) -> tuple[Any, ...]:
    return (
        row.key,
        str(row.recipient),
        str(row.review_id),
        row.kind,
        row.position,
        row.created_at.isoformat(),
        row.subject,
        row.read_at.isoformat() if row.read_at else None,
    )


def _row(r: Any) -> InboxRow:
    return InboxRow(
        key=r["key"],
        recipient=UUID(str(r["recipient"])),
        review_id=UUID(str(r["review_id"])),
        kind=r["kind"],
        position=int(r["position"]),
        created_at=datetime.fromisoformat(r["created_at"]),
        subject=r["subject"],
        read_at=datetime.fromisoformat(r["read_at"]) if r["read_at"] else None,
    )
