"""``fupan stats --year 2026 --format xlsx|csv [--internal] --output FILE``: the city's
review statistics of one year (issue 21), as the operator, with every jurisdiction.

Published by default: no names, identity numbers or schools, counts below
``FUPAN_STATS_THRESHOLD`` (5) suppressed with complementary suppression (decision 26).
``--internal``: exact counts, marked 不公开, and the export is recorded as an access.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale

from application.policy import Sight
from infrastructure.exports import write_csv, write_xlsx
from web.app import desk
from web.cli_support import operator_id, refusals
from web.stat_words import export_words


@click.command("stats")
@click.option("--year", type=int, default=None, help="the incidents' year (default: this year)")
@click.option(
    "--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True
)
@click.option("--internal", is_flag=True, help="exact counts, 不公开, recorded as an access")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="the file to write",
)
@click.option("--language", type=click.Choice(["zh_CN", "en"]), default="zh_CN")
@with_appcontext
@refusals
def stats(year: int | None, fmt: str, internal: bool, output: Path, language: str) -> None:
    """Export the review statistics of one year (published, or --internal)."""
    the_desk = desk(current_app)
    found = the_desk.statistics_export(
        sight=Sight(everything=True), year=year, internal=internal, actor=operator_id()
    )
    labels = {r.code: r.label for r in the_desk.reference_entries("theme")}
    with current_app.test_request_context(), force_locale(language):
        words = export_words(found, labels)
        body = write_xlsx(found, words) if fmt == "xlsx" else write_csv(found, words)
    output.write_bytes(body)
    output.chmod(0o600)
    kind = "内部 internal（已记录 recorded）" if internal else "公开 published"
    click.echo(f"{output}: {found.year} {kind}, {len(found.tables)} 表 tables, {len(body)} bytes")
