"""Attachment chunks: each file encrypted under its review's data key in chunks of 1 MiB,
written in the transaction of the event that records it (``save(...,
attachment_chunks=[(attachment id, review id, index, sealed bytes)])``) and deleted with the
review's key on erasure. In the database (SQLite BLOBs, PostgreSQL bytea), so that one
backup holds everything."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any
from uuid import UUID

from infrastructure.persistence.chain_tables import Cursor


class AttachmentTables:
    def __init__(self, q: str, prefix: str, p: str, blob: str) -> None:
        self.chunks = chunks = f"{q}{prefix}attachment_chunks"
        self.create = [
            f"CREATE TABLE IF NOT EXISTS {chunks} (attachment_id TEXT NOT NULL, "
            f"review_id TEXT NOT NULL, idx INTEGER NOT NULL, sealed {blob} NOT NULL, "
            "PRIMARY KEY (attachment_id, idx))",
            f"CREATE INDEX IF NOT EXISTS {prefix}attachment_chunks_review ON {chunks} (review_id)",
        ]
        self.insert = (
            f"INSERT INTO {chunks} (attachment_id, review_id, idx, sealed) "
            f"VALUES ({p}, {p}, {p}, {p})"
        )
        self.select = f"SELECT sealed FROM {chunks} WHERE attachment_id = {p} ORDER BY idx"
        self.delete_of_review = f"DELETE FROM {chunks} WHERE review_id = {p}"


class AttachmentsMixin:
    """Reads of the chunks; the writes happen in ``_write_keys``'s transaction."""

    tables: Any

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _write_attachments(self, c: Cursor, **kwargs: Any) -> None:
        for attachment_id, review_id, index, sealed in kwargs.get("attachment_chunks") or ():
            c.execute(self.tables.attachments.insert, (attachment_id, review_id, index, sealed))
        for owner_id, _ in kwargs.get("erase_keys") or ():
            c.execute(self.tables.attachments.delete_of_review, (str(owner_id),))

    def select_attachment_chunks(self, attachment_id: UUID) -> list[bytes]:
        with self._transaction(commit=False) as c:
            c.execute(self.tables.attachments.select, (str(attachment_id),))
            return [bytes(r["sealed"]) for r in c.fetchall()]
