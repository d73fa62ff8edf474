"""The statistics page's year and its export's choices."""

from __future__ import annotations

from dataclasses import dataclass

from web.schemas.base import FupanSchema, choice, flag, number

FORMATS = ["xlsx", "csv"]


@dataclass(frozen=True)
class YearInput:
    year: int | None = None


class YearQuery(FupanSchema[YearInput]):
    """``?year=2026`` (by incident date; this year by default)."""

    result = YearInput
    year = number(least=2000, most=2100)


@dataclass(frozen=True)
class ExportInput:
    format: str
    year: int | None = None
    internal: bool = False


class ExportForm(FupanSchema[ExportInput]):
    """Published (suppressed) by default; ``internal``: exact counts, recorded."""

    result = ExportInput
    format = choice(FORMATS)
    year = number(least=2000, most=2100)
    internal = flag()
