"""SQLite: a consistent online copy through the backup API (pages copied while others may
write; the copy is one state of the database), one self-contained file."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from pyrage import x25519

from infrastructure.backup.files import (
    DATABASE,
    BackupError,
    finish,
    new_folder,
    payload_into,
    read_manifest,
)


def backup_sqlite(
    database: Path,
    target: Path,
    now: datetime,
    recipients: list[x25519.Recipient] | None = None,
) -> dict[str, Any]:
    """Copy ``database`` into the new folder ``target``; the manifest written there."""
    if not database.exists():
        raise BackupError(f"no database at {database}")
    new_folder(target)
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
    head, links = chain_head(copy)
    facts = {"store": "sqlite", "chain_head": head, "events": links}
    return finish(target, DATABASE, recipients or [], facts, now)


def restore_sqlite(source: Path, database: Path, identity: Path | None = None) -> dict[str, Any]:
    """Put the backup at ``source`` in place as ``database`` (which must not exist)."""
    manifest = read_manifest(source)
    if manifest["store"] != "sqlite":
        raise BackupError(f"this is a backup of a {manifest['store']} store, not of SQLite")
    if database.exists():
        raise BackupError(f"{database} exists: restore into an empty data directory")
    payload_into(source, manifest, database, identity)
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
