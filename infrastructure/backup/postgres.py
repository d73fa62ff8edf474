"""PostgreSQL: ``pg_dump`` in custom format of fupan's schema, taken from a snapshot that
fupan exports and reads the chain head in, so the manifest describes exactly the state the
dump holds while others go on writing; ``pg_restore`` in one transaction into a schema with
no tables. The password goes to the tools through ``PGPASSWORD``, never on a command line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from pyrage import x25519

from infrastructure.backup.files import (
    DUMP,
    BackupError,
    finish,
    new_folder,
    payload_into,
    read_manifest,
)


@dataclass(frozen=True)
class PostgresTarget:
    host: str
    port: str
    user: str
    dbname: str
    password: str
    schema: str

    @classmethod
    def of(cls, env: Mapping[str, str]) -> PostgresTarget:
        """From the store's ``POSTGRES_*`` settings, as eventsourcing reads them."""
        return cls(
            host=env.get("POSTGRES_HOST", "127.0.0.1"),
            port=env.get("POSTGRES_PORT", "5432"),
            user=env.get("POSTGRES_USER", ""),
            dbname=env.get("POSTGRES_DBNAME", ""),
            password=env.get("POSTGRES_PASSWORD", ""),
            schema=env.get("POSTGRES_SCHEMA", "") or "public",
        )

    def environ(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(PGHOST=self.host, PGPORT=self.port, PGUSER=self.user, PGDATABASE=self.dbname)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect(self, autocommit: bool = True) -> psycopg.Connection[Any]:
        try:
            return psycopg.connect(
                host=self.host,
                port=self.port,
                user=self.user,
                dbname=self.dbname,
                password=self.password or None,
                connect_timeout=10,
                autocommit=autocommit,
            )
        except psycopg.OperationalError as e:
            raise BackupError(f"cannot reach PostgreSQL: {str(e).strip()[:200]}") from None


def backup_postgres(
    db: PostgresTarget,
    target: Path,
    now: datetime,
    recipients: list[x25519.Recipient] | None = None,
) -> dict[str, Any]:
    new_folder(target)
    with db.connect(autocommit=False) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        row = connection.execute("SELECT pg_export_snapshot()").fetchone()
        assert row is not None
        head, links = chain_head(connection, db.schema)
        # The transaction stays open while pg_dump reads the same snapshot.
        run(
            [
                "pg_dump",
                "--format=custom",
                f"--snapshot={row[0]}",
                f"--schema={db.schema}",
                "--no-owner",
                "--no-privileges",
                f"--file={target / DUMP}",
            ],
            db,
        )
        connection.rollback()
    facts = {"store": "postgres", "schema": db.schema, "chain_head": head, "events": links}
    return finish(target, DUMP, recipients or [], facts, now)


def restore_postgres(
    source: Path, db: PostgresTarget, identity: Path | None = None
) -> dict[str, Any]:
    """Restore into ``db``'s schema, which must hold no table (it is created if missing)."""
    manifest = read_manifest(source)
    if manifest["store"] != "postgres":
        raise BackupError(f"this is a backup of a {manifest['store']} store, not of PostgreSQL")
    if manifest.get("schema") != db.schema:
        raise BackupError(
            f"the backup holds the schema {manifest.get('schema')!r}: set POSTGRES_SCHEMA to it"
        )
    with db.connect() as connection:
        if tables_in(connection, db.schema):
            raise BackupError(
                f"the schema {db.schema!r} of {db.dbname!r} holds tables: restore into an "
                "empty database"
            )
        connection.execute(
            sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(db.schema))
        )
    work = Path(tempfile.mkdtemp(prefix="fupan-restore-"))
    try:
        dump = work / DUMP
        payload_into(source, manifest, dump, identity)
        # Everything but the schema itself, which exists (``public`` always does).
        listing = run(["pg_restore", "--list", str(dump)], db)
        kept = [
            line
            for line in listing.splitlines()
            if " SCHEMA - " not in line and "COMMENT - SCHEMA " not in line
        ]
        (work / "list").write_text("\n".join(kept) + "\n", "utf-8")
        run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--use-list={work / 'list'}",
                f"--dbname={db.dbname}",
                str(dump),
            ],
            db,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return manifest


def drop_restored(db: PostgresTarget) -> None:
    """Undo a restore whose chain did not verify: every table of the schema goes."""
    with db.connect() as connection:
        for table in tables_in(connection, db.schema):
            connection.execute(
                sql.SQL("DROP TABLE IF EXISTS {}.{} CASCADE").format(
                    sql.Identifier(db.schema), sql.Identifier(table)
                )
            )


def tables_in(connection: psycopg.Connection[Any], schema: str) -> list[str]:
    rows = connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
        (schema,),
    ).fetchall()
    return [str(r[0]) for r in rows]


def chain_head(connection: psycopg.Connection[Any], schema: str) -> tuple[str, int]:
    chains = [t for t in tables_in(connection, schema) if t.endswith("event_chain")]
    if len(chains) != 1:
        return "0" * 64, 0
    row = connection.execute(
        sql.SQL("SELECT position, link FROM {}.{} ORDER BY position DESC LIMIT 1").format(
            sql.Identifier(schema), sql.Identifier(chains[0])
        )
    ).fetchone()
    return (bytes(row[1]).hex(), int(row[0])) if row else ("0" * 64, 0)


def run(command: list[str], db: PostgresTarget) -> str:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: apt-get install postgresql-client")
    # The PostgreSQL tools with fixed options; the only values are paths and the schema.
    done = subprocess.run(  # noqa: S603
        command, env=db.environ(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        raise BackupError(f"{command[0]} failed: {lines[-1][:300]}")
    return done.stdout
