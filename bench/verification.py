"""Verification speed: ``fupan verify`` over a store of synthetic stored events."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any
from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from bench.commands import fupan_desk
from infrastructure.integrity.audit import verify_store
from infrastructure.integrity.server_keys import ServerKeys


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
