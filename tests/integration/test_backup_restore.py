"""Backup and restore on SQLite: a backup taken during writes restores into an empty data
directory, verifies, and reads the same reviews as the original; a backup whose file or
chain was altered is refused, and nothing of it is left in place."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from infrastructure.backup import DATABASE, MANIFEST, sha256
from infrastructure.settings import Settings
from tests import scenario as s
from web.app import build_desk
from web.cli import main


def environ(folder: Path) -> dict[str, str]:
    return {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(folder)}


def keys_into(original: Path, fresh: Path) -> None:
    """What the backup does not hold, put in place first (as the guide says)."""
    fresh.mkdir(parents=True)
    fresh.chmod(0o700)
    for name in ("master.key", "secret.key"):
        if (original / name).exists():
            shutil.copy2(original / name, fresh / name)


def test_a_backup_taken_during_writes_restores_verified_and_reads_the_same(
    tmp_path: Path,
) -> None:
    original = tmp_path / "var"
    desk = build_desk(Settings.from_environ(environ(original)))
    ids = [s.sent(desk) for _ in range(3)]
    stop = threading.Event()

    def keep_writing() -> None:
        while not stop.is_set():
            s.register(desk)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        made = CliRunner().invoke(main, ["backup", str(tmp_path / "backup")], env=environ(original))
    finally:
        stop.set()
        writer.join()
    assert made.exit_code == 0, made.output
    assert "master key" in made.output  # what the backup does not hold is said
    manifest: dict[str, Any] = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert manifest["events"] > 0
    assert "master" not in json.dumps(manifest["files"])
    before = {i: desk.get_review(i) for i in ids}
    desk.close()

    fresh = tmp_path / "restored"
    keys_into(original, fresh)
    done = CliRunner().invoke(main, ["restore", str(tmp_path / "backup")], env=environ(fresh))
    assert done.exit_code == 0, done.output
    assert "verified" in done.output
    restored = build_desk(Settings.from_environ(environ(fresh)))
    try:
        for review_id, view in before.items():
            assert restored.get_review(review_id) == view
        again = CliRunner().invoke(main, ["restore", str(tmp_path / "backup")], env=environ(fresh))
        assert again.exit_code == 1  # never over an existing store
        assert "empty data directory" in again.output
    finally:
        restored.close()


def test_an_altered_backup_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    original = tmp_path / "var"
    desk = build_desk(Settings.from_environ(environ(original)))
    s.sent(desk)
    desk.close()
    backup = tmp_path / "backup"
    assert CliRunner().invoke(main, ["backup", str(backup)], env=environ(original)).exit_code == 0

    # The file changed after the backup: its hash no longer matches.
    altered = tmp_path / "altered"
    shutil.copytree(backup, altered)
    with sqlite3.connect(altered / DATABASE) as db:
        db.execute("UPDATE stored_events SET state = state || x'00' WHERE rowid = 2")
    fresh = tmp_path / "fresh"
    keys_into(original, fresh)
    refused = CliRunner().invoke(main, ["restore", str(altered)], env=environ(fresh))
    assert refused.exit_code == 1
    assert "does not match its manifest" in refused.output
    assert not (fresh / DATABASE).exists()

    # Altered and re-hashed: the chain finds it.
    manifest = json.loads((altered / MANIFEST).read_text())
    manifest["files"][DATABASE] = sha256(altered / DATABASE)
    (altered / MANIFEST).write_text(json.dumps(manifest))
    refused = CliRunner().invoke(main, ["restore", str(altered)], env=environ(fresh))
    assert refused.exit_code == 1
    assert "chain does not verify" in refused.output
    assert not (fresh / DATABASE).exists()
