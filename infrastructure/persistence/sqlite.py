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

from application.index import INDEX_COLUMNS, IndexRow
from infrastructure.persistence.snapshots import SQLiteSnapshotRecorder
from infrastructure.persistence.tables import SQLITE, FupanTablesMixin, Tables, index_filter

INDEX_TABLE = "review_index"
_PLACEHOLDERS = ", ".join("?" for _ in INDEX_COLUMNS)
_UPDATES = ", ".join(f"{c}=excluded.{c}" for c in INDEX_COLUMNS[1:])
UPSERT = (
    f"INSERT INTO {INDEX_TABLE} ({', '.join(INDEX_COLUMNS)}) VALUES ({_PLACEHOLDERS}) "
    f"ON CONFLICT(review_id) DO UPDATE SET {_UPDATES} "
    f"WHERE excluded.version >= {INDEX_TABLE}.version"
)


class SQLiteReviewRecorder(FupanTablesMixin, SQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        self.tables = Tables(SQLITE)
        self.credentials = self.tables.credentials
        self.chain_tables = self.tables.chain_tables
        self.snapshots_table = events_table_name.removesuffix("events") + "snapshots"
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        return [
            *super().construct_create_table_statements(),
            *self.tables.create,
            *self._index_ddl(drop=False),
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

    def _index_ddl(self, *, drop: bool) -> list[str]:
        return [
            *([f"DROP TABLE IF EXISTS {INDEX_TABLE}"] if drop else []),
            f"CREATE TABLE IF NOT EXISTS {INDEX_TABLE} ("
            "review_id TEXT PRIMARY KEY, version INTEGER NOT NULL, school TEXT NOT NULL, "
            "jurisdiction TEXT NOT NULL, category TEXT NOT NULL, on_premises INTEGER NOT NULL, "
            "occurred_on TEXT NOT NULL, due_on TEXT NOT NULL, status TEXT NOT NULL, "
            "report_revision INTEGER NOT NULL, first_closed_at TEXT, late INTEGER NOT NULL, "
            "registered_at TEXT NOT NULL, updated_at TEXT NOT NULL, participants TEXT NOT NULL, "
            "duplicate_key TEXT)",
            f"CREATE INDEX IF NOT EXISTS {INDEX_TABLE}_by_place "
            f"ON {INDEX_TABLE} (jurisdiction, status, due_on)",
            # On an index of an older shape, this column comes with the rebuild (drop=True).
            *(
                [
                    f"CREATE INDEX IF NOT EXISTS {INDEX_TABLE}_by_duplicate "
                    f"ON {INDEX_TABLE} (duplicate_key)"
                ]
                if drop
                else []
            ),
        ]

    def _lock_meta(self, c: Any) -> None:
        # A write first: SQLite's deferred transaction then holds the write lock.
        c.execute(self.tables.upsert_meta, ("index_lock", "1"))

    def _upsert_index_row(self, c: Any, row: IndexRow) -> None:
        c.execute(UPSERT, _to_params(row))

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
        for row in kwargs.get("index_rows") or ():
            c.execute(UPSERT, _to_params(row))
        return ids

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        return self.datastore.transaction(commit=commit)

    def _placeholder(self) -> str:
        return "?"

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

    def select_review_index(self, **filters: Any) -> list[IndexRow]:
        where, params = index_filter("?", **filters)
        columns = ", ".join(INDEX_COLUMNS)
        sql = f"SELECT {columns} FROM {INDEX_TABLE}{where} ORDER BY due_on, review_id"
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql, params)
            return [_from_row(r) for r in c.fetchall()]

    def replace_review_index(self, rows: Sequence[IndexRow]) -> None:
        with self.datastore.transaction(commit=True) as c:
            c.execute(f"DELETE FROM {INDEX_TABLE}")
            for row in rows:
                c.execute(UPSERT, _to_params(row))


def _to_params(row: IndexRow) -> tuple[Any, ...]:
    values = []
    for column in INDEX_COLUMNS:
        value = getattr(row, column)
        if isinstance(value, UUID):
            value = str(value)
        elif isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif isinstance(value, bool):
            value = int(value)
        values.append(value)
    return tuple(values)


def _from_row(r: Any) -> IndexRow:
    closed = r["first_closed_at"]
    return IndexRow(
        review_id=UUID(r["review_id"]),
        version=r["version"],
        school=r["school"],
        jurisdiction=r["jurisdiction"],
        category=r["category"],
        on_premises=bool(r["on_premises"]),
        occurred_on=date.fromisoformat(r["occurred_on"]),
        due_on=date.fromisoformat(r["due_on"]),
        status=r["status"],
        report_revision=r["report_revision"],
        first_closed_at=datetime.fromisoformat(closed) if closed else None,
        late=bool(r["late"]),
        registered_at=datetime.fromisoformat(r["registered_at"]),
        updated_at=datetime.fromisoformat(r["updated_at"]),
        participants=r["participants"],
        duplicate_key=r["duplicate_key"],
    )


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
