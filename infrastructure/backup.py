"""Backups of a SQLite store and their restore (PostgreSQL's ``pg_dump`` is still to come).

``backup``: a consistent online copy through SQLite's backup API (pages copied while others
may write; the copy is one state of the database), with a manifest: when, the fupan
version, the chain head and the number of events in the copy, the file's SHA-256, and what a
restore needs that the backup deliberately does not hold (the master key, the server
secret). ``restore``: into a data directory with no database, checking the file's hash; the
caller then verifies the chain and keeps the copy only if it is intact.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = "fupan-backup/1"
DATABASE = "fupan.sqlite3"
MANIFEST = "manifest.json"
NEEDS = [
    "the master key (FUPAN_MASTER_KEY_FILE, or master.key in the data directory outside "
    "production) — not in this backup",
    "the server secret (FUPAN_SECRET_KEY or FUPAN_SECRET_KEY_FILE, or secret.key in the data "
    "directory outside production) — not in this backup",
]


class BackupError(RuntimeError):
    """A backup that cannot be made or restored, with the reason."""


def version() -> str:
    try:
        return metadata.version("fupan")
    except metadata.PackageNotFoundError:
        return "unknown"


def backup(database: Path, target: Path, now: datetime) -> dict[str, Any]:
    """Copy ``database`` into the new folder ``target``; the manifest written there."""
    if not database.exists():
        raise BackupError(f"no database at {database}")
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} exists and is not empty")
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(0o700)
    copy = target / DATABASE
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    destination = sqlite3.connect(copy)
    try:
        source.backup(destination)
        # One self-contained file (no write-ahead log beside it), whatever the source uses.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()
        source.close()
    copy.chmod(0o600)
    head, events = chain_head(copy)
    manifest = {
        "format": FORMAT,
        "created_at": now.isoformat(),
        "fupan_version": version(),
        "store": "sqlite",
        "chain_head": head,
        "events": events,
        "files": {DATABASE: sha256(copy)},
        "restore_needs": NEEDS,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False), "utf-8")
    return manifest


def restore(source: Path, database: Path) -> dict[str, Any]:
    """Put the backup at ``source`` in place as ``database`` (which must not exist)."""
    try:
        manifest = json.loads((source / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as e:
        raise BackupError(f"no readable manifest in {source}: {type(e).__name__}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not a fupan backup (unknown format)")
    copy = source / DATABASE
    if not copy.exists() or sha256(copy) != manifest.get("files", {}).get(DATABASE):
        raise BackupError("the database file is missing or does not match its manifest")
    if database.exists():
        raise BackupError(f"{database} exists: restore into an empty data directory")
    database.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(copy, database)
    database.chmod(0o600)
    return manifest


def chain_head(database: Path) -> tuple[str, int]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT position, link FROM event_chain ORDER BY position DESC LIMIT 1"
        ).fetchone()
    except sqlite3.Error:
        row = None
    finally:
        connection.close()
    return (bytes(row[1]).hex(), int(row[0])) if row else ("0" * 64, 0)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
