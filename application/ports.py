"""What the application needs from the outside, as protocols.

The store contract: every recorder fupan runs on (in memory, SQLite, PostgreSQL) is an
eventsourcing application recorder that also keeps, in the same database, the review index,
the hash chain and the credentials of the web tier (sessions, API tokens, throttling).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from application.index import IndexRow
from application.listing import CountRow, Listed, ReviewFilter, TaskRow
from application.policy import Sight
from application.projection import AccountRow, Projections, SlotRow


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
        duplicate_key: str | None = None,
    ) -> list[IndexRow]:
        """Rows matching every given filter; ``jurisdictions`` and ``participant`` together
        match either."""
        ...

    def replace_review_index(self, rows: Sequence[IndexRow]) -> None:
        """Replace every review's row (and what is derived from it) with ``rows``."""
        ...


class ProjectionRecords(Protocol):
    """The projections lists read (``application.projection``): written in the events'
    transaction (``save(..., index_rows=, slot_rows=, account_rows=)``), rebuilt from the
    events, queried with filters, keyset cursors and aggregates (``application.listing``)."""

    def projection_shape(self) -> str:
        """The shape the stored projections were built with ("" before the first build)."""
        ...

    def rebuild_projections(self, shape: str, build: Callable[[], Projections]) -> bool:
        """If the stored projections are not of ``shape``: recreate their tables, fill them
        with ``build()`` and record the shape, once even when several processes start
        together. True if it rebuilt."""
        ...

    def replace_projections(self, projections: Projections) -> None:
        """Replace everything the projections hold, in one transaction."""
        ...

    def projection_generation(self) -> int:
        """A number that changes with every write to the projections (in any process)."""
        ...

    def select_review_page(
        self, f: ReviewFilter, sort: Sequence[str], after: Sequence[Any] | None, limit: int
    ) -> list[Listed]:
        """Up to ``limit`` reviews matching ``f``, ordered by the ``sort`` columns, after the
        keyset ``after``; with their pending slots and open and overdue measures."""
        ...

    def count_reviews(self, f: ReviewFilter) -> int: ...

    def count_by(self, f: ReviewFilter) -> list[CountRow]:
        """How many reviews match ``f``, by jurisdiction, status, late and overdue."""
        ...

    def select_tasks(
        self, kind: str, who: UUID, reach: Sight, after: Sequence[Any] | None, limit: int | None
    ) -> list[TaskRow]:
        """Tasks of one kind (``application.listing.TASK_KINDS``) waiting on ``who`` within
        ``reach``, in the kind's keyset order."""
        ...

    def count_tasks(self, kind: str, who: UUID, reach: Sight) -> int: ...

    def select_account_row(self, account_id: UUID) -> AccountRow | None: ...

    def select_account_rows(self) -> list[AccountRow]:
        """Every account, by username."""
        ...

    def select_slot_rows(self, signoff_id: UUID | None = None) -> list[SlotRow]:
        """The slots of one sign-off (or of all), by sign-off and slot."""
        ...


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


@dataclass(frozen=True)
class StreamKeyRow:
    """Which data key seals a stream: its owner (a review or an account) and the key as
    wrapped by a master key (``wrapped`` None: erased; ``master_key_id`` None as well: the
    owner has no key row at all)."""

    owner_id: UUID
    master_key_id: str | None
    wrapped: bytes | None


class KeyTable(Protocol):
    """Wrapped data keys, outside the events (``save(..., data_keys=, stream_keys=,
    erase_keys=)`` writes them in the events' transaction)."""

    def select_stream_key(self, stream_id: UUID) -> StreamKeyRow | None: ...

    def select_wrapped_keys(self, not_master: str, limit: int) -> list[tuple[str, str, bytes]]:
        """(owner id, master key id, wrapped) of keys not yet wrapped by ``not_master``."""
        ...

    def count_wrapped_keys(self, not_master: str) -> int: ...

    def rewrap_data_keys(self, rows: Sequence[tuple[str, bytes, str, str]]) -> None:
        """(new master id, wrapped, owner id, old master id), in one transaction."""
        ...


class StoredRecordDamaged(Exception):
    """A stored event or snapshot cannot be read back: altered, moved or garbled.

    Raised by the store's mapper; ``problem`` is the kind of damage (as ``fupan verify``
    names it), ``stream`` and ``version`` where it is."""

    problem = "event_unreadable"

    def __init__(self, detail: str, *, stream: str, version: int, problem: str = "") -> None:
        super().__init__(detail)
        self.detail = detail
        self.stream = stream
        self.version = version
        self.problem = problem or type(self).problem


@dataclass(frozen=True)
class ChainLink:
    """One link of the hash chain, with its MAC (``None`` for links written before links
    carried one) and the id of the key the MAC was made with."""

    position: int
    suite: str
    link: bytes
    mac_key: str | None = None
    mac: bytes | None = None


class LinkSigner(Protocol):
    """Authenticates chain links under a key the database does not hold."""

    def ready(self) -> None:
        """Make sure the key is at hand; called before a write's transaction opens."""
        ...

    def mac(self, position: int, link: bytes) -> tuple[str, bytes]:
        """(key id, MAC) of the link at ``position``."""
        ...


