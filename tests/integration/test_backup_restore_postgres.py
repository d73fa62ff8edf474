"""Backup and restore on PostgreSQL, for real over a connection: a backup taken while
another process writes describes exactly what it holds (its chain head is the restored
store's), restores into an empty database, verifies, and reads the same reviews; a restore
over tables, or of a sealed backup without its identity, is refused and changes nothing."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from infrastructure.backup import DUMP, MANIFEST, PostgresTarget
from infrastructure.backup.postgres import chain_head
from infrastructure.settings import Settings
from tests import scenario as s
from tests.conftest import _connect, postgres_params
from web.app import build_desk
from web.cli import main


@pytest.fixture
def other_database(postgres_available: bool) -> Iterator[str]:
    """A second, empty database: the machine a backup is restored on."""
    name = f"fupan_restore_{uuid.uuid4().hex[:10]}"
    with _connect() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with _connect() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def environ(folder: Path, schema: str, dbname: str | None = None) -> dict[str, str]:
    env = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(folder)}
    env["PERSISTENCE_MODULE"] = "eventsourcing.postgres"
    env.update(postgres_params())
    env["POSTGRES_SCHEMA"] = schema
    if dbname:
        env["POSTGRES_DBNAME"] = dbname
    return env


def test_a_postgres_backup_during_writes_restores_verified_and_reads_the_same(
    tmp_path: Path, postgres_schema: str, other_database: str
) -> None:
    original = tmp_path / "var"
    source = environ(original, postgres_schema)
    desk = build_desk(Settings.from_environ(source))
    ids = [s.sent(desk) for _ in range(2)]
    writer_desk = build_desk(Settings.from_environ(source))
    stop = threading.Event()

    def keep_writing() -> None:
        while not stop.is_set():
            s.register(writer_desk)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        made = CliRunner().invoke(main, ["backup", str(tmp_path / "backup")], env=source)
    finally:
        stop.set()
        writer.join()
        writer_desk.close()
    assert made.exit_code == 0, made.output
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert manifest["store"] == "postgres"
    assert list(manifest["files"]) == [DUMP]
    before = {i: desk.get_review(i) for i in ids}
    desk.close()

    fresh = tmp_path / "restored"
    fresh.mkdir(mode=0o700)
    for name in ("master.key", "secret.key"):
        if (original / name).exists():
            (fresh / name).write_bytes((original / name).read_bytes())
            (fresh / name).chmod(0o600)
    target = environ(fresh, postgres_schema, other_database)
    done = CliRunner().invoke(main, ["restore", str(tmp_path / "backup")], env=target)
    assert done.exit_code == 0, done.output
    assert "verified" in done.output
    db = PostgresTarget.of(Settings.from_environ(target).store_env)
    with db.connect() as connection:
        # The manifest describes the dump's own snapshot, not a later state.
        assert chain_head(connection, postgres_schema) == (
            manifest["chain_head"],
            manifest["events"],
        )
    restored = build_desk(Settings.from_environ(target))
    try:
        for review_id, view in before.items():
            assert restored.get_review(review_id) == view
        assert set(ids) <= set(restored.review_ids())
    finally:
        restored.close()

    again = CliRunner().invoke(main, ["restore", str(tmp_path / "backup")], env=target)
    assert again.exit_code == 1
    assert "empty database" in again.output


def test_a_sealed_postgres_backup_needs_its_identity(
    tmp_path: Path, postgres_schema: str, other_database: str
) -> None:
    source = environ(tmp_path / "var", postgres_schema)
    desk = build_desk(Settings.from_environ(source))
    s.sent(desk)
    desk.close()
    key = tmp_path / "backup.agekey"
    recipient = CliRunner().invoke(main, ["backup-key", str(key)], env=source).output.strip()
    made = CliRunner().invoke(
        main, ["backup", str(tmp_path / "b"), "--encrypt-to", recipient], env=source
    )
    assert made.exit_code == 0, made.output
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [DUMP + ".age", MANIFEST]
    target = environ(tmp_path / "var", postgres_schema, other_database)
    refused = CliRunner().invoke(main, ["restore", str(tmp_path / "b")], env=target)
    assert refused.exit_code == 1
    assert "--identity" in refused.output
    with psycopg.connect(**connection_of(target), autocommit=True) as connection:
        rows = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s",
            (postgres_schema,),
        ).fetchone()
        assert rows is not None
        assert rows[0] == 0
    done = CliRunner().invoke(
        main, ["restore", str(tmp_path / "b"), "--identity", str(key)], env=target
    )
    assert done.exit_code == 0, done.output


def connection_of(env: dict[str, str]) -> dict[str, str | None]:
    return {
        "host": env["POSTGRES_HOST"],
        "port": env["POSTGRES_PORT"],
        "user": env["POSTGRES_USER"],
        "dbname": env["POSTGRES_DBNAME"],
        "password": env["POSTGRES_PASSWORD"] or None,
    }
