"""A checklist template as a spreadsheet (issue 23): city-wide officers download a template,
change it in the spreadsheet program they use every day, and upload it as a new version.

One sheet; a header row (序号, 类别, 工作任务, 时间要求, 实施层级, 取自复盘), then one row per
item. As in the notice, a blank category or deadline continues the one above (merged
cells). The file is judged by its content first (an XLSX without macros, of bounded size
unpacked: ``domain.files``); anything openpyxl cannot read is refused naming ``file``.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from domain import files
from domain.checklist import MAX_ITEMS, ChecklistTemplate, Level
from domain.errors import InvalidValue, Reason
from infrastructure.exports import write_sheet

HEADER = ("序号", "类别", "工作任务", "时间要求", "实施层级", "取自复盘")
LEVEL_WORDS = {Level.COUNTY: "县（市、区）", Level.SCHOOL: "学校"}
LEVEL_INPUT = {
    **{word: level for level, word in LEVEL_WORDS.items()},
    **{level.value: level for level in Level},
    "县": Level.COUNTY,
    "县区": Level.COUNTY,
    "县（市、区）、功能区": Level.COUNTY,
}
YES = {"是", "yes", "true", "1", "√", "✓"}


def template_sheet(template: ChecklistTemplate) -> bytes:
    """The template's items as an XLSX to change and upload again."""
    lines: list[list[object]] = [list(HEADER)]
    for i in template.items:
        lines.append(
            [
                i.number,
                i.category,
                i.task,
                i.deadline.text,
                LEVEL_WORDS[i.level],
                "是" if i.reviews else "",
            ]
        )
    return write_sheet(template.title, lines)


def read_template_sheet(content: bytes) -> list[dict[str, Any]]:
    """The items of an uploaded sheet, as ``checklist_details`` takes them (which then
    checks each, naming ``items.N.field``)."""
    if files.media_type(content) != files.XLSX:
        raise InvalidValue("file", Reason.FILE_TYPE, "not an XLSX file")
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True, max_col=len(HEADER))]
        book.close()
    except Exception:
        raise InvalidValue("file", Reason.INVALID, "not a sheet fupan can read") from None
    start = next(
        (n for n, r in enumerate(rows) if r and str(r[0] or "").strip() in {"序号", "No."}),
        None,
    )
    if start is None:
        raise InvalidValue("file", Reason.INVALID, "no header row (序号 …)")
    items: list[dict[str, Any]] = []
    category = deadline = ""
    for row in rows[start + 1 :]:
        cells = [_text(c) for c in row] + [""] * (len(HEADER) - len(row))
        if not any(cells):
            continue
        if len(items) >= MAX_ITEMS:
            raise InvalidValue("items", Reason.OUT_OF_RANGE, limit=MAX_ITEMS)
        number, named, task, when, level, reviews = cells[: len(HEADER)]
        category, deadline = named or category, when or deadline
        items.append(
            {
                "number": int(number) if number.isdigit() else number,
                "category": category,
                "task": task,
                "deadline": deadline,
                "level": _level(level),
                "reviews": reviews.lower() in YES,
            }
        )
    if not items:
        raise InvalidValue("items", Reason.REQUIRED)
    return items


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _level(text: str) -> str:
    found = LEVEL_INPUT.get(text)
    return found.value if found is not None else text  # refused later, naming the item
