"""Checklist rounds (issue 23): issuing a round, recording an item, the matrix's filter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.checklist_round import MAX_JURISDICTIONS
from domain.round_progress import ItemStatus
from web.schemas.base import LONG, FupanSchema, choice, day, number, text, texts, version


@dataclass(frozen=True)
class IssueInput:
    template: str
    title: str
    starts_on: date
    ends_on: date
    jurisdictions: list[str]


class IssueForm(FupanSchema[IssueInput]):
    """``POST /checklists/new``: a template's items issued to jurisdictions, with the
    round's first and last day."""

    result = IssueInput
    template = text(max_length=100)
    title = text()
    starts_on = day()
    ends_on = day()
    jurisdictions = texts(most=MAX_JURISDICTIONS)


@dataclass(frozen=True)
class ItemInput:
    status: str
    note: str = ""
    reason: str = ""
    expected_version: int | None = None


class ItemForm(FupanSchema[ItemInput]):
    """``POST /checklists/{round}/{jurisdiction}/items/{n}``: the item's status, a note,
    and the reason when it does not apply; the column's version the form was read at."""

    result = ItemInput
    status = choice([s.value for s in ItemStatus])
    note = text(required=False, blank=True, max_length=LONG)
    reason = text(required=False, blank=True, max_length=LONG)
    expected_version = version()


@dataclass(frozen=True)
class MatrixQuery:
    category: str = ""


class MatrixFilter(FupanSchema[MatrixQuery]):
    """``GET /checklists/{round}?category=…``"""

    result = MatrixQuery
    category = text(required=False, blank=True)


@dataclass(frozen=True)
class ReportQuery:
    submission: int | None = None


class ReportRequest(FupanSchema[ReportQuery]):
    """``GET …/report.pdf?submission=N`` (the latest by default)."""

    result = ReportQuery
    submission = number(least=1)


@dataclass(frozen=True)
class TemplateInput:
    code: str
    title: str
    expected_version: int | None = None


class TemplateForm(FupanSchema[TemplateInput]):
    """``POST /checklists/templates`` (multipart, with ``file``: the items as a sheet): a
    new template's code, or an existing one's with the version it was downloaded at."""

    result = TemplateInput
    code = text(max_length=100)
    title = text()
    expected_version = version()
