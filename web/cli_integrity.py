"""``fupan`` commands for inspectors and operators: checkpoints, verification, audit bundles."""

from __future__ import annotations

import json
import signal
import sys
import threading
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from infrastructure.integrity import audit, checkpoints
from infrastructure.integrity.auto_checkpoints import run_every
from infrastructure.integrity.full import check_full
from infrastructure.integrity.report import Report
from web.app import desk, server_keys, settings_of, verifications
from web.cli_support import progress_bar


@click.command("checkpoint")
@click.option(
    "--every",
    "seconds",
    type=click.FloatRange(min=1),
    help="Keep running: sign a checkpoint every SECONDS whenever events were written "
    "since the newest one (a timer, e.g. under systemd); stop with Ctrl-C or SIGTERM.",
)
@with_appcontext
def checkpoint(seconds: float | None) -> None:
    """Sign the chain's current head with the server's key; print the checkpoint."""
    app_desk = desk(current_app)
    if seconds is None:
        if not app_desk.store.max_notification_id():
            click.echo("历史为空，无可签署的检查点 / the history is empty: nothing to sign yet")
            return
        made = checkpoints.create(app_desk.store, server_keys(current_app), app_desk.clock.now())
        click.echo(json.dumps(made, indent=2))
        return
    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.set())
    click.echo(f"signing checkpoints every {seconds:g} s when the history grew; Ctrl-C stops")
    signed = run_every(
        app_desk.store,
        server_keys(current_app),
        app_desk.clock,
        seconds=seconds,
        stop=stop,
        report=lambda made: click.echo(
            f"checkpoint {made['position']} {made['head'][:16]}… {made['created_at']}"
        ),
    )
    click.echo(f"{signed} checkpoints signed; stopped")


@click.command("export-checkpoints")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_checkpoints(path: Path) -> None:
    """Write every checkpoint and the keys that verify them, to be held elsewhere."""
    held = audit.held_checkpoints(desk(current_app), server_keys(current_app))
    path.write_text(json.dumps(held, indent=2), "utf-8")
    click.echo(f"{len(held['checkpoints'])} checkpoints → {path}")


@click.command("verify")
@click.option("--json", "as_json", is_flag=True)
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Walk the whole history (by default: from the newest signed checkpoint on).",
)
@click.option(
    "--checkpoints",
    "held_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Checkpoints held elsewhere (from export-checkpoints).",
)
@click.option("--quiet", is_flag=True, help="No progress on standard error.")
@click.option(
    "--full",
    is_flag=True,
    help="Also: the list projections equal a replay of the events; every data key unwraps.",
)
@with_appcontext
def verify(
    as_json: bool, everything: bool, held_file: Path | None, quiet: bool, full: bool
) -> None:
    """Recompute the chain and check each link's MAC, contiguity, checkpoints, snapshots and
    signatures, from the newest signed checkpoint on (``--all``: everything); warn when the
    newest checkpoint is too old; progress on standard error; the run is recorded for the
    inspectors' page; exit 1 if altered."""
    shown = {"step": -1}

    def echo(done: int, total: int) -> None:
        step = done * 10 // total if total else 10
        if not quiet and step != shown["step"]:
            shown["step"] = step
            click.echo(f"  {done:,} / {total:,} events ({min(step * 10, 100)}%)", err=True)

    app_desk = desk(current_app)
    # On a terminal, a bar; elsewhere a line per tenth (unless --quiet).
    with progress_bar("校验 / verifying", not quiet and sys.stderr.isatty()) as bar:
        report = verifications(current_app).run(
            everything=everything,
            by=f"operator:{settings_of(current_app).operator}",
            held=_held(held_file),
            echo=bar or echo,
            also=(lambda found: check_full(app_desk, found)) if full else None,
        )
    _report(report, as_json)


@click.command("export-audit-bundle")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_audit_bundle(path: Path) -> None:
    """Write a self-contained audit bundle that verifies offline, with no key."""
    app_desk = desk(current_app)
    manifest = audit.export_bundle(app_desk, server_keys(current_app), path, app_desk.clock.now())
    keys = server_keys(current_app).public_keys()
    click.echo(f"{manifest['events']} events → {path}")
    for key in keys:
        click.echo(f"signing key {key['key_id']} fingerprint {key['fingerprint']}")


@click.command("verify-bundle")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--public-key", "pinned", help="Expected signing key fingerprint.")
@click.option(
    "--checkpoints",
    "held_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Checkpoints held elsewhere.",
)
@click.option("--json", "as_json", is_flag=True)
def verify_bundle(path: Path, pinned: str | None, held_file: Path | None, as_json: bool) -> None:
    """Verify an audit bundle with no database and no secret key."""
    _report(audit.verify_bundle(path, pinned_fingerprint=pinned, held=_held(held_file)), as_json)


def _held(path: Path | None) -> dict[str, Any] | None:
    return json.loads(path.read_text("utf-8")) if path else None


def _report(report: Report, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
    else:
        state = "完整 / intact" if report.ok else "已被篡改 / ALTERED"
        scope = (
            f" since checkpoint {report.from_position}"
            if report.scope == "since_checkpoint"
            else ""
        )
        click.echo(
            f"{state}: {report.events} events{scope} in {report.streams} streams, "
            f"head {report.head_position} {report.head[:16]}…, "
            f"{report.checkpoints} checkpoints, {report.snapshots} snapshots"
        )
        carried = (
            "links authenticated by the server's key"
            if report.macs_checked
            else "links carry a MAC (checked on the server only)"
        )
        click.echo(
            f"{report.authenticated_links} {carried}, "
            f"{report.unauthenticated_links} older links without a MAC"
        )
        for p in report.problems:
            where = f"position {p.position}" if p.position is not None else p.stream or ""
            if p.version is not None:
                where += f" ({p.stream} v{p.version})"
            click.echo(f"  [{p.problem}] {where}: {p.detail}")
        for w in report.warnings:
            click.echo(f"警告 / WARNING [{w['warning']}]: {w['detail']}")
        valid = sum(1 for s in report.signatures if s["valid"])
        click.echo(f"{len(report.signatures)} signatures and seals, {valid} valid")
        for s in report.signatures:
            state = "有效 / valid" if s["valid"] else "无效 / INVALID"
            click.echo(
                f"  {s['signed_at'][:19]} {s['slot']:<24} {s['signer'][:8]} "
                f"key {s['fingerprint'][:16] or s['key_id']} {state}; {_provenance(s['key'])}"
            )
    sys.exit(0 if report.ok else 1)


def _provenance(key: dict[str, Any] | None) -> str:
    """Where the key came from, in one line."""
    if key is None:
        return "unknown key"
    if key["provenance"] == "enrolment" and key["reissued"]:
        said = (
            f"re-issued {key['issued_at'][:16]} after a reset asked by {key['requested_by'][:8]},"
            f" approved by {(key['approved_by'] or 'the operator')[:8]}"
        )
    elif key["provenance"] == "enrolment":
        said = f"enrolled by the holder {key['issued_at'][:16]}"
    else:
        said = f"issued with the account {key['issued_at'][:16]} by {key['issued_by'][:8]}"
    return said + (f"; revoked {key['revoked_at'][:16]}" if key["revoked_at"] else "")
