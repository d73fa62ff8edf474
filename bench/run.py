"""Benchmarks, run on demand (`make bench`); figures go to docs/performance.md.

1. Command throughput of the full review lifecycle with fupan's field encryption and hash
   chain, against the same scenario with plain eventsourcing (the library's mapper and
   SQLite recorder: no sealed fields, no chain, no key table), alternating on the same
   SQLite file path, several rounds, median taken.
2. Verification speed: events per second for `fupan verify` over 100,000 stored events.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.persistence import StoredEvent

from application.desk import ReviewDesk
from infrastructure.clock import SystemClock
from infrastructure.crypto.personal_keys import PersonalKeys
from infrastructure.integrity.audit import verify_store
from infrastructure.integrity.server_keys import ServerKeys
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


def fupan_desk(data_dir: Path) -> ReviewDesk:
    settings = Settings.from_environ({"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(data_dir)})
    return build_desk(settings, SystemClock())


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


def verification(events: int) -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        desk = fupan_desk(Path(folder))
        recorder: Any = desk.recorder
        per_stream = 100
        state = (
            b'{"timestamp":{"_type_":"datetime_iso","_data_":"2026-11-29T00:00:00+00:00"},'
            b'"actor":{"_type_":"uuid_hex","_data_":"' + uuid4().hex.encode() + b'"},'
            b'"x":"' + b"1" * 200 + b'"}'
        )
        for _ in range(events // per_stream):
            stream = uuid4()
            batch = [
                StoredEvent(stream, version, "bench:Event", state)
                for version in range(1, per_stream + 1)
            ]
            recorder.insert_events(batch)
        started = time.perf_counter()
        report = verify_store(desk, ServerKeys(recorder, desk.keys.keyring))  # type: ignore[attr-defined]
        elapsed = time.perf_counter() - started
        assert report.ok, report.problems[:3]
        desk.close()
    return report.events / elapsed, report.events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reviews", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("docs/performance.md"))
    args = parser.parse_args()

    plain, sealed = [], []
    for n in range(args.rounds):
        plain.append(throughput(plain_desk, args.reviews))
        sealed.append(throughput(fupan_desk, args.reviews))
        print(f"round {n + 1}: plain {plain[-1]:.0f}/s, fupan {sealed[-1]:.0f}/s", file=sys.stderr)
    p, f = statistics.median(plain), statistics.median(sealed)
    rate, counted = verification(args.events)
    print(f"verify: {rate:.0f} events/s over {counted} events", file=sys.stderr)
    args.out.write_text(report(args, p, f, plain, sealed, rate, counted), "utf-8")
    print(f"ratio {f / p:.2f} (target ≥ 0.70); written to {args.out}")


def report(
    args: Any,
    p: float,
    f: float,
    plain: list[float],
    sealed: list[float],
    rate: float,
    counted: int,
) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    plain_rounds = ", ".join(f"{x:.0f}" for x in plain)
    sealed_rounds = ", ".join(f"{x:.0f}" for x in sealed)
    return f"""# Performance

Measured by `make bench` (`python -m bench.run`) on {when}, {
        platform.processor() or platform.machine()
    }, Python {platform.python_version()}, SQLite (WAL, synchronous=FULL),
{args.rounds} rounds of {args.reviews} review lifecycles ({
        COMMANDS_PER_REVIEW
    } commands each), median.

## Command throughput: encryption and chain against plain eventsourcing

| variant | commands/s (median) | rounds |
|---|---|---|
| plain eventsourcing (library mapper and recorder) | {p:.0f} | {plain_rounds} |
| fupan (sealed fields, data keys, hash chain, index) | {f:.0f} | {sealed_rounds} |

Ratio: **{f / p:.2f}** of plain (target: at least 0.70).

Each command loads the review (replaying its stream, opening its sealed fields), runs the
rule, and saves the new events in one transaction with their chain links (and the index
row, and for a new review its wrapped data key). The plain variant does the same load,
rule and save without sealing, chain, key table or index.

## Verification speed

`fupan verify` over {counted:,} stored events (1,000 streams of 100): **{rate:,.0f} events/s**
(chain recomputation, per-stream contiguity; no snapshots in this store).
"""


if __name__ == "__main__":
    main()
