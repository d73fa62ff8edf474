"""PostgreSQL, the scale-out store (psycopg 3 with a connection pool)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, StoredEvent
from eventsourcing.postgres import (
    PostgresApplicationRecorder,
    PostgresDatastore,
    PostgresFactory,
)
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from infrastructure.persistence.projection_tables import POSTGRES_TYPES, ProjectionTables
from infrastructure.persistence.snapshots import PostgresSnapshotRecorder, add_missing_column
from infrastructure.persistence.tables import POSTGRES, FupanTablesMixin, Tables


class PostgresReviewRecorder(FupanTablesMixin, PostgresApplicationRecorder):
    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        prefix = events_table_name.removesuffix("_events")
        schema = self.datastore.schema
        self.tables = Tables(POSTGRES, prefix=f"{prefix}_", schema=schema)
        self.credentials = self.tables.credentials
        self.chain_tables = self.tables.chain_tables
        self.inbox_tables = self.tables.inbox
        self.outbox_tables = self.tables.outbox
        self.snapshots_table = f'"{schema}".{prefix}_snapshots'
        self.projection = ProjectionTables(POSTGRES_TYPES, f'"{schema}".', f"{prefix}_", "%s")
        for name in (
            "review_measures_waiting",
            "review_people_by_account",
            "review_list_for_counts",
        ):
            self.check_identifier_length(f"{prefix}_{name}")
        # Statements built from constant names and a validated schema, never from input.
        # The projection tables are made by the first rebuild (rebuild_projections).
        self.sql_create_statements.extend(
            SQL(statement).format() for statement in self.tables.create
        )

    def create_table(self) -> None:
        super().create_table()
        # A store written by an earlier release gains the columns it lacks.
        for column in self.migrations:
            statement = SQL("ALTER TABLE {} ADD COLUMN IF NOT EXISTS {} {}").format(
                SQL(column.table),
                Identifier(column.name),
                SQL(column.type),
            )
            bare = column.table.rsplit(".", 1)[-1]
            add_missing_column(self.datastore, bare, column.name, statement)

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if self.link_signer is not None:
            self.link_signer.ready()  # before the transaction: it may read the key table
        ids: Sequence[int] | None = super().insert_events(stored_events, **kwargs)
        return ids

    def _lock_meta(self, c: Any) -> None:
        c.execute(SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(SQL(self.tables.meta)))

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        # Same transaction as the events. Rows go in id order so that two writers
        # never wait on each other's rows in opposite orders.
        self._write_projections(curs, **kwargs)
        self._write_keys(curs, **kwargs)

    def _fetch_ids_after_insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        # The library has locked the events table by now: the chain head cannot race.
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        assert ids is not None
        with curs.connection.cursor() as chain_cursor:
            self._extend_chain(chain_cursor, ids, stored_events)
        return ids

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        return self.datastore.transaction(commit=commit)

    def _placeholder(self) -> str:
        return "%s"

    def _param(self, value: Any) -> Any:
        return value

    def _contains(self, column: str) -> str:
        return f"strpos({column}, %s) > 0"

    def _true(self) -> str:
        return "true"

    def _order(self, column: str) -> str:
        # Text sorts by code point, as in SQLite and in memory.
        text = {"r.school", "r.jurisdiction", "r.status", "s.slot"}
        return f'{column} COLLATE "C"' if column in text else column

    def _events_table(self) -> tuple[str, str]:
        return f'"{self.datastore.schema}".{self.events_table_name}', "notification_id"

    def _stored_id(self, review_id: UUID) -> Any:
        return review_id

    def scrub(self) -> None:
        """After an erasure: rewrite the key table so no dead copy of the key remains.

        PostgreSQL's write-ahead log may still hold the wrapped key; rotating the master
        key (``fupan keys rotate``) makes any such copy unreadable.
        """
        with self.datastore.get_connection() as conn:
            conn.execute(SQL("VACUUM FULL {}").format(SQL(self.tables.data_keys)))


class Factory(PostgresFactory):
    application_recorder_class = PostgresReviewRecorder

    def aggregate_recorder(self, purpose: str = "events") -> AggregateRecorder:
        if purpose != "snapshots":
            return super().aggregate_recorder(purpose)
        prefix = self.env.name.lower() or "stored"
        tables = Tables(POSTGRES, prefix=f"{prefix}_", schema=self.datastore.schema)
        recorder = PostgresSnapshotRecorder(
            self.datastore,
            events_table_name=f"{prefix}_snapshots",
            events=f"{prefix}_events",
            chain=tables.chain,
        )
        if self.env_create_table():
            recorder.create_table()
        return recorder
