"""fupan's own tables beside the library's events, shared by SQLite and PostgreSQL.

- ``data_keys``: one wrapped data key per review (NULL once erased: a tombstone).
- ``stream_keys``: which review's key each stream (a review, its sign-offs) is sealed with.
- ``event_chain`` and ``checkpoints``: the hash chain and signed checkpoints
  (``chain_tables.py``).
- ``server_keys``: the server's Ed25519 key pair, the private half wrapped by the master key.
- the web tier's sessions, tokens and failure counts (``credentials.py``).

Statements are plain SQL in both dialects; names are constants or a validated schema.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.index import IndexRow
from application.ports import StreamKeyRow
from infrastructure.persistence.chain_tables import (
    ChainMixin,
    ChainTables,
    Column,
    Cursor,
    plain,
)
from infrastructure.persistence.credentials import CredentialsMixin, CredentialTables


@dataclass(frozen=True)
class Dialect:
    placeholder: str
    blob: str
    bigint: str


SQLITE = Dialect(placeholder="?", blob="BLOB", bigint="INTEGER")
POSTGRES = Dialect(placeholder="%s", blob="bytea", bigint="bigint")


class Tables:
    def __init__(self, dialect: Dialect, prefix: str = "", schema: str = "") -> None:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", schema or "x"):
            raise ValueError(f"unsafe schema name {schema!r}")
        p = dialect.placeholder
        q = f'"{schema}".' if schema else ""
        self.data_keys = f"{q}{prefix}data_keys"
        self.stream_keys = f"{q}{prefix}stream_keys"
        self.server_keys = f"{q}{prefix}server_keys"
        self.meta = f"{q}{prefix}fupan_meta"
        blob, bigint = dialect.blob, dialect.bigint
        self.credentials = CredentialTables(q, prefix, p)
        self.chain_tables = ChainTables(q, prefix, p, blob, bigint)
        self.chain = self.chain_tables.chain
        self.checkpoints = self.chain_tables.checkpoints
        self.create = [
            f"CREATE TABLE IF NOT EXISTS {self.data_keys} (owner_id TEXT PRIMARY KEY, "
            f"master_key_id TEXT NOT NULL, suite TEXT NOT NULL, wrapped {blob}, "
            "created_at TEXT NOT NULL, erased_at TEXT)",
            f"CREATE TABLE IF NOT EXISTS {self.stream_keys} (stream_id TEXT PRIMARY KEY, "
            "owner_id TEXT NOT NULL)",
            *self.chain_tables.create,
            f"CREATE TABLE IF NOT EXISTS {self.server_keys} (key_id TEXT PRIMARY KEY, "
            f"suite TEXT NOT NULL, public_key {blob} NOT NULL, master_key_id TEXT NOT NULL, "
            f"wrapped_private_key {blob} NOT NULL, created_at TEXT NOT NULL)",
            *self.credentials.create,
            f"CREATE TABLE IF NOT EXISTS {self.meta} (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ]
        self.select_meta = f"SELECT value FROM {self.meta} WHERE key = {p}"
        self.upsert_meta = (
            f"INSERT INTO {self.meta} (key, value) VALUES ({p}, {p}) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        self.insert_data_key = (
            f"INSERT INTO {self.data_keys} (owner_id, master_key_id, suite, wrapped, created_at)"
            f" VALUES ({p}, {p}, {p}, {p}, {p})"
        )
        self.insert_stream_key = (
            f"INSERT INTO {self.stream_keys} (stream_id, owner_id) VALUES ({p}, {p}) "
            "ON CONFLICT (stream_id) DO NOTHING"
        )
        self.erase_data_key = (
            f"UPDATE {self.data_keys} SET wrapped = NULL, erased_at = {p} WHERE owner_id = {p}"
        )
        self.select_stream_key = (
            f"SELECT s.owner_id, k.master_key_id, k.suite, k.wrapped FROM {self.stream_keys} s "
            f"LEFT JOIN {self.data_keys} k ON k.owner_id = s.owner_id WHERE s.stream_id = {p}"
        )
        self.select_wrapped_keys = (
            f"SELECT owner_id, master_key_id, wrapped FROM {self.data_keys} "
            f"WHERE wrapped IS NOT NULL AND master_key_id <> {p} ORDER BY owner_id LIMIT {p}"
        )
        self.count_wrapped_keys = (
            f"SELECT COUNT(*) AS n FROM {self.data_keys} "
            f"WHERE wrapped IS NOT NULL AND master_key_id <> {p}"
        )
        self.rewrap_data_key = (
            f"UPDATE {self.data_keys} SET master_key_id = {p}, wrapped = {p} "
            f"WHERE owner_id = {p} AND master_key_id = {p}"
        )
        self.insert_server_key = (
            f"INSERT INTO {self.server_keys} (key_id, suite, public_key, master_key_id, "
            f"wrapped_private_key, created_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p})"
        )
        self.select_server_keys = (
            f"SELECT key_id, suite, public_key, master_key_id, wrapped_private_key, created_at "
            f"FROM {self.server_keys} ORDER BY created_at"
        )
        self.rewrap_server_key = (
            f"UPDATE {self.server_keys} SET master_key_id = {p}, wrapped_private_key = {p} "
            f"WHERE key_id = {p} AND master_key_id = {p}"
        )


class FupanTablesMixin(ChainMixin, CredentialsMixin):
    """Keys, chain, checkpoints and server keys (and the web tier's credentials), for a
    recorder with a datastore."""

    tables: Tables
    snapshots_table: str

    @property
    def migrations(self) -> list[Column]:
        """Columns that stores written by earlier releases lack."""
        return self.tables.chain_tables.migrations

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        raise NotImplementedError

    # ---- inside the events' transaction --------------------------------------------

    def _write_keys(self, c: Cursor, **kwargs: Any) -> None:
        for row in kwargs.get("data_keys") or ():
            c.execute(self.tables.insert_data_key, row)
        for stream_id, owner_id in kwargs.get("stream_keys") or ():
            c.execute(self.tables.insert_stream_key, (str(stream_id), str(owner_id)))
        for owner_id, erased_at in kwargs.get("erase_keys") or ():
            c.execute(self.tables.erase_data_key, (erased_at, str(owner_id)))
            c.execute(
                f"DELETE FROM {self.snapshots_table} WHERE originator_id = {self._placeholder()}",
                (self._stored_id(owner_id),),
            )

    # ---- reads and maintenance -----------------------------------------------------

    def select_positions(self, streams: Sequence[UUID]) -> dict[tuple[str, int], int]:
        """{(stream id, event version): position} for the given streams."""
        events, position = self._events_table()
        marks = ", ".join(self._placeholder() for _ in streams)
        with self._transaction(commit=False) as c:
            c.execute(
                f"SELECT {position} AS position, originator_id, originator_version FROM {events} "
                f"WHERE originator_id IN ({marks})",
                [self._stored_id(s) for s in streams],
            )
            return {
                (str(UUID(str(r["originator_id"]))), int(r["originator_version"])): int(
                    r["position"]
                )
                for r in c.fetchall()
            }

    def _events_table(self) -> tuple[str, str]:
        raise NotImplementedError

    def select_stream_key(self, stream_id: UUID) -> StreamKeyRow | None:
        with self._transaction(commit=False) as c:
            c.execute(self.tables.select_stream_key, (str(stream_id),))
            row = c.fetchone()
        if row is None:
            return None
        wrapped = row["wrapped"]
        return StreamKeyRow(
            UUID(str(row["owner_id"])), row["master_key_id"], bytes(wrapped) if wrapped else None
        )

    def select_wrapped_keys(self, not_master: str, limit: int) -> list[tuple[str, str, bytes]]:
        with self._transaction(commit=False) as c:
            c.execute(self.tables.select_wrapped_keys, (not_master, limit))
            return [(r["owner_id"], r["master_key_id"], bytes(r["wrapped"])) for r in c.fetchall()]

    def count_wrapped_keys(self, not_master: str) -> int:
        with self._transaction(commit=False) as c:
            c.execute(self.tables.count_wrapped_keys, (not_master,))
            return int(c.fetchone()["n"])

    def rewrap_data_keys(self, rows: Sequence[tuple[str, bytes, str, str]]) -> None:
        """(new master id, wrapped, review id, old master id), in one transaction."""
        with self._transaction(commit=True) as c:
            for row in rows:
                c.execute(self.tables.rewrap_data_key, row)

    def insert_server_key(self, row: tuple[Any, ...]) -> None:
        with self._transaction(commit=True) as c:
            c.execute(self.tables.insert_server_key, row)

    def select_server_keys(self) -> list[dict[str, Any]]:
        with self._transaction(commit=False) as c:
            c.execute(self.tables.select_server_keys)
            return [plain(r) for r in c.fetchall()]

    def rewrap_server_key(self, row: tuple[str, bytes, str, str]) -> None:
        with self._transaction(commit=True) as c:
            c.execute(self.tables.rewrap_server_key, row)

    # ---- the index's shape -------------------------------------------------------------

    def index_version(self) -> int:
        with self._transaction(commit=False) as c:
            c.execute(self.tables.select_meta, ("index_version",))
            row = c.fetchone()
        return int(row["value"]) if row else 0

    def rebuild_review_index(self, version: int, rows: Callable[[], Sequence[IndexRow]]) -> bool:
        if self.index_version() == version:
            return False
        built = rows()
        with self._transaction(commit=True) as c:
            self._lock_meta(c)  # one process rebuilds; the others find the version set
            c.execute(self.tables.select_meta, ("index_version",))
            found = c.fetchone()
            if found and int(found["value"]) == version:
                return False
            for statement in self._index_ddl(drop=True):
                c.execute(statement)
            for row in built:
                self._upsert_index_row(c, row)
            c.execute(self.tables.upsert_meta, ("index_version", str(version)))
        return True

    def _lock_meta(self, c: Cursor) -> None:
        raise NotImplementedError

    def _index_ddl(self, *, drop: bool) -> list[Any]:
        raise NotImplementedError

    def _upsert_index_row(self, c: Cursor, row: IndexRow) -> None:
        raise NotImplementedError

    def _placeholder(self) -> str:
        raise NotImplementedError

    def _stored_id(self, owner_id: UUID) -> Any:
        raise NotImplementedError


def index_filter(
    placeholder: str,
    *,
    jurisdiction: str | None = None,
    status: str | None = None,
    review_id: UUID | None = None,
    jurisdictions: list[str] | None = None,
    participant: UUID | None = None,
    duplicate_key: str | None = None,
) -> tuple[str, list[Any]]:
    """The WHERE clause of a review index query: every filter must hold; ``jurisdictions``
    and ``participant`` (what a principal may see) match either."""
    p = placeholder
    conditions: list[str] = []
    params: list[Any] = []
    for column, value in (
        ("jurisdiction", jurisdiction),
        ("status", status),
        ("duplicate_key", duplicate_key),
    ):
        if value is not None:
            conditions.append(f"{column} = {p}")
            params.append(value)
    if review_id is not None:
        conditions.append(f"review_id = {p}")
        params.append(review_id if p == "%s" else str(review_id))
    sight: list[str] = []
    if jurisdictions:
        sight.append(f"jurisdiction IN ({', '.join(p for _ in jurisdictions)})")
        params.extend(jurisdictions)
    if participant is not None:
        sight.append(f"participants LIKE {p}")
        params.append(f"%{participant}%")
    if jurisdictions is not None or participant is not None:
        conditions.append(f"({' OR '.join(sight)})" if sight else "1=0")
    return (" WHERE " + " AND ".join(conditions)) if conditions else "", params
