"""fupan's plain records beside the events (SQLite and PostgreSQL): which data key seals a
stream, the wrapped data keys and server keys, the integrity check's runs, and counters."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from application.ports import StreamKeyRow, VerificationRun
from infrastructure.persistence.chain_tables import plain

if TYPE_CHECKING:
    from infrastructure.persistence.tables import Tables


class KeyRecordsMixin:
    """Data keys and the server's signing keys, wrapped by a master key."""

    tables: Tables

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def select_stream_key(self, stream_id: UUID) -> StreamKeyRow | None:
        with self._transaction(commit=False) as c:
            c.execute(self.tables.select_stream_key, (str(stream_id),))
            row = c.fetchone()
        if row is None:
            return None
        wrapped = row["wrapped"]
        return StreamKeyRow(
            UUID(str(row["owner_id"])),
            row["master_key_id"],
            bytes(wrapped) if wrapped else None,
            row["suite"] or "fupan-2026",
        )

    def select_wrapped_keys(self, not_master: str, limit: int) -> list[tuple[str, str, bytes, str]]:
        with self._transaction(commit=False) as c:
            c.execute(self.tables.select_wrapped_keys, (not_master, limit))
            return [
                (r["owner_id"], r["master_key_id"], bytes(r["wrapped"]), r["suite"])
                for r in c.fetchall()
            ]

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

    def insert_document_key(self, row: tuple[Any, ...]) -> None:
        with self._transaction(commit=True) as c:
            c.execute(self.tables.insert_document_key, row)

    def select_document_keys(self) -> list[dict[str, Any]]:
        with self._transaction(commit=False) as c:
            c.execute(self.tables.select_document_keys)
            return [plain(r) for r in c.fetchall()]

    def rewrap_document_key(self, row: tuple[str, bytes, str, str]) -> None:
        with self._transaction(commit=True) as c:
            c.execute(self.tables.rewrap_document_key, row)


class VerificationRunsMixin:
    """The integrity check's runs, shared by every process."""

    tables: Tables

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def upsert_verification(self, run: VerificationRun) -> None:
        finished = run.finished_at.isoformat() if run.finished_at else None
        ok = None if run.ok is None else int(run.ok)
        with self._transaction(commit=True) as c:
            c.execute(
                self.tables.upsert_run,
                (
                    run.run_id,
                    run.scope,
                    run.started_by,
                    run.started_at.isoformat(),
                    run.updated_at.isoformat(),
                    finished,
                    run.done,
                    run.total,
                    ok,
                    run.report,
                ),
            )

    def select_verifications(self, limit: int) -> list[VerificationRun]:
        with self._transaction(commit=False) as c:
            c.execute(self.tables.select_runs, (limit,))
            return [
                VerificationRun(
                    run_id=r["run_id"],
                    scope=r["scope"],
                    started_by=r["started_by"],
                    started_at=datetime.fromisoformat(r["started_at"]),
                    updated_at=datetime.fromisoformat(r["updated_at"]),
                    finished_at=datetime.fromisoformat(r["finished_at"])
                    if r["finished_at"]
                    else None,
                    done=int(r["done"]),
                    total=int(r["total"]),
                    ok=None if r["ok"] is None else bool(r["ok"]),
                    report=r["report"],
                )
                for r in c.fetchall()
            ]


class CountersMixin:
    """Numbers drawn atomically, shared by every process (reference numbers)."""

    tables: Tables

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def draw_number(self, counter: str, floor: int) -> int:
        with self._transaction(commit=True) as c:
            c.execute(self.tables.draw_number, (f"counter:{counter}", str(floor)))
            return int(c.fetchone()["value"])

    def note(self, name: str, value: str) -> None:
        with self._transaction(commit=True) as c:
            c.execute(self.tables.upsert_meta, (f"note:{name}", value))

    def noted(self, name: str) -> str | None:
        with self._transaction(commit=False) as c:
            c.execute(self.tables.select_meta, (f"note:{name}",))
            row = c.fetchone()
        return str(row["value"]) if row else None
