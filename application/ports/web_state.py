"""The web tier's state in the store: sessions, API tokens, throttling, keyed hashes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID


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


class KeyedHash(Protocol):
    """Keyed hashes under keys derived from the server secret, one label per use."""

    def keyed_hash(self, label: str, value: str) -> str: ...


class Throttle(Protocol):
    """Back-off for repeated failures of a password check: per account and client address,
    growing with the failures, and a ceiling per account across all addresses."""

    def locked(self, username: str, address: str, now: datetime) -> bool:
        """Whether the next attempt must wait."""
        ...

    def failed(self, username: str, address: str, now: datetime) -> int:
        """Count a failure; returns the account's failures across all addresses when this
        one crossed the ceiling (alert the holder and the administrators), else 0."""
        ...

    def succeeded(self, username: str, address: str) -> None: ...
