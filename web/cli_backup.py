"""``fupan backup PATH``, ``fupan restore PATH`` and ``fupan backup-key FILE``, on SQLite and
PostgreSQL. A restore keeps the copy only when its chain verifies."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from pyrage import x25519

from infrastructure.backup import (
    BackupError,
    PostgresTarget,
    backup_postgres,
    backup_sqlite,
    drop_restored,
    recipients_of,
    restore_postgres,
    restore_sqlite,
)
from infrastructure.clock import SystemClock
from infrastructure.integrity.audit import verify_store
from infrastructure.integrity.server_keys import ServerKeys
from infrastructure.settings import Settings
from web.app import build_desk, services, settings_of


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--encrypt-to",
    "encrypt_to",
    multiple=True,
    metavar="RECIPIENT",
    help="Seal the copy to an age X25519 recipient (age1…, or a file of them); repeatable.",
)
@with_appcontext
def backup_command(path: Path, encrypt_to: tuple[str, ...]) -> None:
    """A consistent copy of the store, taken while serving, with its manifest (the master
    key and the server secret are NOT in it: keep them apart)."""
    settings = settings_of(current_app)
    now = SystemClock().now()
    try:
        recipients = recipients_of(list(encrypt_to))
        if settings.store == "sqlite":
            made = backup_sqlite(settings.database_path, path, now, recipients)
        elif settings.store == "postgres":
            made = backup_postgres(PostgresTarget.of(settings.store_env), path, now, recipients)
        else:
            raise BackupError("the in-memory store (popo) holds nothing to back up")
    except BackupError as e:
        click.echo(f"备份失败 / backup refused: {e}", err=True)
        sys.exit(1)
    services(current_app).desk.store.note("backup_made", made["created_at"])  # fupan doctor
    sealed = f", sealed to {len(recipients)} recipient(s)" if recipients else ""
    click.echo(
        f"已备份 / backed up: {made['events']} events, chain head {made['chain_head'][:16]}… "
        f"→ {path}{sealed}"
    )
    click.echo("恢复还需要 / a restore also needs:")
    for need in made["restore_needs"]:
        click.echo(f"  - {need}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--identity",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The age identity file that opens a sealed backup.",
)
def restore_command(path: Path, identity: Path | None) -> None:
    """Restore a backup into an empty data directory or database (with the master key and
    server secret already in place); kept only if its chain verifies."""
    settings = Settings.from_environ()
    try:
        if settings.store == "sqlite":
            manifest = restore_sqlite(path, settings.database_path, identity)
        elif settings.store == "postgres":
            manifest = restore_postgres(path, PostgresTarget.of(settings.store_env), identity)
        else:
            raise BackupError("the in-memory store (popo) cannot be restored into")
    except BackupError as e:
        click.echo(f"恢复被拒绝 / restore refused: {e}", err=True)
        sys.exit(1)
    desk = build_desk(settings)
    try:
        report = verify_store(desk, ServerKeys(desk.recorder, desk.keys.keyring))  # type: ignore[arg-type, attr-defined]
        reviews = len(desk.review_ids())
    finally:
        desk.close()
    if not report.ok:
        undo(settings)
        click.echo(
            "恢复被拒绝：链校验未通过 / restore refused: the chain does not verify", err=True
        )
        for problem in report.problems[:10]:
            click.echo(f"  {problem.problem}: {problem.detail}", err=True)
        sys.exit(1)
    click.echo(
        f"已恢复 / restored: {manifest['events']} events, {reviews} reviews, chain head "
        f"{manifest['chain_head'][:16]}… (backup of {manifest['created_at']}), verified"
    )


def undo(settings: Settings) -> None:
    """Nothing of a refused restore stays in place."""
    if settings.store == "postgres":
        drop_restored(PostgresTarget.of(settings.store_env))
        return
    for suffix in ("", "-wal", "-shm"):
        Path(f"{settings.database_path}{suffix}").unlink(missing_ok=True)


@click.command("backup-key")
@click.argument("path", type=click.Path(path_type=Path))
def backup_key_command(path: Path) -> None:
    """Make an age identity for sealed backups: the private key into PATH (kept apart from
    the backups), the public recipient printed for --encrypt-to."""
    if path.exists():
        click.echo(f"{path} exists: not overwritten / 文件已存在，未覆盖", err=True)
        sys.exit(1)
    identity = x25519.Identity.generate()
    recipient = identity.to_public()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(0o600)
    path.write_text(f"# public key: {recipient}\n{identity}\n", "utf-8")
    click.echo(str(recipient))
