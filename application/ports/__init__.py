"""What the application needs from the outside, as protocols.

The store contract: every recorder fupan runs on (in memory, SQLite, PostgreSQL) is an
eventsourcing application recorder that also keeps, in the same database, the review index,
the hash chain and the credentials of the web tier (sessions, API tokens, throttling).
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from application.ports.inbox import InboxRecords, InboxRow
from application.ports.integrity import (
    ChainLink,
    ChainRecords,
    CheckpointRecords,
    LinkSigner,
    SnapshotRecords,
    SnapshotRow,
    StoredRecordDamaged,
    VerificationRecords,
    VerificationRun,
)
from application.ports.keys import (
    AttachmentChunks,
    DataKeys,
    DocumentKeyRecords,
    IssuedKey,
    KeyTable,
    PasswordHasher,
    ServerKeyRecords,
    SigningKeys,
    StreamKeyRow,
)
from application.ports.mail import Mailer
from application.ports.outbox import OutboxRecords, OutboxRow
from application.ports.reads import Counters, ProjectionRecords, ReviewIndexRecorder
from application.ports.web_state import (
    FailureRow,
    KeyedHash,
    SessionRecords,
    SessionRow,
    Throttle,
    ThrottleRecords,
    TokenRecords,
    TokenRow,
)
from application.ports.webhooks import WebhookPoster

__all__ = [
    "ChainLink",
    "ChainRecords",
    "CheckpointRecords",
    "Clock",
    "CommitObserver",
    "Counters",
    "DataKeys",
    "DocumentKeyRecords",
    "FailureRow",
    "FupanStore",
    "InboxRecords",
    "InboxRow",
    "IssuedKey",
    "KeyTable",
    "KeyedHash",
    "LinkSigner",
    "Mailer",
    "OutboxRecords",
    "OutboxRow",
    "PasswordHasher",
    "ProjectionRecords",
    "ReviewIndexRecorder",
    "ServerKeyRecords",
    "SessionRecords",
    "SessionRow",
    "SigningKeys",
    "SnapshotRecords",
    "SnapshotRow",
    "StoredRecordDamaged",
    "StreamKeyRow",
    "Throttle",
    "ThrottleRecords",
    "TokenRecords",
    "TokenRow",
    "VerificationRecords",
    "VerificationRun",
    "WebhookPoster",
]


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


class FupanStore(
    ReviewIndexRecorder,
    ProjectionRecords,
    KeyTable,
    ChainRecords,
    CheckpointRecords,
    VerificationRecords,
    ServerKeyRecords,
    DocumentKeyRecords,
    SessionRecords,
    TokenRecords,
    ThrottleRecords,
    Counters,
    InboxRecords,
    OutboxRecords,
    AttachmentChunks,
    Protocol,
):
    """The recorder of every fupan store (in memory, SQLite, PostgreSQL), beyond the
    library's application recorder. ``tests/integration/test_store_contract.py`` runs the
    same checks on each."""

    def scrub(self) -> None:
        """After an erasure: make sure no deleted key survives in the store's files."""
        ...


class CommitObserver(Protocol):
    """Told after every commit of new events (never failing the write it follows)."""

    def committed(self, position: int) -> None:
        """Events up to ``position`` are committed."""
        ...
