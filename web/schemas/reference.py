"""Reference data (jurisdictions, schools) on the administration page, and the people
search."""

from __future__ import annotations

from dataclasses import dataclass

from marshmallow import Schema, fields

from domain.reference import ReferenceKind
from web.schemas.base import FupanSchema, choice, text

# The kinds administrators keep (themes and the expert pool are city-wide officers').
KINDS = [
    k.value
    for k in ReferenceKind
    if k not in (ReferenceKind.THEME, ReferenceKind.EXPERT, ReferenceKind.CHECKLIST_TEMPLATE)
]


@dataclass(frozen=True)
class EntryInput:
    kind: str
    code: str
    label: str = ""
    parent: str = ""


class EntryForm(FupanSchema[EntryInput]):
    """Add an entry: its kind, code (what reviews hold), label and parent (a school's
    jurisdiction)."""

    result = EntryInput
    kind = choice(KINDS)
    code = text(max_length=100)
    label = text(required=False)
    parent = text(required=False, max_length=100)


@dataclass(frozen=True)
class LabelInput:
    label: str


class LabelForm(FupanSchema[LabelInput]):
    result = LabelInput
    label = text()


@dataclass(frozen=True)
class UnitInput:
    unit: str = ""


class UnitForm(FupanSchema[UnitInput]):
    """The unit (单位) an account holder works for; empty clears it."""

    result = UnitInput
    unit = text(required=False)


@dataclass(frozen=True)
class PeopleQuery:
    q: str = ""


class PeopleSearch(FupanSchema[PeopleQuery]):
    """Part of a person's name or unit."""

    result = PeopleQuery
    q = text(required=False, max_length=100)


class FoundPersonOut(Schema):
    """What the people search shows of an account."""

    account_id = fields.String(metadata={"description": "the account's id"})
    display_name = fields.String()
    unit = fields.String()


class PeopleOut(Schema):
    """At most 20 accounts."""

    people = fields.List(fields.Nested(FoundPersonOut))
