"""The integrity check as a recorded run: started by ``fupan verify`` or as a background
job from the inspectors' page, its progress written as it goes (a heartbeat every few
seconds), its report kept; the page shows the last result and its age, never walks the
history inside a request.

By default a run starts at the newest signed checkpoint (``audit.verify_store``,
``since_checkpoint``): the history below it was walked by the runs that passed it. A run
over everything is asked for explicitly (``fupan verify --all``, the page's second button).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from application.desk import ReviewDesk
from application.ports import VerificationRun
from infrastructure.integrity.audit import verify_store
from infrastructure.integrity.report import Report
from infrastructure.integrity.server_keys import ServerKeys

HEARTBEAT = 2.0  # seconds between progress writes
STALE = timedelta(minutes=2)  # a run silent for longer was interrupted (its process died)
SINCE_CHECKPOINT, EVERYTHING = "since_checkpoint", "everything"
log = logging.getLogger("fupan.verify")


class Verifications:
    def __init__(
        self,
        desk: ReviewDesk,
        server_keys: ServerKeys,
        *,
        max_checkpoint_age: timedelta | None = None,
    ) -> None:
        self.desk = desk
        self.server_keys = server_keys
        self.max_checkpoint_age = max_checkpoint_age
        self.store = desk.store

    def run(
        self,
        *,
        everything: bool,
        by: str,
        held: dict[str, Any] | None = None,
        echo: Callable[[int, int], None] | None = None,
        also: Callable[[Report], None] | None = None,
    ) -> Report:
        """Verify now, recording the run, its progress and its report (with what ``also``
        adds to it, e.g. ``fupan verify --full``)."""
        now = self.desk.clock.now()
        record = VerificationRun(
            # in start order (a settable clock gives runs the same started_at)
            run_id=f"{time.time_ns():016x}{uuid4().hex[:16]}",
            scope=EVERYTHING if everything else SINCE_CHECKPOINT,
            started_by=by,
            started_at=now,
            updated_at=now,
            finished_at=None,
            done=0,
            total=0,
            ok=None,
            report="",
        )
        self.store.upsert_verification(record)
        written = time.monotonic()

        def progress(done: int, total: int) -> None:
            nonlocal record, written
            if echo is not None:
                echo(done, total)
            if time.monotonic() - written >= HEARTBEAT:
                record = replace(record, done=done, total=total, updated_at=self.desk.clock.now())
                self.store.upsert_verification(record)
                written = time.monotonic()

        try:
            report = verify_store(
                self.desk,
                self.server_keys,
                held,
                max_checkpoint_age=self.max_checkpoint_age,
                since_checkpoint=not everything,
                progress=progress,
            )
            if also is not None:
                also(report)
        except Exception as e:
            failed = {"ok": False, "error": type(e).__name__}
            self.store.upsert_verification(
                replace(
                    record, finished_at=self.desk.clock.now(), ok=False, report=json.dumps(failed)
                )
            )
            raise
        end = self.desk.clock.now()
        self.store.upsert_verification(
            replace(
                record,
                updated_at=end,
                finished_at=end,
                done=report.events,
                total=report.events,
                ok=report.ok,
                report=json.dumps(report.as_dict(), ensure_ascii=False),
            )
        )
        return report

    def last_finished(self) -> VerificationRun | None:
        return next((r for r in self.store.select_verifications(20) if r.finished_at), None)

    def running(self) -> VerificationRun | None:
        """A run in progress (its heartbeat is fresh), if any."""
        now = self.desk.clock.now()
        for run in self.store.select_verifications(20):
            if run.finished_at is None and now - run.updated_at < STALE:
                return run
        return None

    def start_in_background(self, *, everything: bool, by: str) -> bool:
        """Start a run in a thread of this process, unless one is already running."""
        if self.running() is not None:
            return False
        thread = threading.Thread(
            target=self._run_quietly, args=(everything, by), name="fupan-verify", daemon=True
        )
        thread.start()
        return True

    def _run_quietly(self, everything: bool, by: str) -> None:
        try:
            self.run(everything=everything, by=by)
        except Exception:  # recorded as a failed run; the job must not kill its process
            log.exception("the integrity check failed")


def summary(run: VerificationRun | None, now: datetime) -> dict[str, Any]:
    """A run as the page and the API show it: its report, when, how long ago."""
    if run is None:
        return {"ok": None, "checked_at": None, "age_seconds": None, "scope": None}
    found = json.loads(run.report or "{}")
    return {
        **found,
        "ok": run.ok,
        "scope": run.scope,
        "checked_at": (run.finished_at or run.updated_at).isoformat(),
        "age_seconds": int((now - (run.finished_at or run.updated_at)).total_seconds()),
        "started_by": run.started_by,
    }


def progress_of(run: VerificationRun | None) -> dict[str, Any] | None:
    if run is None:
        return None
    return {
        "scope": run.scope,
        "done": run.done,
        "total": run.total,
        "started_at": run.started_at.isoformat(),
        "updated_at": run.updated_at.isoformat(),
    }
