"""``fupan reference import FILE.csv``: reference data (jurisdictions, schools) from a CSV
file, as the operator.

The file is UTF-8, with or without a byte-order mark; its first line names the columns:
``kind,code,label,parent,active`` (``parent`` and ``active`` may be left out). ``kind`` is
``jurisdiction`` or ``school``; a school's ``parent`` is its jurisdiction's code; ``active``
is ``1``/``0`` (or ``true``/``false``, ``是``/``否``; empty: 1). An entry already listed is
renamed or (de)activated as the row says. Refused rows are reported by line number, with
the reason, and the others imported; then the jurisdictions that reviews and accounts name
but the list lacks.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from application.reference_data import ImportRow
from web.app import desk
from web.cli_support import operator_id, refusals

COLUMNS = ("kind", "code", "label", "parent", "active")
REQUIRED = ("kind", "code")
TRUE = {"", "1", "true", "yes", "y", "是"}
FALSE = {"0", "false", "no", "n", "否"}


@click.group("reference")
def reference() -> None:
    """Reference data: jurisdictions, schools."""


@reference.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
@refusals
def import_file(path: Path) -> None:
    """Add, rename and (de)activate entries from a CSV file (kind,code,label,parent,active)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        click.echo(f"错误：文件不是 UTF-8 编码 / not UTF-8 (byte {e.start})", err=True)
        sys.exit(2)
    rows, refused = parse(text)
    if rows is None:
        for line, why in refused:
            click.echo(f"错误 第 {line} 行 / line {line}: {why}", err=True)
        sys.exit(2)
    report = desk(current_app).import_reference(rows, actor=operator_id())
    refused = sorted(refused + report.refused)
    click.echo(
        f"新增 added {report.added}, 改名 renamed {report.renamed}, "
        f"停用 deactivated {report.deactivated}, 启用 reactivated {report.reactivated}, "
        f"未变 unchanged {report.unchanged}, 拒绝 refused {len(refused)}"
    )
    for line, why in refused:
        click.echo(f"拒绝 第 {line} 行 / line {line}: {why}")
    if report.unlisted:
        click.echo("复盘或账户使用但名录中没有的属地 / jurisdictions in use but not listed:")
        for name in report.unlisted:
            click.echo(f"  {name}")
    if refused:
        sys.exit(1)


def parse(text: str) -> tuple[list[ImportRow] | None, list[tuple[int, str]]]:
    """The file's rows, and the lines refused before any reaches the desk (None: the
    header itself is wrong)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    unknown = [h for h in header if h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    if unknown or missing:
        why = f"the first line must name the columns {','.join(COLUMNS)}"
        return None, [(1, f"{why} (unknown: {unknown}, missing: {missing})")]
    rows: list[ImportRow] = []
    refused: list[tuple[int, str]] = []
    start = reader.line_num + 1
    for values in reader:
        line, start = start, reader.line_num + 1
        if not any(v.strip() for v in values):
            continue  # a blank line
        if len(values) != len(header):
            refused.append((line, f"{len(values)} values for {len(header)} columns"))
            continue
        cells = dict(zip(header, values, strict=True))
        active = cells.get("active", "").strip().lower()
        if active not in TRUE | FALSE:
            refused.append((line, f"active: {active!r} is not 1 or 0"))
            continue
        rows.append(
            ImportRow(
                line=line,
                kind=cells["kind"].strip(),
                code=cells["code"],
                label=cells.get("label", ""),
                parent=cells.get("parent", ""),
                active=active in TRUE,
            )
        )
    return rows, refused
