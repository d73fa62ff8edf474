"""SQLite, the embedded default: one database file under the data directory."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, StoredEvent
from eventsourcing.sqlite import (
    SQLiteApplicationRecorder,
    SQLiteCursor,
    SQLiteDatastore,
    SQLiteFactory,
)

from infrastructure.persistence.projection_tables import SQLITE_TYPES, ProjectionTables
from infrastructure.persistence.snapshots import SQLiteSnapshotRecorder
from infrastructure.persistence.tables import SQLITE, FupanTablesMixin, Tables


class SQLiteReviewRecorder(FupanTablesMixin, SQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        self.tables = Tables(SQLITE)
        self.credentials = self.tables.credentials
        self.projection = ProjectionTables(SQLITE_TYPES, "", "", "?")
        self.chain_tables = self.tables.chain_tables
        self.inbox_tables = self.tables.inbox
        self.outbox_tables = self.tables.outbox
        self.snapshots_table = events_table_name.removesuffix("events") + "snapshots"
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            *self.tables.create,
        ]

    def _create_table(self, c: SQLiteCursor) -> None:
        super()._create_table(c)
        # A store written by an earlier release gains the columns it lacks.
        for column in self.migrations:
            c.execute(f"PRAGMA table_info({column.table})")
            if column.name not in {row["name"] for row in c.fetchall()}:
                c.execute(f"ALTER TABLE {column.table} ADD COLUMN {column.name} {column.type}")

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if self.link_signer is not None:
            self.link_signer.ready()  # before the transaction: it may read the key table
        return super().insert_events(stored_events, **kwargs)

    def _lock_meta(self, c: Any) -> None:
        # A write first: SQLite's deferred transaction then holds the write lock.
        c.execute(self.tables.upsert_meta, ("projection_lock", "1"))

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # Deleted keys are overwritten with zeros, not left in free pages.
        c.execute("PRAGMA secure_delete = ON")
        # The events' inserts come first: they take the write lock, so the chain head read
        # below cannot race with another process.
        ids = super()._insert_events(c, stored_events, **kwargs)
        assert ids is not None
        self._extend_chain(c, ids, stored_events)
        self._write_keys(c, **kwargs)
        self._write_projections(c, **kwargs)
        return ids

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        return self.datastore.transaction(commit=commit)

    def _placeholder(self) -> str:
        return "?"

    def _param(self, value: Any) -> Any:
        if isinstance(value, UUID):
            return str(value)
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        if isinstance(value, bool):
            return int(value)
        return value

    def _rowcount(self, c: Any) -> int:
        return int(c.sqlite_cursor.rowcount)

    def _contains(self, column: str) -> str:
        return f"instr({column}, ?) > 0"

    def _events_table(self) -> tuple[str, str]:
        return self.events_table_name, "rowid"

    def _stored_id(self, review_id: UUID) -> Any:
        return review_id.hex

    def scrub(self) -> None:
        """After an erasure: move the write-ahead log into the zeroed pages, empty the log."""
        with self.datastore.get_connection(commit=True) as conn:
            cursor = conn.cursor()
            cursor.execute("PRAGMA secure_delete = ON")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


class Factory(SQLiteFactory):
    application_recorder_class = SQLiteReviewRecorder

    def aggregate_recorder(self, purpose: str = "events") -> AggregateRecorder:
        if purpose != "snapshots":
            return super().aggregate_recorder(purpose)
        tables = Tables(SQLITE)
        recorder = SQLiteSnapshotRecorder(
            self.datastore, "stored_snapshots", events="stored_events", chain=tables.chain
        )
        if self.env_create_table():
            recorder.create_table()
        return recorder
