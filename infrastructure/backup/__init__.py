"""Backups of the store and their restore, on SQLite (the backup API) and PostgreSQL
(``pg_dump`` in custom format from an exported snapshot), optionally sealed to an age X25519
recipient.

A backup is a folder: the copy (``fupan.sqlite3`` or ``fupan.dump``, or the same with
``.age`` when sealed) and ``manifest.json``: when, the fupan version, the store, the chain
head and the number of chain links in the copy, each file's SHA-256, and what a restore
needs that the backup deliberately does not hold (the master key, the server secret).
A restore goes only into an empty data directory or database; the caller verifies the
chain and keeps the copy only if it is intact.
"""

from infrastructure.backup.files import (
    DATABASE,
    DUMP,
    FORMAT,
    MANIFEST,
    NEEDS,
    NEEDS_IDENTITY,
    SEALED,
    BackupError,
    read_manifest,
    recipients_of,
    sha256,
)
from infrastructure.backup.postgres import (
    PostgresTarget,
    backup_postgres,
    drop_restored,
    restore_postgres,
)
from infrastructure.backup.sqlite import backup_sqlite, restore_sqlite

__all__ = [
    "DATABASE",
    "DUMP",
    "FORMAT",
    "MANIFEST",
    "NEEDS",
    "NEEDS_IDENTITY",
    "SEALED",
    "BackupError",
    "PostgresTarget",
    "backup_postgres",
    "backup_sqlite",
    "drop_restored",
    "read_manifest",
    "recipients_of",
    "restore_postgres",
    "restore_sqlite",
    "sha256",
]
