"""``fupan migrate``: the steps that bring a store written by an earlier release up to date
by writing events (never by changing stored ones). Each step is idempotent: running
``migrate`` again does nothing more."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from web.app import desk


@click.command("migrate")
@with_appcontext
def migrate() -> None:
    """Bring the store up to date: give reviews registered before reference numbers
    existed theirs (复盘-YYYY-NNNN, in registration order)."""
    the_desk = desk(current_app)
    total = sum(1 for row in the_desk.index.select_review_index() if not row.reference)

    def progress(done: int) -> None:
        if done % 100 == 0 or done == total:
            click.echo(f"编号 / numbering: {done}/{total}", err=True)

    numbered = the_desk.number_unnumbered_reviews(progress=progress)
    click.echo(f"已编号 {numbered} 个复盘 / numbered {numbered} reviews")
