"""Backup and restore on SQLite: a backup taken during writes restores into an empty data
directory, verifies, and reads the same reviews as the original; a backup whose file or
chain was altered is refused, and nothing of it is left in place."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
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
    manifest["files"][DATABASE] = manifest["payload_sha256"] = sha256(altered / DATABASE)
    (altered / MANIFEST).write_text(json.dumps(manifest))
    refused = CliRunner().invoke(main, ["restore", str(altered)], env=environ(fresh))
    assert refused.exit_code == 1
    assert "chain does not verify" in refused.output
    assert not (fresh / DATABASE).exists()


def test_a_sealed_backup_opens_only_with_its_identity(tmp_path: Path) -> None:
    original = tmp_path / "var"
    desk = build_desk(Settings.from_environ(environ(original)))
    review_id = s.sent(desk)
    before = desk.get_review(review_id)
    desk.close()
    key = tmp_path / "keys" / "backup.agekey"
    made_key = CliRunner().invoke(main, ["backup-key", str(key)], env=environ(original))
    assert made_key.exit_code == 0, made_key.output
    recipient = made_key.output.strip()
    assert recipient.startswith("age1")
    assert key.stat().st_mode & 0o077 == 0

    backup = tmp_path / "backup"
    made = CliRunner().invoke(
        main, ["backup", str(backup), "--encrypt-to", recipient], env=environ(original)
    )
    assert made.exit_code == 0, made.output
    assert sorted(p.name for p in backup.iterdir()) == [DATABASE + ".age", MANIFEST]
    assert b"SQLite format" not in (backup / (DATABASE + ".age")).read_bytes()[:4096]
    assert json.loads((backup / MANIFEST).read_text())["sealed_to"] == [recipient]

    fresh = tmp_path / "restored"
    keys_into(original, fresh)
    unopened = CliRunner().invoke(main, ["restore", str(backup)], env=environ(fresh))
    assert unopened.exit_code == 1
    assert "--identity" in unopened.output
    other = tmp_path / "other.agekey"
    CliRunner().invoke(main, ["backup-key", str(other)], env=environ(original))
    wrong = CliRunner().invoke(
        main, ["restore", str(backup), "--identity", str(other)], env=environ(fresh)
    )
    assert wrong.exit_code == 1
    assert "opens this backup" in wrong.output
    assert not (fresh / DATABASE).exists()

    done = CliRunner().invoke(
        main, ["restore", str(backup), "--identity", str(key)], env=environ(fresh)
    )
    assert done.exit_code == 0, done.output
    restored = build_desk(Settings.from_environ(environ(fresh)))
    try:
        assert restored.get_review(review_id) == before
    finally:
        restored.close()

    # The age format: the operator's own `age` opens it too, without fupan.
    if shutil.which("age"):
        out = tmp_path / "opened.sqlite3"
        subprocess.run(
            ["age", "-d", "-i", str(key), "-o", str(out), str(backup / (DATABASE + ".age"))],
            check=True,
        )
        assert sha256(out) == json.loads((backup / MANIFEST).read_text())["payload_sha256"]


def test_a_recipient_that_is_not_one_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    original = tmp_path / "var"
    build_desk(Settings.from_environ(environ(original))).close()
    refused = CliRunner().invoke(
        main,
        ["backup", str(tmp_path / "backup"), "--encrypt-to", "age1notarecipient"],
        env=environ(original),
    )
    assert refused.exit_code == 1
    assert "--encrypt-to" in refused.output
    assert "age1notarecipient" in refused.output
    assert not (tmp_path / "backup").exists()
