"""What the application needs from the outside, as protocols.

The store contract: every recorder fupan runs on (in memory, SQLite, PostgreSQL) is an
eventsourcing application recorder that also keeps, in the same database, the review index,
the hash chain and the credentials of the web tier (sessions, API tokens, throttling).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from application.index import IndexRow


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


class ReviewIndexRecorder(Protocol):
    """An application recorder that also keeps the review index in the events' transaction.

    ``insert_events(..., index_rows=[...])`` upserts the rows in the same transaction.
    """

    def select_review_index(
        self,
        *,
        jurisdiction: str | None = None,
        status: str | None = None,
        review_id: UUID | None = None,
        jurisdictions: list[str] | None = None,
        participant: UUID | None = None,
    ) -> list[IndexRow]:
        """Rows matching every given filter; ``jurisdictions`` and ``participant`` together
        match either."""
        ...

    def replace_review_index(self, rows: Sequence[IndexRow]) -> None: ...


@dataclass(frozen=True)
class SessionRow:
    """A web session, stored by the hash of its secret."""

    token_hash: str
    account_id: UUID
    created_at: datetime
    last_seen: datetime


@dataclass(frozen=True)
class TokenRow:
    """An API bearer token, stored by the hash of its secret."""

    token_hash: str
    account_id: UUID
    created_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class FailureRow:
    """Failed password checks counted under one key (an account, a client address)."""

    key: str
    failures: int
    first_at: datetime
    locked_until: datetime | None


class SessionRecords(Protocol):
    """Server-side web sessions, shared by every server process."""

    def insert_session(self, row: SessionRow) -> None: ...
    def select_session(self, token_hash: str) -> SessionRow | None: ...
    def touch_session(self, token_hash: str, at: datetime) -> None: ...
    def delete_session(self, token_hash: str) -> None: ...
    def delete_sessions_of(self, account_id: UUID) -> None: ...


class TokenRecords(Protocol):
    """API bearer tokens."""

    def insert_token(self, row: TokenRow) -> None: ...
    def select_token(self, token_hash: str) -> TokenRow | None: ...
    def delete_token(self, token_hash: str) -> None: ...
    def delete_tokens_of(self, account_id: UUID) -> None: ...


class ThrottleRecords(Protocol):
    """Counts of failed password checks, shared by every server process."""

    def select_failures(self, key: str) -> FailureRow | None: ...
    def upsert_failures(self, row: FailureRow) -> None: ...
    def delete_failures(self, key: str) -> None: ...


class FupanStore(ReviewIndexRecorder, SessionRecords, TokenRecords, ThrottleRecords, Protocol):
    """The recorder of every fupan store, beyond the library's application recorder."""

    def chain_head(self) -> str:
        """The newest link of the hash chain, hex (zeros before the first event)."""
        ...

    def select_positions(self, streams: Sequence[UUID]) -> dict[tuple[str, int], int]:
        """{(stream id, event version): position in the whole history}."""
        ...

    def scrub(self) -> None:
        """After an erasure: make sure no deleted key survives in the store's files."""
        ...


class Throttle(Protocol):
    """Back-off for repeated failures of a password check, per account and client."""

    def locked(self, username: str, address: str, now: datetime) -> bool: ...
    def failed(self, username: str, address: str, now: datetime) -> None: ...
    def succeeded(self, username: str, address: str) -> None: ...


class DataKeys(Protocol):
    """Per-review data keys. Each method returns the rows to save with the events
    (``save(..., **rows)``), so a key is created and destroyed in the events' transaction."""

    def attach(self, recorder: Any) -> None: ...

    def create_key(self, owner_id: UUID) -> dict[str, list[Any]]: ...

    def share(self, stream_id: UUID, review_id: UUID) -> dict[str, list[Any]]: ...

    def erase(self, review_id: UUID, at: datetime) -> dict[str, list[Any]]: ...

    def forget(self, review_id: UUID) -> None: ...


class PasswordHasher(Protocol):
    """Password hashing (argon2id) and the strength rules for new passwords."""

    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool: ...

    def check_strength(self, password: str, username: str) -> None:
        """Raise InvalidValue("password", reason) for a weak password."""
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
