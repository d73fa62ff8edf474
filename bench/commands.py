"""Command throughput of the full review lifecycle with fupan's field encryption and hash
chain, against the same scenario with plain eventsourcing (the library's mapper and SQLite
recorder: no sealed fields, no chain, no key table), alternating on the same SQLite file
path, several rounds, median taken.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from application.desk import ReviewDesk
from infrastructure.clock import SystemClock
from infrastructure.crypto.personal_keys import PersonalKeys
from infrastructure.passwords import Argon2Passwords
from infrastructure.settings import Settings
from tests import scenario as s
from web.app import build_desk

COMMANDS_PER_REVIEW = 23  # register, 4 members, 3 signatories, 4 aspects, risk, measure,
# send, 7 signatures, close


class PlainKeyed:
    """The plain variant keys nothing."""

    def keyed_hash(self, label: str, value: str) -> str:
        return f"{label}:{value}"


class NoKeys:
    """The plain variant keeps no data keys."""

    def attach(self, recorder: Any) -> None: ...
    def create_key(self, owner_id: UUID) -> dict[str, list[Any]]:
        return {}

    def share(self, stream_id: UUID, review_id: UUID) -> dict[str, list[Any]]:
        return {}

    def erase(self, review_id: UUID, at: datetime) -> dict[str, list[Any]]:
        return {}

    def forget(self, review_id: UUID) -> None: ...

    def content_hash_algorithm(self) -> str:
        return "sha256"


def fupan_desk(data_dir: Path, suite: str = "standard") -> ReviewDesk:
    settings = Settings.from_environ(
        {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(data_dir), "FUPAN_CRYPTO_SUITE": suite}
    )
    return build_desk(settings, SystemClock())


def sm_desk(data_dir: Path) -> ReviewDesk:
    """fupan on a store of the national suite (SM4-GCM, SM3, SM2; decision 27)."""
    return fupan_desk(data_dir, "sm")


def plain_desk(data_dir: Path) -> ReviewDesk:
    env = {
        "PERSISTENCE_MODULE": "bench.plain:Factory",
        "SQLITE_DBNAME": str(data_dir / "fupan.sqlite3"),
        "MAPPER_TOPIC": "eventsourcing.persistence:Mapper",
    }
    # The same password hashing and personal signing keys as fupan's test mode: the
    # comparison isolates sealed fields, data keys, the chain and the index.
    return ReviewDesk(
        env,
        clock=SystemClock(),
        keys=NoKeys(),
        passwords=Argon2Passwords(1, 1024),
        signing_keys=PersonalKeys(1, 1024),
        keyed=PlainKeyed(),
    )


def lifecycle(desk: ReviewDesk) -> None:
    rid = s.sent(desk, occurred_on=datetime.now(UTC).date().isoformat())
    s.sign_all(desk, rid)
    desk.close_review(rid, actor=s.OFFICER)


def throughput(make: Any, reviews: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        desk = make(Path(folder))
        lifecycle(desk)  # warm up: tables, imports, caches
        started = time.perf_counter()
        for _ in range(reviews):
            lifecycle(desk)
        elapsed = time.perf_counter() - started
        desk.close()
    return reviews * COMMANDS_PER_REVIEW / elapsed
