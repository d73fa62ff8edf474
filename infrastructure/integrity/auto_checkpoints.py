"""Checkpoints without anyone running a command.

The server signs a checkpoint after a commit once ``every_events`` events were written
since the newest checkpoint, or once it is ``every_minutes`` old and events were written
since (``FUPAN_CHECKPOINT_EVENTS``, ``FUPAN_CHECKPOINT_MINUTES``; 0 turns a trigger off).
It costs nothing per commit until a trigger is due: the newest checkpoint is remembered in
the process and read again (one indexed read) only then, so that several server processes
sign about as often as one. A failure is logged and never fails the write it follows.

``fupan checkpoint --every SECONDS`` (``run_every``) is the timer alternative: it signs
whenever the head moved since the newest checkpoint.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from application.ports import Clock, FupanStore
from infrastructure.integrity import checkpoints
from infrastructure.integrity.server_keys import ServerKeys

log = logging.getLogger("fupan.checkpoints")


class AutoCheckpoints:
    """A ``CommitObserver`` that signs checkpoints as events are committed."""

    def __init__(
        self,
        store: FupanStore,
        server_keys: ServerKeys,
        clock: Clock,
        *,
        every_events: int,
        every_minutes: int,
    ) -> None:
        self.store = store
        self.server_keys = server_keys
        self.clock = clock
        self.every_events = every_events
        self.every = timedelta(minutes=every_minutes) if every_minutes else None
        self._lock = threading.Lock()
        self._newest: tuple[int, datetime] | None = None
        self._known = False
        self._macs_from: int | None = None

    def committed(self, position: int) -> None:
        if not self.every_events and self.every is None:
            return
        try:
            with self._lock:
                if self._due(position):
                    self._refresh()
                    if self._due(position):
                        self._sign()
        except Exception as e:
            log.warning("automatic checkpoint failed: %s: %s", type(e).__name__, e)

    def _due(self, position: int) -> bool:
        if not self._known or self._newest is None:
            return True
        at, signed_at = self._newest
        if position <= at:
            return False
        if self.every_events and position - at >= self.every_events:
            return True
        return self.every is not None and self.clock.now() - signed_at >= self.every

    def _refresh(self) -> None:
        """Read the newest checkpoint again (another process may have signed one)."""
        newest = self.store.newest_checkpoint()
        self._known = True
        self._newest = _position_and_time(newest) if newest else None

    def _sign(self) -> None:
        if self._macs_from is None:
            self._macs_from = self.store.first_authenticated_position()
        made = checkpoints.create(
            self.store, self.server_keys, self.clock.now(), macs_from=self._macs_from
        )
        self._newest = _position_and_time(made)
        log.info("checkpoint signed at position %s", made["position"])


def _position_and_time(checkpoint: dict[str, Any]) -> tuple[int, datetime]:
    return int(checkpoint["position"]), datetime.fromisoformat(checkpoint["created_at"])


def run_every(
    store: FupanStore,
    server_keys: ServerKeys,
    clock: Clock,
    *,
    seconds: float,
    stop: threading.Event,
    report: Callable[[dict[str, Any]], None],
) -> int:
    """Sign a checkpoint whenever the head moved, every ``seconds``, until ``stop`` is set;
    returns how many were signed. A failed round is logged and the next one tries again."""
    signed = 0
    while not stop.is_set():
        try:
            head = store.max_notification_id() or 0
            newest = store.newest_checkpoint()
            if head and (newest is None or int(newest["position"]) < head):
                report(checkpoints.create(store, server_keys, clock.now()))
                signed += 1
        except Exception as e:
            log.warning("checkpoint failed: %s: %s", type(e).__name__, e)
        stop.wait(seconds)
    return signed
