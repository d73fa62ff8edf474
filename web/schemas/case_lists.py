"""The lists city-wide case officers keep: themes and the expert pool."""

from __future__ import annotations

from dataclasses import dataclass

from application.workspace.case_lists import CASE_KINDS
from web.schemas.base import FupanSchema, choice, text


@dataclass(frozen=True)
class CaseEntryInput:
    kind: str
    code: str
    label: str = ""


class CaseEntryForm(FupanSchema[CaseEntryInput]):
    """Add a theme or an expert: its kind, code (what reviews hold) and label."""

    result = CaseEntryInput
    kind = choice(list(CASE_KINDS))
    code = text(max_length=100)
    label = text(required=False)
