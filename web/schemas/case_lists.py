"""The lists city-wide case officers keep: themes and the expert pool."""

from __future__ import annotations

import re
from dataclasses import dataclass

from application.workspace.case_lists import CASE_KINDS
from web.schemas.base import FupanSchema, choice, text, texts


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


@dataclass(frozen=True)
class ExpertInput:
    specialities: str
    jurisdictions: list[str]
    unit: str = ""
    account: str = ""
    code: str = ""
    name: str = ""

    def speciality_list(self) -> list[str]:
        """The specialities typed, separated by 、 , ， ; or spaces."""
        return [x for x in re.split(r"[、,，;；\s]+", self.specialities) if x]


class ExpertDetailsForm(FupanSchema[ExpertInput]):
    """A pool member's details: unit, specialities (精神卫生、心理咨询、法律…), the
    jurisdictions served (``*``: the whole city) and their account's username, if any."""

    result = ExpertInput
    unit = text(required=False)
    specialities = text()
    jurisdictions = texts(most=50)
    account = text(required=False, max_length=64)


class ExpertForm(ExpertDetailsForm):
    """Add a member to the expert pool: a code and the expert's name, with the details."""

    code = text(max_length=100)
    name = text()
