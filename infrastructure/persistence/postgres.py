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
from psycopg.sql import SQL, Composed, Identifier

from application.index import INDEX_COLUMNS, IndexRow
from infrastructure.persistence.snapshots import PostgresSnapshotRecorder, add_missing_column
from infrastructure.persistence.tables import POSTGRES, FupanTablesMixin, Tables, index_filter


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
        self.snapshots_table = f'"{schema}".{prefix}_snapshots'
        # Statements built from constant names and a validated schema, never from input.
        self.sql_create_statements.extend(
            SQL(statement).format() for statement in self.tables.create
        )
        self.index_table = f"{prefix}_review_index"
        self.check_identifier_length(self.index_table)
        table = Identifier(self.datastore.schema, self.index_table)
        self.index_identifier = table
        self.sql_create_statements.extend(self._index_ddl(drop=False))
        columns = SQL(", ").join(Identifier(c) for c in INDEX_COLUMNS)
        self.upsert_index_statement = SQL(
            "INSERT INTO {table} AS t ({columns}) VALUES ({values}) "
            "ON CONFLICT (review_id) DO UPDATE SET {updates} WHERE excluded.version >= t.version"
        ).format(
            table=table,
            columns=columns,
            values=SQL(", ").join(SQL("%s") for _ in INDEX_COLUMNS),
            updates=SQL(", ").join(
                SQL("{c} = excluded.{c}").format(c=Identifier(c)) for c in INDEX_COLUMNS[1:]
            ),
        )
        self.select_index_statement = SQL("SELECT {columns} FROM {table}").format(
            columns=columns, table=table
        )
        self.delete_index_statement = SQL("DELETE FROM {table}").format(table=table)

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

    def _index_ddl(self, *, drop: bool) -> list[Composed]:
        table = self.index_identifier
        statements = [SQL("DROP TABLE IF EXISTS {table}").format(table=table)] if drop else []
        return [
            *statements,
            SQL(
                "CREATE TABLE IF NOT EXISTS {table} ("
                "review_id uuid PRIMARY KEY, version bigint NOT NULL, school text NOT NULL, "
                "jurisdiction text NOT NULL, category text NOT NULL, "
                "on_premises boolean NOT NULL, occurred_on date NOT NULL, "
                "due_on date NOT NULL, status text NOT NULL, report_revision integer NOT NULL, "
                "first_closed_at timestamptz, late boolean NOT NULL, "
                "registered_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, "
                "participants text NOT NULL, duplicate_key text)"
            ).format(table=table),
            SQL(
                "CREATE INDEX IF NOT EXISTS {name} ON {table} (jurisdiction, status, due_on)"
            ).format(name=Identifier(f"{self.index_table}_by_place"), table=table),
            # On an index of an older shape, this column comes with the rebuild (drop=True).
            *(
                [
                    SQL("CREATE INDEX IF NOT EXISTS {name} ON {table} (duplicate_key)").format(
                        name=Identifier(f"{self.index_table}_by_duplicate"), table=table
                    )
                ]
                if drop
                else []
            ),
        ]

    def _lock_meta(self, c: Any) -> None:
        c.execute(SQL("LOCK TABLE {} IN EXCLUSIVE MODE").format(SQL(self.tables.meta)))

    def _upsert_index_row(self, c: Any, row: IndexRow) -> None:
        c.execute(self.upsert_index_statement, _to_params(row))

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        # Same transaction as the events. Rows go in id order so that two writers
        # never wait on each other's rows in opposite orders.
        rows = sorted(kwargs.get("index_rows") or (), key=lambda r: str(r.review_id))
        for row in rows:
            curs.execute(self.upsert_index_statement, _to_params(row), prepare=True)
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

    def select_review_index(self, **filters: Any) -> list[IndexRow]:
        where, params = index_filter("%s", **filters)
        order = SQL(" ORDER BY due_on, review_id")
        statement = self.select_index_statement + SQL(where) + order
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(statement, params)
            return [IndexRow(**row) for row in curs.fetchall()]

    def replace_review_index(self, rows: Sequence[IndexRow]) -> None:
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(self.delete_index_statement)
            for row in rows:
                curs.execute(self.upsert_index_statement, _to_params(row))


def _to_params(row: IndexRow) -> tuple[Any, ...]:
    return tuple(getattr(row, c) for c in INDEX_COLUMNS)


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
