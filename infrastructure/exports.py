"""Statistics exports (issue 21): XLSX (openpyxl) and CSV, from the tables the desk
prepared (published: suppressed; internal: exact). Words come from the caller, in the
reader's language; every text cell that a spreadsheet could take for a formula (beginning
with = + - @, a tab or a carriage return) is escaped with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl import Workbook

from application.statistics_queries import StatisticsExport
from application.suppression import Published

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SHEET_UNSAFE = re.compile(r"[\\/*?:\[\]]")  # not allowed in a sheet's name
SHEET_TITLE_MAX = 31


def escape_cell(value: object) -> object:
    """A text that a spreadsheet would run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Words:
    """The export's words, in the reader's language."""

    heading: str  # e.g. 复盘统计 2026年
    mark: str  # 不公开 (internal) or the published notice
    suppressed: str  # the mark of a suppressed cell
    footnote: str  # what the mark means
    total: str
    label: Callable[[str], str]  # a row or column key (theme, jurisdiction, month…)
    title: Callable[[str], str]  # a table's key
    summary: list[tuple[str, object]]  # internal only: (label, value)


def rows_of(export: StatisticsExport, words: Words) -> list[list[object]]:
    """Every line of the export, as cells (the same for CSV and XLSX)."""
    lines: list[list[object]] = [[words.heading], [words.mark], []]
    if export.summary is not None:
        lines += [[label, value] for label, value in words.summary]
        lines.append([])
    for table in export.tables:
        lines += table_rows(table, words)
        lines.append([])
    lines.append([words.footnote])
    return [[escape_cell(c) for c in line] for line in lines]


def table_rows(table: Published, words: Words) -> list[list[object]]:
    """A table with its totals row and column."""
    head: list[object] = [words.title(table.key)]
    head += [words.label(c) for c in table.columns] + [words.total]
    found = [head]
    names = [*table.rows, None]
    for name, cells in zip(names, table.cells, strict=True):
        label = words.total if name is None else words.label(name)
        found.append([label, *(words.suppressed if c is None else c for c in cells)])
    return found


def write_csv(export: StatisticsExport, words: Words) -> bytes:
    """UTF-8 with a byte-order mark (so that spreadsheets read the Chinese right)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in rows_of(export, words):
        writer.writerow(line)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(export: StatisticsExport, words: Words) -> bytes:
    """One sheet, the same lines as the CSV; numbers as numbers, texts as plain text."""
    return write_sheet(words.heading, rows_of(export, words))


def write_sheet(title: str, lines: list[list[object]]) -> bytes:
    """One sheet of these lines (escaped here too); numbers as numbers, texts as plain
    text, never a formula."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_UNSAFE.sub("-", title)[:SHEET_TITLE_MAX] or "fupan"
    for line in lines:
        sheet.append([escape_cell(c) for c in line])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
