"""Issue 13: ``fupan checkpoint --every SECONDS`` keeps signing checkpoints while the
history grows, as a long-running timer command, and stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from application.desk import ReviewDesk
from infrastructure.settings import Settings
from tests import scenario as s
from web.app import build_desk


def eventually(condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def covered(desk: ReviewDesk) -> bool:
    """Whether the newest checkpoint is at the head of the chain."""
    newest = desk.store.newest_checkpoint()
    return newest is not None and newest["position"] == desk.store.max_notification_id()


def test_the_timer_signs_checkpoints_as_the_history_grows(tmp_path: Path) -> None:
    environ = {
        **os.environ,
        "FUPAN_ENV": "test",
        "FUPAN_DATA_DIR": str(tmp_path / "var"),
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
    }
    desk = build_desk(Settings.from_environ(environ))
    s.register(desk)
    fupan = Path(sys.executable).with_name("fupan")
    timer = subprocess.Popen(
        [str(fupan), "checkpoint", "--every", "1"],
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        eventually(lambda: covered(desk))
        first = desk.store.newest_checkpoint()
        s.form_team(desk, s.register(desk, school="另一所学校"))
        eventually(lambda: covered(desk))
        second = desk.store.newest_checkpoint()
        assert first is not None
        assert second is not None
        assert second["position"] > first["position"]
    finally:
        timer.send_signal(signal.SIGTERM)
        output, _ = timer.communicate(timeout=20)
        desk.close()
    assert timer.returncode == 0, output
    assert "2 checkpoints signed" in output
