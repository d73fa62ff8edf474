"""The integrity records: the hash chain, checkpoints, verification runs, snapshots, damage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from eventsourcing.persistence import StoredEvent


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
