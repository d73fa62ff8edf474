"""The report: the four aspects, risk points, measures, their corrections (each with a
reason) and their follow-up."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from marshmallow import Schema, fields

from domain.errors import Reason
from domain.values import Aspect
from web.schemas.base import (
    LONG,
    FupanSchema,
    day,
    identifier,
    identifiers,
    nested,
    number,
    text,
    texts,
    version,
)


@dataclass(frozen=True)
class AspectInput:
    text: str
    expected_version: int | None = None
    expected_draft: int | None = None


class AspectText(FupanSchema[AspectInput]):
    """``PUT /aspects/{aspect}``: the text, and either ``expected_draft`` (this aspect
    unchanged since read) or ``expected_version`` (the whole review unchanged), not both."""

    result = AspectInput
    text = text(blank=True, max_length=LONG)
    expected_version = version()
    expected_draft = number(least=0)


@dataclass(frozen=True)
class AspectEntry:
    text: str
    draft: int | None = None


class AspectEntrySchema(FupanSchema[AspectEntry]):
    result = AspectEntry
    # Bounded, but looser than the domain's limit, so that the domain reports every aspect
    # refused in one submit (too long, blank) at once.
    text = text(blank=True, max_length=4 * LONG)
    draft = number(least=0)


# One optional entry per aspect of the domain (``aspects.<aspect>.text``, ``.draft``).
EveryAspect = FupanSchema.from_dict(
    {a.value: nested(AspectEntrySchema, required=False) for a in Aspect},
    name="EveryAspect",
)


@dataclass(frozen=True)
class AspectsInput:
    aspects: dict[str, AspectEntry] = field(default_factory=dict)


class AspectsForm(FupanSchema[AspectsInput]):
    """The review page saves the four aspects in one submit."""

    result = AspectsInput
    aspects = nested(EveryAspect)


@dataclass(frozen=True)
class RiskPointInput:
    description: str
    expected_version: int | None = None
    themes: list[str] = field(default_factory=list)


class RiskPoint(FupanSchema[RiskPointInput]):
    result = RiskPointInput
    description = text(max_length=LONG)
    expected_version = version()
    themes = texts(required=False)


@dataclass(frozen=True)
class ThemesInput:
    themes: list[str]
    expected_version: int | None = None


class Themes(FupanSchema[ThemesInput]):
    """A risk point's themes (one or more codes of the theme list)."""

    result = ThemesInput
    themes = texts()
    expected_version = version()


@dataclass(frozen=True)
class RiskPointRevision:
    description: str
    reason: str
    expected_version: int | None = None


class RiskPointPatch(FupanSchema[RiskPointRevision]):
    """``PATCH /risk-points/{rp}``: the corrected description and why."""

    result = RiskPointRevision
    description = text(max_length=LONG)
    reason = text(max_length=LONG)
    expected_version = version()


@dataclass(frozen=True)
class WithdrawalReason:
    reason: str
    expected_version: int | None = None


class Withdrawal(FupanSchema[WithdrawalReason]):
    """Taking a risk point or a measure out of the report: why."""

    result = WithdrawalReason
    reason = text(max_length=LONG)
    expected_version = version()


@dataclass(frozen=True)
class MeasureInput:
    description: str
    addresses: list[UUID]
    owner: str
    due_on: date
    expected_version: int | None = None


class Measure(FupanSchema[MeasureInput]):
    result = MeasureInput
    description = text(max_length=LONG)
    addresses = identifiers()
    owner = text()
    due_on = day()
    expected_version = version()


@dataclass(frozen=True)
class MeasureRevision:
    reason: str
    description: str | None = None
    addresses: list[UUID] | None = None
    owner: str | None = None
    due_on: date | None = None
    expected_version: int | None = None


class MeasurePatch(FupanSchema[MeasureRevision]):
    """``PATCH /measures/{mid}``: any of the proposal's fields, and why."""

    result = MeasureRevision
    description = text(required=False, max_length=LONG)
    addresses = identifiers(required=False)
    owner = text(required=False)
    due_on = day(required=False)
    reason = text(max_length=LONG)
    expected_version = version()


@dataclass(frozen=True)
class EvidenceInput:
    evidence: str


class Evidence(FupanSchema[EvidenceInput]):
    """``POST /measures/{measure_id}/taken``."""

    result = EvidenceInput
    evidence = text(max_length=LONG)


@dataclass(frozen=True)
class TakenInput:
    measure_id: UUID
    evidence: str


class MeasureTakenForm(FupanSchema[TakenInput]):
    """The page's form names the measure in the body."""

    result = TakenInput
    measure_id = identifier()
    evidence = text(max_length=LONG)


@dataclass(frozen=True)
class NoteInput:
    note: str


class Progress(FupanSchema[NoteInput]):
    """``POST /measures/{mid}/progress``."""

    result = NoteInput
    note = text(max_length=LONG)


@dataclass(frozen=True)
class UrgeInput:
    note: str = ""


class Urge(FupanSchema[UrgeInput]):
    """``POST /reviews/{id}/urge``: 催办, with an optional note."""

    result = UrgeInput
    note = text(required=False, max_length=LONG, blank=True)


@dataclass(frozen=True)
class ProgressInput:
    measure_id: UUID
    note: str


class MeasureProgressForm(FupanSchema[ProgressInput]):
    result = ProgressInput
    measure_id = identifier()
    note = text(max_length=LONG)


class RiskPointItemOut(Schema):
    id = fields.String()
    description = fields.String()
    version = fields.Integer(metadata={"description": "the review's event version after it"})


class MeasureItemOut(Schema):
    id = fields.String()
    description = fields.String()
    addresses = fields.List(fields.String())
    owner = fields.String()
    due_on = fields.String(metadata={"format": "date"})
    status = fields.String()
    progress = fields.List(fields.Dict())
    evidence = fields.String()
    taken_at = fields.String(allow_none=True)
    version = fields.Integer(metadata={"description": "the review's event version after it"})


@dataclass(frozen=True)
class OwnerAccountInput:
    measure_id: UUID
    account_id: UUID | None = None


class MeasureOwnerAccountForm(FupanSchema[OwnerAccountInput]):
    """``POST /reviews/{id}/measures/owner-account``: "" names nobody."""

    result = OwnerAccountInput
    measure_id = identifier()
    account_id = identifier(required=False)


@dataclass(frozen=True)
class OwnerAccountChoice:
    account: UUID | None = None


class OwnerAccount(FupanSchema[OwnerAccountChoice]):
    """``PUT /reviews/{id}/measures/{mid}/owner-account``: ``{"account": id or null}``."""

    result = OwnerAccountChoice
    account = fields.UUID(
        required=True,
        allow_none=True,
        error_messages={"invalid_uuid": Reason.NOT_AN_ID, "required": Reason.REQUIRED},
    )
