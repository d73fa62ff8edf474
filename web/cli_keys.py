"""``fupan`` commands for keys and erasure: operators' acts, each re-confirmed."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from infrastructure.crypto import suite
from infrastructure.crypto.master import MasterKeyring
from infrastructure.crypto.rotation import rotate, suites_in_use
from infrastructure.integrity.link_keys import LinkAuthenticator
from web.app import desk, services
from web.cli_support import operator_id, print_json, progress_bar, refusals, review_id_arg


@click.group("keys")
def keys() -> None:
    """Master keys."""


@keys.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def create(path: Path) -> None:
    """Write a new master key file (mode 0600) for FUPAN_MASTER_KEY_FILE."""
    if path.exists():
        click.echo(f"{path} exists; not overwritten", err=True)
        sys.exit(1)
    keyring = MasterKeyring.create_file(path)
    click.echo(f"master key {keyring.active.id} → {path}")


@keys.command("rotate")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option(
    "--suite",
    "to_suite",
    type=click.Choice(["standard", "sm"]),
    default=None,
    help="Move the store to this crypto suite too: new keys, links and signatures use it; "
    "nothing stored is rewritten (decision 27).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress on standard error (by default: when it is a terminal).",
)
@with_appcontext
def rotate_keys(yes: bool, progress: bool | None, to_suite: str | None) -> None:
    """Rewrap every data key, server key and PDF key with a new master key; no event is
    rewritten. With --suite, move the store to that crypto suite as well."""
    keyring = services().keyring
    if not yes:
        click.confirm(f"Rotate master key {keyring.active.id} ({keyring.source})?", abort=True)
    store = desk(current_app).store
    target = suite.by_choice(to_suite) if to_suite else None
    with progress_bar("重新封装数据密钥 / rewrapping data keys", progress) as bar:
        result = rotate(store, keyring, bar, to_suite=target)
    signer = getattr(store, "link_signer", None)
    if isinstance(signer, LinkAuthenticator):
        signer.reset()  # this process's next links use the newest server key
    click.echo(
        f"master key {result.new_key_id} now wraps {result.data_keys} data keys and "
        f"{result.server_keys} server keys and {result.document_keys} PDF keys; "
        f"{', '.join(result.old_key_ids)} retired"
    )
    if result.new_server_key:
        click.echo(
            f"密码套件 / crypto suite: {result.suite} from now on (server key "
            f"{result.new_server_key}); restart the server processes so that they use it, "
            "and run `fupan pdf-ca init --new` for a PDF CA of this suite"
        )


@keys.command("suites")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@with_appcontext
def suites(as_json: bool) -> None:
    """The store's crypto suite now, and how many keys, links and checkpoints of each suite
    it holds (decision 27)."""
    found = suites_in_use(desk(current_app).store, services().server_keys)
    if as_json:
        print_json(found)
        return
    now = found["current"]
    click.echo(
        f"密码套件 / crypto suite: {now['suite']} ({now['stored_as']}): {now['cipher']}, "
        f"{now['hash']}, {now['signature']}"
    )
    for kind, counts in found["records"].items():
        listed = ", ".join(f"{name} {count}" for name, count in counts.items()) or "none"
        click.echo(f"  {kind}: {listed}")


@click.command("erase-personal-data")
@click.argument("review_id")
@click.option("--reason", required=True, help="The legal basis and the request.")
@click.option("--confirm", "confirmation", help="The review id again (asked for when absent).")
@with_appcontext
@refusals
def erase_personal_data(review_id: str, reason: str, confirmation: str | None) -> None:
    """Destroy a review's data key: its personal data becomes unreadable, for ever."""
    app_desk = desk(current_app)
    target = review_id_arg(review_id)
    view = app_desk.get_review(target)
    answer = confirmation or click.prompt(
        f"这将永久销毁复盘 {target}（{view['incident']['school']}）的个人数据。\n"
        "This destroys the personal data of this review for ever. Type its id to confirm"
    )
    if answer.strip() != str(target):
        click.echo("未确认，未做任何更改 / not confirmed; nothing changed", err=True)
        sys.exit(1)
    app_desk.erase_personal_data(target, reason=reason, actor=operator_id())
    click.echo(f"已擦除 / erased: {target}")