class ChainRecords(Protocol):
    """One hash link per stored event, in the order of the whole history."""

    def chain_head(self) -> str:
        """The newest link of the hash chain, hex (zeros before the first event)."""
        ...

    def select_links(self, start: int, limit: int) -> list[tuple[int, str, bytes]]:
        """(position, suite, link) from ``start``, in order."""
        ...

    def select_chain(self, start: int, limit: int) -> list[ChainLink]:
        """The links from ``start``, in order, with their MACs."""
        ...

    def authenticate_links(self, signer: LinkSigner | None) -> None:
        """From now on, every new link carries ``signer``'s MAC (written in the events'
        transaction)."""
        ...

    def first_authenticated_position(self) -> int | None:
        """The position of the first link that carries a MAC (None: none does)."""
        ...

    def select_positions(self, streams: Sequence[UUID]) -> dict[tuple[str, int], int]:
        """{(stream id, event version): position in the whole history}."""
        ...

    def max_notification_id(self) -> int | None: ...

    def stream_version_at(self, stream: str, position: int) -> int:
        """A stream's last version at or before ``position`` (0: none)."""
        ...

    def snapshot_streams(self) -> set[str]:
        """The streams that have snapshots (ids as ``str(UUID)``)."""
        ...


@dataclass(frozen=True)
class VerificationRun:
    """One run of the integrity check (``fupan verify`` or a background job), as it goes
    and once it is done; ``updated_at`` is its heartbeat while it runs."""

    run_id: str
    scope: str  # "since_checkpoint" or "everything"
    started_by: str
    started_at: datetime
    updated_at: datetime
    finished_at: datetime | None
    done: int
    total: int
    ok: bool | None  # None while it runs (or if it never finished)
    report: str  # the report as JSON, once finished


class VerificationRecords(Protocol):
    """The integrity check's runs, shared by every process (the page shows the last)."""

    def upsert_verification(self, run: VerificationRun) -> None: ...

    def select_verifications(self, limit: int) -> list[VerificationRun]:
        """The newest runs first."""
        ...


class CheckpointRecords(Protocol):
    """Signed (position, head, time) records; inserting one twice keeps the first.

    A row is (position, head, created_at, suite, key_id, signature, macs_from), the last
    one None for checkpoints that name no first authenticated link."""

    def insert_checkpoint(self, row: tuple[Any, ...]) -> None: ...
    def select_checkpoints(self) -> list[dict[str, Any]]: ...

    def newest_checkpoint(self) -> dict[str, Any] | None:
        """The checkpoint at the highest position (one indexed read)."""
        ...


class ServerKeyRecords(Protocol):
    """The server's signing keys, the private halves wrapped by the master key."""

    def select_server_keys(self) -> list[dict[str, Any]]: ...
    def insert_server_key(self, row: tuple[Any, ...]) -> None: ...
    def rewrap_server_key(self, row: tuple[str, bytes, str, str]) -> None: ...


class FupanStore(
    ReviewIndexRecorder,
    ProjectionRecords,
    KeyTable,
    ChainRecords,
    CheckpointRecords,
    VerificationRecords,
    ServerKeyRecords,
    SessionRecords,
    TokenRecords,
    ThrottleRecords,
    Protocol,
):
    """The recorder of every fupan store (in memory, SQLite, PostgreSQL), beyond the
    library's application recorder. ``tests/integration/test_store_contract.py`` runs the
    same checks on each."""

    def scrub(self) -> None:
        """After an erasure: make sure no deleted key survives in the store's files."""
        ...


@dataclass(frozen=True)
class SnapshotRow:
    """A stored snapshot and whether the chain still vouches for it: ``linked`` True when
    the chain link at its version equals the one stored with it, False when it differs,
    None when none was stored (a snapshot written by an earlier release)."""

    stored: StoredEvent
    linked: bool | None


class SnapshotRecords(Protocol):
    """The snapshot store's recorder. Its ``select_events`` (what the repository reads)
    returns only snapshots whose stored chain link equals the chain's link at their
    version, so that any other snapshot is ignored and the stream replayed."""

    def select_snapshots(self, originator_id: UUID) -> list[SnapshotRow]:
        """Every stored snapshot of a stream, oldest first, checked or not."""
        ...


class CommitObserver(Protocol):
    """Told after every commit of new events (never failing the write it follows)."""

    def committed(self, position: int) -> None:
        """Events up to ``position`` are committed."""
        ...


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


class DataKeys(Protocol):
    """Per-review data keys. Each method returns the rows to save with the events
    (``save(..., **rows)``), so a key is created and destroyed in the events' transaction."""

    def attach(self, recorder: KeyTable) -> None: ...

    def create_key(self, owner_id: UUID) -> dict[str, list[Any]]: ...

    def share(self, stream_id: UUID, review_id: UUID) -> dict[str, list[Any]]: ...

    def erase(self, review_id: UUID, at: datetime) -> dict[str, list[Any]]: ...

    def forget(self, review_id: UUID) -> None: ...


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
