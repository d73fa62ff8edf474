"""The report: the four aspects, risk points, measures and their follow-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from domain.values import Aspect
from web.schemas.base import LONG, FupanSchema, choice, day, identifier, identifiers, text, version


@dataclass(frozen=True)
class AspectInput:
    text: str
    aspect: str = ""
    expected_version: int | None = None


class AspectText(FupanSchema[AspectInput]):
    """``PUT /aspects/{aspect}``; blank text is the domain's to judge."""

    result = AspectInput
    text = text(blank=True, max_length=LONG)
    expected_version = version()


class AspectForm(AspectText):
    """The page's form names the aspect in the body."""

    aspect = choice([a.value for a in Aspect])


@dataclass(frozen=True)
class RiskPointInput:
    description: str
    expected_version: int | None = None


class RiskPoint(FupanSchema[RiskPointInput]):
    result = RiskPointInput
    description = text(max_length=LONG)
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
class ProgressInput:
    measure_id: UUID
    note: str


class MeasureProgressForm(FupanSchema[ProgressInput]):
    result = ProgressInput
    measure_id = identifier()
    note = text(max_length=LONG)
