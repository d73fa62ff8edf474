"""Per-review data keys: created with the review, wrapped by the master key, stored beside
the events (never inside them), and destroyed on erasure.

A review's sign-off streams are sealed with the review's key (``stream_keys``), so erasing
one key makes everything personal about the review unreadable at once.

Each data key belongs to one suite, named in its row: a new key is of the store's current
suite (``active_suite``: the suite of the newest server key, decision 27), and a key keeps
its suite for its whole life, so its fields and file chunks are sealed and opened with it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from application.ports import KeyTable
from infrastructure.crypto import suite
from infrastructure.crypto.master import MasterKeyring

CACHE_SECONDS = 5.0
CHUNK = 1 << 20


class KeyNotFound(Exception):
    """A stream has no key: it was never sealed, or the key table was tampered with."""


@dataclass(frozen=True)
class DataKey:
    """A data key and the suite it belongs to."""

    key: bytes
    suite: suite.Suite


@dataclass(frozen=True)
class Erased:
    """The key of this review was destroyed."""

    review_id: UUID


class DataKeyStore:
    def __init__(
        self, keyring: MasterKeyring, active_suite: Callable[[], suite.Suite] | None = None
    ) -> None:
        self.keyring = keyring
        self.active_suite = active_suite or (lambda: suite.STANDARD)
        self._recorder: KeyTable | None = None
        self._cache: dict[UUID, tuple[float, DataKey | Erased]] = {}

    def attach(self, recorder: KeyTable) -> None:
        self._recorder = recorder

    def content_hash_algorithm(self) -> str:
        """SM3 for what signatories sign on a store of the sm suite, SHA-256 otherwise."""
        return "sm3" if self.active_suite().name == suite.SM_SUITE else "sha256"

    def create_key(self, owner_id: UUID) -> dict[str, list[Any]]:
        """A new data key for a review (or an account); returns the rows to save with its
        first events."""
        with_suite = self.active_suite()
        key = with_suite.new_key()
        master_id, wrapped = self.keyring.wrap(key, purpose(owner_id), with_suite)
        now = datetime.now(UTC).isoformat()
        self._remember(owner_id, DataKey(key, with_suite))
        return {
            "data_keys": [(str(owner_id), master_id, with_suite.name, wrapped, now)],
            "stream_keys": [(owner_id, owner_id)],
        }

    def share(self, stream_id: UUID, review_id: UUID) -> dict[str, list[Any]]:
        """Seal another stream (a sign-off) with the review's key."""
        self._remember(stream_id, self.key_for(review_id))
        return {"stream_keys": [(stream_id, review_id)]}

    def erase(self, review_id: UUID, at: datetime) -> dict[str, list[Any]]:
        """The rows that destroy the review's key in the erasure event's transaction."""
        return {"erase_keys": [(review_id, at.isoformat())]}

    def seal_file(self, review_id: UUID, attachment_id: UUID, data: bytes) -> dict[str, list[Any]]:
        key = self._live_key(review_id)
        count = max(1, -(-len(data) // CHUNK))
        rows = [
            (
                str(attachment_id),
                str(review_id),
                index,
                key.suite.seal(
                    key.key,
                    data[index * CHUNK : (index + 1) * CHUNK],
                    _chunk_ad(attachment_id, index, count),
                ),
            )
            for index in range(count)
        ]
        return {"attachment_chunks": rows}

    def open_file(self, review_id: UUID, attachment_id: UUID, chunks: Sequence[bytes]) -> bytes:
        key = self._live_key(review_id)
        count = len(chunks)
        return b"".join(
            key.suite.open_sealed(key.key, sealed, _chunk_ad(attachment_id, index, count))
            for index, sealed in enumerate(chunks)
        )

    def _live_key(self, review_id: UUID) -> DataKey:
        key = self.key_for(review_id)
        if isinstance(key, Erased):
            raise KeyNotFound(f"the data key of {review_id} was erased")
        return key

    def forget(self, review_id: UUID) -> None:
        """Drop cached keys after an erasure (sign-off streams share the review's key)."""
        del review_id
        self._cache.clear()
        suite.forget_ciphers()

    def key_for(self, stream_id: UUID) -> DataKey | Erased:
        cached = self._cache.get(stream_id)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        if self._recorder is None:
            raise KeyNotFound("the key store is not attached to a recorder")
        row = self._recorder.select_stream_key(stream_id)
        if row is None:
            raise KeyNotFound(f"no data key for stream {stream_id}")
        if row.master_key_id is None:
            raise KeyNotFound(f"no data key for {row.owner_id}")
        found: DataKey | Erased = Erased(row.owner_id)
        if row.wrapped is not None:
            with_suite = suite.by_name(row.suite)
            found = DataKey(
                self.keyring.unwrap(
                    row.master_key_id, row.wrapped, purpose(row.owner_id), with_suite
                ),
                with_suite,
            )
        self._remember(stream_id, found)
        return found

    def _remember(self, stream_id: UUID, key: DataKey | Erased) -> None:
        self._cache[stream_id] = (time.monotonic() + CACHE_SECONDS, key)


def _chunk_ad(attachment_id: UUID, index: int, count: int) -> bytes:
    """A chunk opens only as chunk ``index`` of ``count`` of this attachment: none can be
    moved, swapped with another file's or dropped from the end."""
    return f"fupan-attachment|{attachment_id}|{index}|{count}".encode()


def purpose(owner_id: UUID) -> bytes:
    return b"data-key:" + str(owner_id).encode()
