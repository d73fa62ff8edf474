"""``fupan accounts``: opening and disabling accounts from the server, approving requests as
the second person, and ``fupan serve``."""

from __future__ import annotations

import os
import sys
from uuid import UUID

import click
from flask import current_app
from flask.cli import with_appcontext

from application.accounts import account_id_for
from domain.errors import InvalidValue, Reason
from web.app import desk, settings_of
from web.cli_support import operator_id, refusals


@click.group("accounts")
def accounts() -> None:
    """User accounts."""


@accounts.command("create")
@click.argument("username")
@click.option(
    "--role",
    required=True,
    help="case_officer, investigator, signatory, inspector or administrator",
)
@click.option("--name", "display_name", help="Display name (defaults to the username).")
@click.option("--jurisdiction", "jurisdictions", multiple=True, help="For case officers.")
@click.option("--city", is_flag=True, help="A case officer for the whole city.")
@click.option("--unit", default="", help="The unit (单位) the holder works for.")
@click.option(
    "--password-stdin", is_flag=True, required=True, help="Read the password from standard input."
)
@with_appcontext
@refusals
def create(
    username: str,
    *,
    role: str,
    display_name: str | None,
    jurisdictions: tuple[str, ...],
    city: bool,
    unit: str,
    password_stdin: bool,
) -> None:
    """Open an account; the password is read from standard input."""
    del password_stdin
    password = sys.stdin.readline().rstrip("\n")
    account_id = desk(current_app).create_account(
        username=username,
        display_name=display_name or username,
        role=role,
        password=password,
        jurisdictions=list(jurisdictions),
        city_wide=city,
        unit=unit,
        actor=operator_id(),
    )
    click.echo(f"{username} {account_id}")


@accounts.command("disable")
@click.argument("username")
@with_appcontext
@refusals
def disable(username: str) -> None:
    """Disable an account; its sessions and API tokens end at once."""
    desk().disable_account(account_id_for(username), actor=operator_id())
    click.echo(f"{username} disabled")


@accounts.command("list")
@with_appcontext
def list_accounts() -> None:
    """Every account with its role and scope."""
    for a in desk(current_app).list_accounts():
        scope = "city" if a["city_wide"] else ",".join(a["jurisdictions"]) or "-"
        state = "disabled" if a["disabled"] else "active"
        click.echo(f"{a['username']:<24} {a['role']:<14} {scope:<20} {state}")


@accounts.command("requests")
@click.option("--all", "everything", is_flag=True, help="Also approved, withdrawn and lapsed.")
@with_appcontext
def list_requests(everything: bool) -> None:
    """Requests to open an account, change its access or reset its password."""
    names = {a["id"]: a["username"] for a in desk(current_app).list_accounts()}
    for r in desk(current_app).account_requests():
        if r["status"] != "pending" and not everything:
            continue
        asked = names.get(r["requested_by"], r["requested_by"])
        click.echo(
            f"{r['id']}  {r['kind']:<15} {r['username']:<20} {r['role'] or '-':<14} "
            f"{r['status']:<9} by {asked}, until {r['expires_at'][:16]}"
        )


@accounts.command("approve")
@click.argument("request_id")
@with_appcontext
@refusals
def approve(request_id: str) -> None:
    """Approve a pending request as the second person, recorded as the named operator
    (FUPAN_OPERATOR). An enrolment code, when there is one, is printed once: hand it to
    the holder in person."""
    try:
        rid = UUID(request_id)
    except ValueError:
        raise InvalidValue("REQUEST_ID", Reason.NOT_AN_ID) from None
    done = desk(current_app).approve_request(rid, actor=operator_id())
    click.echo(f"approved: {done.kind} {done.account_id}")
    if done.code:
        click.echo(f"enrolment code (valid 72 hours, shown once): {done.code}")


@click.command("serve")
@click.option("--host", help="Address to listen on [default: FUPAN_BIND's, 127.0.0.1].")
@click.option("--port", type=click.IntRange(1, 65535), help="Port [default: FUPAN_BIND's, 8000].")
@click.option(
    "--workers", type=click.IntRange(1, 32), help="Worker processes [default: FUPAN_WORKERS, 2]."
)
@with_appcontext
def serve(host: str | None, port: int | None, workers: int | None) -> None:
    """Serve the web application with gunicorn."""
    settings = settings_of(current_app)
    bind_host, _, bind_port = settings.bind.rpartition(":")
    host = host or bind_host
    port = port or int(bind_port)
    click.echo(f"fupan: http://{host}:{port}/ (mode: {settings.mode})")
    # No --preload: each worker opens its own store connections (SQLite cannot share them).
    # gunicorn is run by this interpreter, so that an installed fupan serves with the
    # gunicorn beside it, wherever its scripts are.
    os.execv(  # noqa: S606 - gunicorn replaces this process, with fixed arguments
        sys.executable,
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "python:web.gunicorn_conf",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers or settings.workers),
            "web:create_app()",
        ],
    )
