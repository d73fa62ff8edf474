"""``fupan backup PATH`` and ``fupan restore PATH`` (SQLite; PostgreSQL's ``pg_dump`` is still
to come). A restore keeps the copy only when its chain verifies."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from infrastructure.backup import BackupError, backup, restore
from infrastructure.clock import SystemClock
from infrastructure.integrity.audit import verify_store
from infrastructure.integrity.server_keys import ServerKeys
from infrastructure.settings import Settings
from web.app import build_desk, services, settings_of


@click.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """A consistent copy of the store, taken while serving, with its manifest (the master
    key and the server secret are NOT in it: keep them apart)."""
    settings = settings_of(current_app)
    if settings.store != "sqlite":
        click.echo("PostgreSQL: use pg_dump for now / PostgreSQL 请暂用 pg_dump", err=True)
        sys.exit(2)
    try:
        made = backup(settings.database_path, path, SystemClock().now())
    except BackupError as e:
        click.echo(f"备份失败 / backup refused: {e}", err=True)
        sys.exit(1)
    current_app_desk = services(current_app).desk
    current_app_desk.store.note("backup_made", made["created_at"])  # for fupan doctor
    click.echo(
        f"已备份 / backed up: {made['events']} events, chain head {made['chain_head'][:16]}… "
        f"→ {path}"
    )
    click.echo("恢复还需要 / a restore also needs:")
    for need in made["restore_needs"]:
        click.echo(f"  - {need}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
def restore_command(path: Path) -> None:
    """Restore a backup into an empty data directory (with the master key and server secret
    already in place); kept only if its chain verifies."""
    settings = Settings.from_environ()
    if settings.store != "sqlite":
        click.echo("PostgreSQL: use pg_restore for now / PostgreSQL 请暂用 pg_restore", err=True)
        sys.exit(2)
    try:
        manifest = restore(path, settings.database_path)
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
        for suffix in ("", "-wal", "-shm"):
            Path(f"{settings.database_path}{suffix}").unlink(missing_ok=True)
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
