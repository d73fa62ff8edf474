"""Input checks shared by the aggregates; each failure names the field and the reason."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import TypeVar
from uuid import UUID

from domain.errors import InvalidValue, Reason

E = TypeVar("E", bound=Enum)

SHORT = 200
LONG = 20_000
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Never legitimate in a report: control characters (C0 but tab, newline and carriage
# return; C1), lone surrogates (not text at all), and the bidirectional overrides and
# isolates that make text read differently from what it stores.
UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]"
)


def text(field: str, value: object, *, max_len: int = SHORT, required: bool = True) -> str:
    """A trimmed string within ``max_len`` characters, non-blank when required."""
    if not isinstance(value, str):
        raise InvalidValue(field, Reason.NOT_TEXT)
    value = value.strip()
    if required and not value:
        raise InvalidValue(field, Reason.REQUIRED)
    if len(value) > max_len:
        raise InvalidValue(
            field, Reason.TOO_LONG, f"{field}: longer than {max_len} characters", limit=max_len
        )
    if UNPRINTABLE.search(value):
        raise InvalidValue(field, Reason.CONTROL_CHARACTERS)
    return value


def choice(field: str, value: object, enum: type[E]) -> E:
    """An enum member, from itself or from its value."""
    if isinstance(value, enum):
        return value
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(str(m.value) for m in enum)
        raise InvalidValue(field, Reason.NOT_ALLOWED, f"{field}: one of {allowed}") from None


def a_date(field: str, value: object) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidValue(field, Reason.NOT_A_DATE)


def an_id(field: str, value: object) -> UUID:
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except ValueError:
        raise InvalidValue(field, Reason.NOT_AN_ID) from None


def id_number(field: str, value: object) -> str:
    """A PRC resident identity number (18 characters, valid check digit), or empty."""
    number = text(field, value, max_len=18, required=False).upper()
    if not number:
        return number
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise InvalidValue(field, Reason.ID_NUMBER_FORMAT)
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    if _ID_CHECK[total % 11] != number[17]:
        raise InvalidValue(field, Reason.ID_NUMBER_CHECK_DIGIT)
    return number


def id_check_digit(first17: str) -> str:
    """The check digit for 17 digits (used to make synthetic demo numbers)."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]
