"""Keys: wrapped data keys, the server's signing keys, passwords and personal signing keys."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID


@dataclass(frozen=True)
class StreamKeyRow:
    """Which data key seals a stream: its owner (a review or an account) and the key as
    wrapped by a master key (``wrapped`` None: erased; ``master_key_id`` None as well: the
    owner has no key row at all)."""

    owner_id: UUID
    master_key_id: str | None
    wrapped: bytes | None
    suite: str = "fupan-2026"  # the suite of the data key and of its wrapping


class KeyTable(Protocol):
    """Wrapped data keys, outside the events (``save(..., data_keys=, stream_keys=,
    erase_keys=)`` writes them in the events' transaction)."""

    def select_stream_key(self, stream_id: UUID) -> StreamKeyRow | None: ...

    def select_wrapped_keys(self, not_master: str, limit: int) -> list[tuple[str, str, bytes, str]]:
        """(owner id, master key id, wrapped, suite) of keys not yet wrapped by
        ``not_master``."""
        ...

    def count_wrapped_keys(self, not_master: str) -> int: ...

    def rewrap_data_keys(self, rows: Sequence[tuple[str, bytes, str, str]]) -> None:
        """(new master id, wrapped, owner id, old master id), in one transaction."""
        ...


class ServerKeyRecords(Protocol):
    """The server's signing keys, the private halves wrapped by the master key."""

    def select_server_keys(self) -> list[dict[str, Any]]: ...
    def insert_server_key(self, row: tuple[Any, ...]) -> None: ...
    def rewrap_server_key(self, row: tuple[str, bytes, str, str]) -> None: ...


class DocumentKeyRecords(Protocol):
    """The keys that sign report PDFs: the bureau's own small CA and its document-signing
    key (ECDSA P-256), each with its certificate, the private halves wrapped by the master
    key (decision 25)."""

    def select_document_keys(self) -> list[dict[str, Any]]: ...
    def insert_document_key(self, row: tuple[Any, ...]) -> None: ...
    def rewrap_document_key(self, row: tuple[str, bytes, str, str]) -> None: ...


class DataKeys(Protocol):
    """Per-review data keys. Each method returns the rows to save with the events
    (``save(..., **rows)``), so a key is created and destroyed in the events' transaction."""

    def attach(self, recorder: KeyTable) -> None: ...

    def create_key(self, owner_id: UUID) -> dict[str, list[Any]]: ...

    def share(self, stream_id: UUID, review_id: UUID) -> dict[str, list[Any]]: ...

    def erase(self, review_id: UUID, at: datetime) -> dict[str, list[Any]]: ...

    def forget(self, review_id: UUID) -> None: ...

    def content_hash_algorithm(self) -> str:
        """How reports sent from now on hash their signed content: ``sha256``, or ``sm3``
        on a store of the national suite (decision 27)."""
        ...

    def seal_file(self, review_id: UUID, attachment_id: UUID, data: bytes) -> dict[str, list[Any]]:
        """The file's chunks encrypted under the review's key, as rows to save with the
        event that records it (``attachment_chunks``)."""
        ...

    def open_file(self, review_id: UUID, attachment_id: UUID, chunks: Sequence[bytes]) -> bytes:
        """The file again; a chunk altered, missing or moved fails to open."""
        ...


class AttachmentChunks(Protocol):
    """The stored, encrypted chunks of an attachment, in order."""

    def select_attachment_chunks(self, attachment_id: UUID) -> list[bytes]: ...


class PasswordHasher(Protocol):
    """Password hashing (argon2id) and the strength rules for new passwords."""

    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...

    def check_strength(self, password: str, user_inputs: Sequence[str]) -> None:
        """Raise InvalidValue("password", reason) for a weak password; ``user_inputs``: the
        account's own words (username, names), which a password must not be built from."""
        ...


@dataclass(frozen=True)
class IssuedKey:
    key_id: str
    public_key: str  # hex
    sealed_private_key: str


class SigningKeys(Protocol):
    """Personal Ed25519 keys sealed under a key derived from the account's password."""

    def issue(self, password: str, owner: UUID) -> IssuedKey: ...

    def reseal(self, sealed: str, old_password: str, new_password: str, owner: UUID) -> str: ...

    def sign(self, sealed: str, password: str, owner: UUID, message: bytes) -> bytes:
        """Raise InvalidValue("password", ...) when the password does not open the key."""
        ...

    def verify(self, public_key: str, signature: bytes, message: bytes) -> bool: ...

    def fingerprint(self, public_key: str) -> str:
        """A short, stable name for a public key (hex)."""
        ...
