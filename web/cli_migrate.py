"""``fupan migrate``: the steps that bring a store written by an earlier release up to date
by writing events (never by changing stored ones). Each step is idempotent: running
``migrate`` again does nothing more."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from web.app import desk
from web.cli_support import operator_id, progress_bar


@click.command("migrate")
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show progress on standard error (default: when it is a terminal).",
)
@with_appcontext
def migrate(progress: bool | None) -> None:
    """Bring the store up to date: give reviews registered before reference numbers
    existed theirs (复盘-YYYY-NNNN, in registration order)."""
    the_desk = desk(current_app)
    total = sum(1 for row in the_desk.index.select_review_index() if not row.reference)
    with progress_bar("编号 / numbering", progress) as bar:
        numbered = the_desk.number_unnumbered_reviews(
            progress=(lambda done: bar(done, total)) if bar is not None else None
        )
    click.echo(f"已编号 {numbered} 个复盘 / numbered {numbered} reviews")
    added = the_desk.ensure_shipped_templates(actor=operator_id())
    click.echo(f"清单模板 / checklist templates: {added} added")
