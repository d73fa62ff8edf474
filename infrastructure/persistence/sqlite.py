"""SQLite, the embedded default: one database file under the data directory."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import (
    SQLiteApplicationRecorder,
    SQLiteCursor,
    SQLiteDatastore,
    SQLiteFactory,
)

from infrastructure.persistence.projection_tables import SQLITE_TYPES, ProjectionTables
from infrastructure.persistence.tables import SQLITE, FupanTablesMixin, Tables


class SQLiteReviewRecorder(FupanTablesMixin, SQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        self.tables = Tables(SQLITE)
        self.credentials = self.tables.credentials
        self.projection = ProjectionTables(SQLITE_TYPES, "", "", "?")
        self.snapshots_table = events_table_name.removesuffix("events") + "snapshots"
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        # The projection tables are made by the first rebuild (rebuild_projections).
        return [*super().construct_create_table_statements(), *self.tables.create]

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

    def _canonical_sql(self, column: str) -> str:
        # Stream ids are stored as 32 hex digits.
        return (
            f"CASE WHEN length({column}) = 32 THEN substr({column}, 1, 8) || '-' || "
            f"substr({column}, 9, 4) || '-' || substr({column}, 13, 4) || '-' || "
            f"substr({column}, 17, 4) || '-' || substr({column}, 21) ELSE {column} END"
        )

    def _tuples(self, c: Any, sql: str, params: Sequence[Any]) -> list[Any]:
        cursor = c.sqlite_cursor
        cursor.row_factory = None  # plain tuples: a verification reads a million rows
        cursor.execute(sql, params)
        return list(cursor.fetchall())

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
