"""Snapshots that the chain vouches for.

A snapshot lives outside the chain (it is written after the events' transaction). Each one
is stored with the chain link of the event at its version; the repository reads a snapshot
only when that link still equals the chain's and every version up to it is still stored
(one query on the events' and the chain's primary keys), otherwise it replays the stream.
A snapshot written by an earlier release has no link stored: it is never used, and the
next one is written with its link.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.popo import POPOAggregateRecorder
from eventsourcing.postgres import PostgresAggregateRecorder, PostgresDatastore
from eventsourcing.sqlite import SQLiteAggregateRecorder, SQLiteCursor, SQLiteDatastore
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Composed, Identifier

from application.ports import SnapshotRow

COLUMN = "chain_link"


def _linked(stored: Any, current: Any, below: int, version: int) -> bool | None:
    """Whether the stored history still vouches for a snapshot: the chain link at its
    version is the one stored with it, and no version below it is missing."""
    if stored is None:
        return None
    return current is not None and bytes(stored) == bytes(current) and below == version


class SQLiteSnapshotRecorder(SQLiteAggregateRecorder):
    def __init__(
        self, datastore: SQLiteDatastore, events_table_name: str, *, events: str, chain: str
    ) -> None:
        super().__init__(datastore, events_table_name)
        s = self.events_table_name
        self.insert_events_statement = (
            f"INSERT INTO {s} (originator_id, originator_version, topic, state, {COLUMN}) "
            f"VALUES (?, ?, ?, ?, (SELECT c.link FROM {events} e JOIN {chain} c "
            "ON c.position = e.rowid WHERE e.originator_id = ? AND e.originator_version = ?))"
        )
        below = (
            f"(SELECT COUNT(*) FROM {events} b WHERE b.originator_id = s.originator_id "
            "AND b.originator_version <= s.originator_version)"
        )
        self.joined = (
            f"SELECT s.originator_id, s.originator_version, s.topic, s.state, "
            f"s.{COLUMN} AS stored_link, c.link AS current_link, {below} AS below FROM {s} s "
            f"LEFT JOIN {events} e ON e.originator_id = s.originator_id "
            "AND e.originator_version = s.originator_version "
            f"LEFT JOIN {chain} c ON c.position = e.rowid WHERE s.originator_id = ? "
        )
        self.vouched = f"AND s.{COLUMN} = c.link AND {below} = s.originator_version "

    def _create_table(self, c: SQLiteCursor) -> None:
        super()._create_table(c)
        c.execute(f"PRAGMA table_info({self.events_table_name})")
        if COLUMN not in {row["name"] for row in c.fetchall()}:
            c.execute(f"ALTER TABLE {self.events_table_name} ADD COLUMN {COLUMN} BLOB")

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **_: Any
    ) -> Sequence[int] | None:
        params = []
        for s in stored_events:
            sid = s.originator_id.hex if isinstance(s.originator_id, UUID) else s.originator_id
            params.append((sid, s.originator_version, s.topic, s.state, sid, s.originator_version))
        c.executemany(self.insert_events_statement, params)
        return None

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        statement = self.joined + self.vouched
        params: list[Any] = [
            originator_id.hex if isinstance(originator_id, UUID) else originator_id
        ]
        if gt is not None:
            statement += "AND s.originator_version > ? "
            params.append(gt)
        if lte is not None:
            statement += "AND s.originator_version <= ? "
            params.append(lte)
        statement += f"ORDER BY s.originator_version {'DESC' if desc else 'ASC'} "
        if limit is not None:
            statement += "LIMIT ?"
            params.append(limit)
        return [row.stored for row in self._rows(statement, params)]

    def select_snapshots(self, originator_id: UUID) -> list[SnapshotRow]:
        statement = self.joined + "ORDER BY s.originator_version"
        return self._rows(statement, [originator_id.hex])

    def _rows(self, statement: str, params: list[Any]) -> list[SnapshotRow]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(statement, params)
            return [
                SnapshotRow(
                    StoredEvent(
                        originator_id=self.convert_originator_id(row["originator_id"]),
                        originator_version=row["originator_version"],
                        topic=row["topic"],
                        state=row["state"],
                    ),
                    _linked(
                        row["stored_link"],
                        row["current_link"],
                        row["below"],
                        row["originator_version"],
                    ),
                )
                for row in c.fetchall()
            ]


class PostgresSnapshotRecorder(PostgresAggregateRecorder):
    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str, events: str, chain: str
    ) -> None:
        super().__init__(datastore, events_table_name=events_table_name)
        schema = Identifier(self.datastore.schema)
        table = Identifier(self.events_table_name)
        names = {"schema": schema, "table": table, "events": Identifier(events)}
        # ``chain`` is a constant name with a validated schema (tables.Tables), never input.
        chain_table = SQL(chain)
        self.column_statement = SQL(
            "ALTER TABLE {schema}.{table} ADD COLUMN IF NOT EXISTS chain_link bytea"
        ).format(**names)
        self.insert_events_statement = SQL(
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state, "
            "chain_link) SELECT u.originator_id, u.originator_version, u.topic, u.state, c.link "
            "FROM unnest(%s::{schema}.{stored_event_type}[]) u "
            "LEFT JOIN {schema}.{events} e ON e.originator_id = u.originator_id "
            "AND e.originator_version = u.originator_version "
            "LEFT JOIN {chain} c ON c.position = e.notification_id"
        ).format(
            stored_event_type=Identifier(self.stored_event_type_name), chain=chain_table, **names
        )
        below = SQL(
            "(SELECT COUNT(*) FROM {schema}.{events} b WHERE b.originator_id = s.originator_id "
            "AND b.originator_version <= s.originator_version)"
        ).format(**names)
        self.joined = SQL(
            "SELECT s.originator_id, s.originator_version, s.topic, s.state, "
            "s.chain_link AS stored_link, c.link AS current_link, {below} AS below "
            "FROM {schema}.{table} s "
            "LEFT JOIN {schema}.{events} e ON e.originator_id = s.originator_id "
            "AND e.originator_version = s.originator_version "
            "LEFT JOIN {chain} c ON c.position = e.notification_id WHERE s.originator_id = %s"
        ).format(chain=chain_table, below=below, **names)
        self.vouched = SQL(" AND s.chain_link = c.link AND {below} = s.originator_version").format(
            below=below
        )

    def create_table(self) -> None:
        super().create_table()
        add_missing_column(self.datastore, self.events_table_name, COLUMN, self.column_statement)

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        statement: Composed = self.joined + self.vouched
        params: list[Any] = [originator_id]
        if gt is not None:
            statement += SQL(" AND s.originator_version > %s")
            params.append(gt)
        if lte is not None:
            statement += SQL(" AND s.originator_version <= %s")
            params.append(lte)
        statement += SQL(
            " ORDER BY s.originator_version DESC" if desc else " ORDER BY s.originator_version"
        )
        if limit is not None:
            statement += SQL(" LIMIT %s")
            params.append(limit)
        return [row.stored for row in self._rows(statement, params)]

    def select_snapshots(self, originator_id: UUID) -> list[SnapshotRow]:
        return self._rows(self.joined + SQL(" ORDER BY s.originator_version"), [originator_id])

    def _rows(self, statement: Composed, params: list[Any]) -> list[SnapshotRow]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, params, prepare=True)
            return [
                SnapshotRow(
                    StoredEvent(
                        originator_id=row["originator_id"],
                        originator_version=row["originator_version"],
                        topic=row["topic"],
                        state=bytes(row["state"]),
                    ),
                    _linked(
                        row["stored_link"],
                        row["current_link"],
                        row["below"],
                        row["originator_version"],
                    ),
                )
                for row in curs.fetchall()
            ]


def add_missing_column(
    datastore: PostgresDatastore, table: str, column: str, statement: Composed
) -> None:
    """Run ``statement`` (an ADD COLUMN IF NOT EXISTS) only when the column is missing,
    so that a started store takes no table lock."""
    with datastore.transaction(commit=True) as curs:
        if not _has_column(curs, datastore.schema, table, column):
            curs.execute(statement)


def _has_column(curs: Cursor[DictRow], schema: str, table: str, column: str) -> bool:
    curs.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = %s "
        "AND table_name = %s AND column_name = %s",
        (schema, table, column),
    )
    return curs.fetchone() is not None


class POPOSnapshotRecorder(POPOAggregateRecorder):
    """In memory: the link is looked up in the events' recorder (``link_at``)."""

    def __init__(
        self,
        link_at: Callable[[str, int], bytes | None],
        count_below: Callable[[str, int], int],
    ) -> None:
        super().__init__()
        self.link_at = link_at
        self.count_below = count_below
        self._links: dict[tuple[str, int], bytes | None] = {}

    def _update_table(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        for s in stored_events:
            stream = str(s.originator_id)
            self._links[(stream, s.originator_version)] = self.link_at(stream, s.originator_version)
        return super()._update_table(stored_events, **kwargs)

    def select_events(
        self,
        originator_id: UUID | str,
        *,
        gt: int | None = None,
        lte: int | None = None,
        desc: bool = False,
        limit: int | None = None,
    ) -> Sequence[StoredEvent]:
        found = super().select_events(originator_id, gt=gt, lte=lte, desc=desc)
        linked = [s for s in found if self._check(s) is True]
        return linked[:limit] if limit is not None else linked

    def select_snapshots(self, originator_id: UUID) -> list[SnapshotRow]:
        return [SnapshotRow(s, self._check(s)) for s in super().select_events(originator_id)]

    def _check(self, s: StoredEvent) -> bool | None:
        stream, version = str(s.originator_id), s.originator_version
        return _linked(
            self._links.get((stream, version)),
            self.link_at(stream, version),
            self.count_below(stream, version),
            version,
        )
