"""Verification speed: ``fupan verify --all`` over a kept store of synthetic stored events
(1,000,000 by default: 10,000 streams of 100), against a reference loop that reads the
same rows from the same file and chains them with hashlib only (no comparison, no
contiguity, no checkpoints, no snapshots): what any verifier must at least do.
"""

from __future__ import annotations

import hashlib
import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any
from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from application.desk import ReviewDesk
from bench.commands import fupan_desk
from infrastructure.integrity.audit import verify_store
from infrastructure.integrity.chain import DOMAIN, GENESIS
from infrastructure.integrity.server_keys import ServerKeys

PER_STREAM = 100
STATE = (
    b'{"timestamp":{"_type_":"datetime_iso","_data_":"2026-11-29T00:00:00+00:00"},'
    b'"actor":{"_type_":"uuid_hex","_data_":"' + uuid4().hex.encode() + b'"},'
    b'"x":"' + b"1" * 200 + b'"}'
)


def store(events: int) -> Path:
    """A kept store of ``events`` stored events (made once, through the recorder)."""
    folder = Path("var/bench") / f"verify-{events}"
    desk = fupan_desk(folder)
    have = desk.store.max_notification_id() or 0
    recorder: Any = desk.recorder
    for n in range(have // PER_STREAM, events // PER_STREAM):
        stream = uuid4()
        batch = [StoredEvent(stream, v, "bench:Event", STATE) for v in range(1, PER_STREAM + 1)]
        recorder.insert_events(batch)
        if (n + 1) % 1000 == 0:
            print(f"  {(n + 1) * PER_STREAM:,} events", flush=True)
    desk.close()
    return folder


def fupan_rate(folder: Path) -> tuple[float, int]:
    """Events per second of this process's CPU time (the machine is shared), and how many."""
    desk: ReviewDesk = fupan_desk(folder)
    keys = ServerKeys(desk.store, desk.keys.keyring)  # type: ignore[attr-defined]
    started = time.process_time()
    report = verify_store(desk, keys)
    elapsed = time.process_time() - started
    assert report.ok, report.problems[:3]
    desk.close()
    return report.events / elapsed, report.events


def reference_rate(folder: Path) -> tuple[float, int]:
    """Read the rows in position order, in batches, and chain them with hashlib."""
    connection = sqlite3.connect(folder / "fupan.sqlite3")
    sha256 = hashlib.sha256
    started = time.process_time()
    previous, count, last = GENESIS, 0, 0
    while True:
        rows = connection.execute(
            "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
            "WHERE rowid > ? ORDER BY rowid LIMIT 5000",
            (last,),
        ).fetchall()
        if not rows:
            break
        for position, stream, version, topic, state in rows:
            h = sha256(DOMAIN)
            h.update(previous)
            h.update(position.to_bytes(8, "big", signed=True))
            sid = f"{stream[:8]}-{stream[8:12]}-{stream[12:16]}-{stream[16:20]}-{stream[20:]}"
            for part in (sid.encode(), topic.encode()):
                h.update(len(part).to_bytes(4, "big"))
                h.update(part)
            h.update(version.to_bytes(8, "big", signed=True))
            h.update(len(state).to_bytes(8, "big"))
            h.update(state)
            previous = h.digest()
            count += 1
        last = rows[-1][0]
    elapsed = time.process_time() - started
    connection.close()
    return count / elapsed, count


def section(events: int, rounds: int, when: str) -> str:
    folder = store(events)
    fupan, reference = [], []
    for _ in range(rounds):
        rate, counted = fupan_rate(folder)
        fupan.append(rate)
        reference.append(reference_rate(folder)[0])
        print(f"  verify {fupan[-1]:,.0f}/s, reference {reference[-1]:,.0f}/s", flush=True)
    f, r = statistics.median(fupan), statistics.median(reference)
    pairs = [a / b for a, b in zip(fupan, reference, strict=True)]
    return f"""## Verification speed

Measured {when} by `python -m bench.run --parts verify --events {events}`: a kept store of
{counted:,} stored events ({counted // PER_STREAM:,} streams of {PER_STREAM}, made through the
recorder with their chain), SQLite. `fupan verify --all` (`audit.verify_store`: chain
recomputed and compared with the stored links, per-stream contiguity, checkpoints,
snapshots) against a reference loop in `bench/verification.py` that reads the same rows
from the same file and chains them with hashlib only; {rounds} rounds alternating, medians;
rates in CPU time of the process (the machine is shared with other work).

| walk | events/s (median) | rounds |
|---|---|---|
| `fupan verify --all` | {f:,.0f} | {", ".join(f"{x:,.0f}" for x in fupan)} |
| reference: read and chain with hashlib | {r:,.0f} | {", ".join(f"{x:,.0f}" for x in reference)} |

Ratio: **{statistics.median(pairs):.2f}** of the reference (target: at least 0.50). At this
speed, {counted:,} events take {counted / f:,.0f} s; by default `fupan verify` walks only
from the newest signed checkpoint on."""
