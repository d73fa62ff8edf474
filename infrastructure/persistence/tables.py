"""fupan's own tables beside the library's events, shared by SQLite and PostgreSQL.

- ``data_keys``: one wrapped data key per review (NULL once erased: a tombstone).
- ``stream_keys``: which review's key each stream (a review, its sign-offs) is sealed with.
- ``event_chain`` and ``checkpoints``: the hash chain and signed checkpoints
  (``chain_tables.py``).
- ``server_keys``: the server's Ed25519 key pair, the private half wrapped by the master key
- ``document_keys``: the report PDFs' small CA and document-signing key (ECDSA P-256), with
  their certificates, the private halves wrapped by the master key (decision 25)
  (reads and writes of keys and verification runs: ``stored_records.py``).
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
from application.projection import Projections
from infrastructure.persistence.attachment_tables import AttachmentsMixin, AttachmentTables
from infrastructure.persistence.chain_tables import (
    ChainMixin,
    ChainTables,
    Column,
    Cursor,
)
from infrastructure.persistence.credentials import CredentialsMixin, CredentialTables
from infrastructure.persistence.inbox_tables import InboxMixin, InboxTables
from infrastructure.persistence.outbox_tables import OutboxMixin, OutboxTables
from infrastructure.persistence.projection_reads import ProjectionReadsMixin
from infrastructure.persistence.stored_records import (
    CountersMixin,
    KeyRecordsMixin,
    VerificationRunsMixin,
)


@dataclass(frozen=True)
class Dialect:
    placeholder: str
    blob: str
    bigint: str
    next_number: str  # the text column m.value, plus one, as text


SQLITE = Dialect("?", "BLOB", "INTEGER", "CAST(CAST(m.value AS INTEGER) + 1 AS TEXT)")
POSTGRES = Dialect("%s", "bytea", "bigint", "(m.value::bigint + 1)::text")


class Tables:
    def __init__(self, dialect: Dialect, prefix: str = "", schema: str = "") -> None:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", schema or "x"):
            raise ValueError(f"unsafe schema name {schema!r}")
        p = dialect.placeholder
        q = f'"{schema}".' if schema else ""
        self.data_keys = f"{q}{prefix}data_keys"
        self.stream_keys = f"{q}{prefix}stream_keys"
        self.server_keys = f"{q}{prefix}server_keys"
        self.document_keys = f"{q}{prefix}document_keys"
        self.meta = f"{q}{prefix}fupan_meta"
        self.runs = f"{q}{prefix}verification_runs"
        blob, bigint = dialect.blob, dialect.bigint
        self.credentials = CredentialTables(q, prefix, p)
        self.inbox = InboxTables(q, prefix, p, bigint, self.meta)
        self.outbox = OutboxTables(q, prefix, p)
        self.chain_tables = ChainTables(q, prefix, p, blob, bigint)
        self.attachments = AttachmentTables(q, prefix, p, blob)
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
            f"CREATE TABLE IF NOT EXISTS {self.document_keys} (key_id TEXT PRIMARY KEY, "
            f"kind TEXT NOT NULL, certificate {blob} NOT NULL, master_key_id TEXT NOT NULL, "
            f"wrapped_private_key {blob} NOT NULL, created_at TEXT NOT NULL)",
            *self.credentials.create,
            *self.inbox.create,
            *self.outbox.create,
            *self.attachments.create,
            f"CREATE TABLE IF NOT EXISTS {self.meta} (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {self.runs} (run_id TEXT PRIMARY KEY, "
            "scope TEXT NOT NULL, started_by TEXT NOT NULL, started_at TEXT NOT NULL, "
            f"updated_at TEXT NOT NULL, finished_at TEXT, done {bigint} NOT NULL, "
            f"total {bigint} NOT NULL, ok INTEGER, report TEXT NOT NULL)",
        ]
        run_columns = (
            "run_id, scope, started_by, started_at, updated_at, finished_at, done, total, ok, "
            "report"
        )
        self.upsert_run = (
            f"INSERT INTO {self.runs} ({run_columns}) VALUES ({', '.join([p] * 10)}) "
            "ON CONFLICT (run_id) DO UPDATE SET updated_at = excluded.updated_at, "
            "finished_at = excluded.finished_at, done = excluded.done, total = excluded.total, "
            "ok = excluded.ok, report = excluded.report"
        )
        self.select_runs = (
            f"SELECT {run_columns} FROM {self.runs} ORDER BY started_at DESC, run_id DESC LIMIT {p}"
        )
        # A counter kept in the meta table: the next number, never below ``floor`` (the
        # second value), in one atomic statement (reference numbers).
        self.draw_number = (
            f"INSERT INTO {self.meta} AS m (key, value) VALUES ({p}, {p}) "
            "ON CONFLICT (key) DO UPDATE SET value = CASE "
            "WHEN CAST(m.value AS BIGINT) + 1 > CAST(excluded.value AS BIGINT) "
            "THEN CAST(CAST(m.value AS BIGINT) + 1 AS TEXT) ELSE excluded.value END "
            "RETURNING value"
        )
        self.select_meta = f"SELECT value FROM {self.meta} WHERE key = {p}"
        self.upsert_meta = (
            f"INSERT INTO {self.meta} (key, value) VALUES ({p}, {p}) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        # The projections' generation: +1 with every write to them, so that a process
        # knows its memoised lists are still current (one indexed read).
        self.bump_generation = (
            f"INSERT INTO {self.meta} AS m (key, value) VALUES ('projection_generation', '1') "
            f"ON CONFLICT (key) DO UPDATE SET value = {dialect.next_number}"
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
            f"SELECT owner_id, master_key_id, wrapped, suite FROM {self.data_keys} "
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
        self.insert_document_key = (
            f"INSERT INTO {self.document_keys} (key_id, kind, certificate, master_key_id, "
            f"wrapped_private_key, created_at) VALUES ({p}, {p}, {p}, {p}, {p}, {p})"
        )
        self.select_document_keys = (
            f"SELECT key_id, kind, certificate, master_key_id, wrapped_private_key, created_at "
            f"FROM {self.document_keys} ORDER BY created_at, key_id"
        )
        self.rewrap_document_key = (
            f"UPDATE {self.document_keys} SET master_key_id = {p}, wrapped_private_key = {p} "
            f"WHERE key_id = {p} AND master_key_id = {p}"
        )
        self.rewrap_server_key = (
            f"UPDATE {self.server_keys} SET master_key_id = {p}, wrapped_private_key = {p} "
            f"WHERE key_id = {p} AND master_key_id = {p}"
        )


class FupanTablesMixin(
    ProjectionReadsMixin,
    ChainMixin,
    CredentialsMixin,
    KeyRecordsMixin,
    VerificationRunsMixin,
    CountersMixin,
    InboxMixin,
    OutboxMixin,
    AttachmentsMixin,
):
    """Keys, chain, checkpoints and server keys, the projections and the web tier's
    credentials, for a recorder with a datastore."""

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
        self._write_attachments(c, **kwargs)
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

    def snapshot_streams(self) -> set[str]:
        """The streams that have snapshots (canonical ids)."""
        with self._transaction(commit=False) as c:
            c.execute(f"SELECT DISTINCT originator_id FROM {self.snapshots_table}")
            return {canonical(r["originator_id"]) for r in c.fetchall()}

    def stream_version_at(self, stream: str, position: int) -> int:
        """A stream's last version at or before ``position`` (0: none yet)."""
        events, column = self._events_table()
        p = self._placeholder()
        with self._transaction(commit=False) as c:
            c.execute(
                f"SELECT MAX(originator_version) AS v FROM {events} "
                f"WHERE originator_id = {p} AND {column} <= {p}",
                (self._stored_id(UUID(stream)), position),
            )
            found = c.fetchone()["v"]
        return int(found or 0)

    # ---- the projections' shape ------------------------------------------------------

    def projection_generation(self) -> int:
        with self._transaction(commit=False) as c:
            c.execute(self.tables.select_meta, ("projection_generation",))
            row = c.fetchone()
        return int(row["value"]) if row else 0

    def _bump_generation(self, c: Cursor) -> None:
        c.execute(self.tables.bump_generation)

    def projection_shape(self) -> str:
        with self._transaction(commit=False) as c:
            c.execute(self.tables.select_meta, ("projection_shape",))
            row = c.fetchone()
        return str(row["value"]) if row else ""

    def rebuild_projections(self, shape: str, build: Callable[[], Projections]) -> bool:
        if self.projection_shape() == shape:
            return False
        built = build()
        with self._transaction(commit=True) as c:
            self._lock_meta(c)  # one process rebuilds; the others find the shape set
            c.execute(self.tables.select_meta, ("projection_shape",))
            found = c.fetchone()
            if found and found["value"] == shape:
                return False
            for statement in (
                *self.projection.drop,
                *self.projection.create_index,
                *self.projection.create_children,
            ):
                c.execute(statement)
            self._fill(c, built)
            self._bump_generation(c)
            c.execute(self.tables.upsert_meta, ("projection_shape", shape))
        return True

    def replace_projections(self, projections: Projections) -> None:
        with self._transaction(commit=True) as c:
            for statement in self.projection.delete_all:
                c.execute(statement)
            self._fill(c, projections)
            self._bump_generation(c)

    def replace_review_index(self, rows: Sequence[IndexRow]) -> None:
        with self._transaction(commit=True) as c:
            for table in (self.projection.index, self.projection.people, self.projection.measures):
                c.execute(f"DELETE FROM {table}")
            self._write_projections(c, index_rows=rows)

    def _fill(self, c: Cursor, p: Projections) -> None:
        self._write_projections(
            c,
            index_rows=p.reviews,
            slot_rows=p.slots,
            account_rows=p.accounts,
            reference_rows=p.references,
        )

    def _lock_meta(self, c: Cursor) -> None:
        raise NotImplementedError

    def _placeholder(self) -> str:
        raise NotImplementedError

    def _stored_id(self, owner_id: UUID) -> Any:
        raise NotImplementedError


def canonical(stream: Any) -> str:
    """A stream id as the chain hashes it (``str(UUID)``), from how the store keeps it."""
    text = str(stream)
    if len(text) == 32:
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
    return text
