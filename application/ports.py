"""What the application needs from the outside, as protocols."""

from __future__ import annotations

from collections.abc import Sequence
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


class SigningKeys(Protocol):
    """Personal Ed25519 keys sealed under a key derived from the account's password."""

    def issue(self, password: str, owner: UUID) -> Any:
        """A new key pair: ``key_id``, ``public_key`` (hex), ``sealed_private_key``."""
        ...

    def reseal(self, sealed: str, old_password: str, new_password: str, owner: UUID) -> str: ...

    def sign(self, sealed: str, password: str, owner: UUID, message: bytes) -> bytes:
        """Raise InvalidValue("password", ...) when the password does not open the key."""
        ...

    def verify(self, public_key: str, signature: bytes, message: bytes) -> bool: ...

    def fingerprint(self, public_key: str) -> str:
        """A short, stable name for a public key (hex)."""
        ...
