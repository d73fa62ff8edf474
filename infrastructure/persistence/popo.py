"""In-memory store (plain Python objects), for fast tests: same tables, same chain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import AggregateRecorder, ApplicationRecorder, StoredEvent
from eventsourcing.popo import POPOAggregateRecorder, POPOApplicationRecorder, POPOFactory

from application.index import IndexRow
from application.policy import Sight
from application.ports import (
    ChainLink,
    FailureRow,
    LinkSigner,
    SessionRow,
    StreamKeyRow,
    TokenRow,
    VerificationRun,
)
from infrastructure.integrity.chain import GENESIS, link
from infrastructure.persistence.chain_tables import link_suite
from infrastructure.persistence.popo_inbox import POPOInbox
from infrastructure.persistence.popo_projections import POPOProjections
from infrastructure.persistence.snapshots import POPOSnapshotRecorder


class POPOReviewRecorder(POPOProjections, POPOInbox, POPOApplicationRecorder):
    def __init__(self) -> None:
        POPOApplicationRecorder.__init__(self)
        POPOProjections.__init__(self)
        POPOInbox.__init__(self)
        self._data_keys: dict[str, dict[str, Any]] = {}
        self._stream_keys: dict[str, str] = {}
        self._chain: dict[int, ChainLink] = {}
        self._document_keys: list[dict[str, Any]] = []
        self._chunks: dict[str, list[tuple[str, int, bytes]]] = {}
        self.link_signer: LinkSigner | None = None
        self._checkpoints: dict[int, dict[str, Any]] = {}
        self._server_keys: list[dict[str, Any]] = []
        self.snapshot_recorder: POPOAggregateRecorder | None = None
        self._sessions: dict[str, SessionRow] = {}
        self._tokens: dict[str, TokenRow] = {}
        self._failures: dict[str, FailureRow] = {}
        self._runs: dict[str, VerificationRun] = {}
        self._counters: dict[str, int] = {}
        self._counters_notes: dict[str, str] = {}

    def _insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if self.link_signer is not None:
            self.link_signer.ready()
        with self._database_lock:
            self._check_projections(**kwargs)
            ids = super()._insert_events(stored_events, **kwargs)
            assert ids is not None
            previous = self._chain[max(self._chain)].link if self._chain else GENESIS
            with_suite = link_suite(self.link_signer)
            for position, event in zip(ids, stored_events, strict=True):
                previous = link(previous, position, event, with_suite)
                key_id, mac = (
                    self.link_signer.mac(position, previous) if self.link_signer else (None, None)
                )
                self._chain[position] = ChainLink(position, with_suite.name, previous, key_id, mac)
            for review_id, master, suite, wrapped, _created in kwargs.get("data_keys") or ():
                self._data_keys[review_id] = {
                    "owner_id": review_id,
                    "master_key_id": master,
                    "suite": suite,
                    "wrapped": wrapped,
                }
            for stream_id, review_id in kwargs.get("stream_keys") or ():
                self._stream_keys.setdefault(str(stream_id), str(review_id))
            for attachment_id, review_id, index, sealed in kwargs.get("attachment_chunks") or ():
                self._chunks.setdefault(attachment_id, []).append((review_id, index, sealed))
            for review_id, _ in kwargs.get("erase_keys") or ():
                self._data_keys[str(review_id)]["wrapped"] = None
                for chunks in self._chunks.values():
                    chunks[:] = [c for c in chunks if c[0] != str(review_id)]
                if self.snapshot_recorder is not None:
                    # Unreachable from then on, as a deleted row would be.
                    self.snapshot_recorder._stored_events_index[str(review_id)].clear()
            self._write_projections(**kwargs)
            return ids

    def select_review_index(
        self,
        *,
        jurisdiction: str | None = None,
        status: str | None = None,
        review_id: UUID | None = None,
        jurisdictions: list[str] | None = None,
        participant: UUID | None = None,
        duplicate_key: str | None = None,
    ) -> list[IndexRow]:
        sight = (
            Sight(jurisdictions=tuple(jurisdictions or ()), participant=participant)
            if jurisdictions is not None or participant is not None
            else Sight(everything=True)
        )

        def matches(r: IndexRow) -> bool:
            return (
                jurisdiction in (None, r.jurisdiction)
                and duplicate_key in (None, r.duplicate_key)
                and status in (None, r.status)
                and review_id in (None, r.review_id)
                and sight.matches(r.scope)
            )

        with self._database_lock:
            rows = [r for r in self._review_index.values() if matches(r)]
        return sorted(rows, key=lambda r: (r.due_on, str(r.review_id)))

    def replace_review_index(self, rows: Sequence[IndexRow]) -> None:
        with self._database_lock:
            self._review_index = {}
            self._write_projections(index_rows=rows)

    def select_attachment_chunks(self, attachment_id: UUID) -> list[bytes]:
        with self._database_lock:
            return [
                c[2] for c in sorted(self._chunks.get(str(attachment_id), []), key=lambda c: c[1])
            ]

    def select_stream_key(self, stream_id: UUID) -> StreamKeyRow | None:
        owner_id = self._stream_keys.get(str(stream_id))
        if owner_id is None:
            return None
        key = self._data_keys.get(owner_id, {"master_key_id": None, "wrapped": None})
        return StreamKeyRow(
            UUID(owner_id), key["master_key_id"], key["wrapped"], key.get("suite") or "fupan-2026"
        )

    def select_positions(self, streams: Sequence[UUID]) -> dict[tuple[str, int], int]:
        with self._database_lock:
            index = self._stored_events_index
            return {
                (str(stream), version): at + 1
                for stream in streams
                for version, at in index[str(stream)].items()
            }

    def snapshot_streams(self) -> set[str]:
        if self.snapshot_recorder is None:
            return set()
        index = self.snapshot_recorder._stored_events_index
        return {stream for stream, versions in index.items() if versions}

    def stream_version_at(self, stream: str, position: int) -> int:
        with self._database_lock:
            found = self._stored_events_index[stream]
            return max((v for v, at in found.items() if at + 1 <= position), default=0)

    def chain_head(self) -> str:
        with self._database_lock:
            return (self._chain[max(self._chain)].link if self._chain else GENESIS).hex()

    def select_links(self, start: int, limit: int) -> list[tuple[int, str, bytes]]:
        return [(r.position, r.suite, r.link) for r in self.select_chain(start, limit)]

    def select_chain(self, start: int, limit: int) -> list[ChainLink]:
        with self._database_lock:
            positions = sorted(p for p in self._chain if p >= start)[:limit]
            return [self._chain[p] for p in positions]

    def authenticate_links(self, signer: LinkSigner | None) -> None:
        self.link_signer = signer

    def first_authenticated_position(self) -> int | None:
        with self._database_lock:
            return min((p for p, r in self._chain.items() if r.mac is not None), default=None)

    def count_below(self, stream: str, version: int) -> int:
        """How many versions of a stream up to ``version`` are stored."""
        with self._database_lock:
            return sum(1 for v in self._stored_events_index[stream] if v <= version)

    def link_at(self, stream: str, version: int) -> bytes | None:
        """The chain link of a stream's event at ``version`` (None: no such event)."""
        with self._database_lock:
            at = self._stored_events_index[stream].get(version)
            found = None if at is None else self._chain.get(at + 1)
            return None if found is None else found.link

    def select_wrapped_keys(self, not_master: str, limit: int) -> list[tuple[str, str, bytes, str]]:
        rows = [
            k
            for k in self._data_keys.values()
            if k["wrapped"] is not None and k["master_key_id"] != not_master
        ]
        rows.sort(key=lambda k: str(k["owner_id"]))
        return [(k["owner_id"], k["master_key_id"], k["wrapped"], k["suite"]) for k in rows[:limit]]

    def count_wrapped_keys(self, not_master: str) -> int:
        return len(self.select_wrapped_keys(not_master, 10**9))

    def rewrap_data_keys(self, rows: Sequence[tuple[str, bytes, str, str]]) -> None:
        with self._database_lock:
            for master, wrapped, review_id, old_master in rows:
                key = self._data_keys[review_id]
                if key["master_key_id"] == old_master:
                    key.update(master_key_id=master, wrapped=wrapped)

    def insert_checkpoint(self, row: tuple[Any, ...]) -> None:
        names = ("position", "head", "created_at", "suite", "key_id", "signature", "macs_from")
        row = (*row, None) if len(row) == 6 else row
        self._checkpoints.setdefault(row[0], dict(zip(names, row, strict=True)))

    def select_checkpoints(self) -> list[dict[str, Any]]:
        return [self._checkpoints[p] for p in sorted(self._checkpoints)]

    def note(self, name: str, value: str) -> None:
        with self._database_lock:
            self._counters_notes[name] = value

    def noted(self, name: str) -> str | None:
        return self._counters_notes.get(name)

    def draw_number(self, counter: str, floor: int) -> int:
        with self._database_lock:
            drawn = max(self._counters.get(counter, 0) + 1, floor)
            self._counters[counter] = drawn
            return drawn

    def upsert_verification(self, run: VerificationRun) -> None:
        with self._database_lock:
            self._runs[run.run_id] = run

    def select_verifications(self, limit: int) -> list[VerificationRun]:
        with self._database_lock:
            runs = sorted(self._runs.values(), key=lambda r: (r.started_at, r.run_id), reverse=True)
        return runs[:limit]

    def newest_checkpoint(self) -> dict[str, Any] | None:
        return self._checkpoints[max(self._checkpoints)] if self._checkpoints else None

    def insert_server_key(self, row: tuple[Any, ...]) -> None:
        names = (
            "key_id",
            "suite",
            "public_key",
            "master_key_id",
            "wrapped_private_key",
            "created_at",
        )
        self._server_keys.append(dict(zip(names, row, strict=True)))

    def select_server_keys(self) -> list[dict[str, Any]]:
        return [dict(k) for k in self._server_keys]

    def rewrap_server_key(self, row: tuple[str, bytes, str, str]) -> None:
        master, wrapped, key_id, old_master = row
        for key in self._server_keys:
            if key["key_id"] == key_id and key["master_key_id"] == old_master:
                key.update(master_key_id=master, wrapped_private_key=wrapped)

    def insert_document_key(self, row: tuple[Any, ...]) -> None:
        names = ("key_id", "kind", "certificate", "master_key_id", "wrapped_private_key")
        self._document_keys.append(dict(zip((*names, "created_at"), row, strict=True)))

    def select_document_keys(self) -> list[dict[str, Any]]:
        return [dict(k) for k in self._document_keys]

    def rewrap_document_key(self, row: tuple[str, bytes, str, str]) -> None:
        master, wrapped, key_id, old_master = row
        for key in self._document_keys:
            if key["key_id"] == key_id and key["master_key_id"] == old_master:
                key.update(master_key_id=master, wrapped_private_key=wrapped)

    # ---- the web tier's credentials ---------------------------------------------------

    def insert_session(self, row: SessionRow) -> None:
        with self._database_lock:
            self._sessions[row.token_hash] = row

    def select_session(self, token_hash: str) -> SessionRow | None:
        return self._sessions.get(token_hash)

    def touch_session(self, token_hash: str, at: datetime) -> None:
        with self._database_lock:
            if token_hash in self._sessions:
                self._sessions[token_hash] = replace(self._sessions[token_hash], last_seen=at)

    def delete_session(self, token_hash: str) -> None:
        with self._database_lock:
            self._sessions.pop(token_hash, None)

    def delete_sessions_of(self, account_id: UUID) -> None:
        with self._database_lock:
            self._sessions = {k: r for k, r in self._sessions.items() if r.account_id != account_id}

    def insert_token(self, row: TokenRow) -> None:
        with self._database_lock:
            self._tokens[row.token_hash] = row

    def select_token(self, token_hash: str) -> TokenRow | None:
        return self._tokens.get(token_hash)

    def delete_token(self, token_hash: str) -> None:
        with self._database_lock:
            self._tokens.pop(token_hash, None)

    def delete_tokens_of(self, account_id: UUID) -> None:
        with self._database_lock:
            self._tokens = {k: r for k, r in self._tokens.items() if r.account_id != account_id}

    def select_failures(self, key: str) -> FailureRow | None:
        return self._failures.get(key)

    def upsert_failures(self, row: FailureRow) -> None:
        with self._database_lock:
            self._failures[row.key] = row

    def delete_failures(self, key: str) -> None:
        with self._database_lock:
            self._failures.pop(key, None)

    def scrub(self) -> None:
        """Nothing persists in memory beyond the process."""


class Factory(POPOFactory):
    def application_recorder(self) -> ApplicationRecorder:
        self._recorder = POPOReviewRecorder()
        return self._recorder

    def aggregate_recorder(self, purpose: str = "events") -> AggregateRecorder:
        if purpose != "snapshots":
            return POPOAggregateRecorder()
        recorder = POPOSnapshotRecorder(self._recorder.link_at, self._recorder.count_below)
        self._recorder.snapshot_recorder = recorder
        return recorder
