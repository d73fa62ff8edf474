"""Reliability: a writer killed with SIGKILL loses nothing it acknowledged, and leaves a
history that verifies (SQLite, the embedded default; several processes on one file)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from uuid import UUID

import pytest

from infrastructure.integrity.audit import verify_store
from infrastructure.integrity.server_keys import ServerKeys
from infrastructure.settings import Settings
from web.app import build_desk

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import sys
from infrastructure.settings import Settings
from web.app import build_desk
from tests import scenario as s
desk = build_desk(Settings.from_environ({"FUPAN_ENV": "test", "FUPAN_DATA_DIR": sys.argv[1]}))
print("ready", flush=True)
for _ in range(int(sys.argv[2])):
    rid = s.register(desk)
    print("ack", rid, 1, flush=True)
    for party in s.MEMBERS:
        version = desk.appoint_member(rid, account_id=s.MEMBERS[party], name="某",
                                      party=party, actor=s.OFFICER)
        print("ack", rid, version, flush=True)
"""


def writer(data_dir: Path, reviews: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir), str(reviews)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def acknowledged(lines: list[str]) -> dict[UUID, int]:
    acks: dict[UUID, int] = {}
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[0] == "ack":
            acks[UUID(parts[1])] = max(acks.get(UUID(parts[1]), 0), int(parts[2]))
    return acks


def test_fifty_kill_minus_nine_lose_no_acknowledged_write(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    acks: dict[UUID, int] = {}
    rng = random.Random(7)
    for _ in range(50):
        process = writer(data_dir, 1000)
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.15))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate()
        acks.update({k: max(v, acks.get(k, 0)) for k, v in acknowledged(out.splitlines()).items()})
    assert acks, "the writers acknowledged some writes"
    desk = build_desk(Settings.from_environ({"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(data_dir)}))
    for review_id, version in acks.items():
        assert desk.get_review(review_id)["version"] >= version
    report = verify_store(desk, ServerKeys(desk.recorder, desk.keys.keyring))  # type: ignore[attr-defined]
    assert report.ok, report.problems
    desk.close()


def test_several_processes_writing_one_file_keep_one_chain(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    build_desk(
        Settings.from_environ({"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(data_dir)})
    ).close()
    processes = [writer(data_dir, 4) for _ in range(4)]
    outputs = [p.communicate(timeout=120)[0] for p in processes]
    assert all(p.returncode == 0 for p in processes)
    acks = acknowledged("\n".join(outputs).splitlines())
    assert len(acks) == 16
    desk = build_desk(Settings.from_environ({"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(data_dir)}))
    report = verify_store(desk, ServerKeys(desk.recorder, desk.keys.keyring))  # type: ignore[attr-defined]
    assert report.ok, report.problems
    assert report.events == 16 * 5
    desk.close()
