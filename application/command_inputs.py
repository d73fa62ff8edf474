"""Checks of a command's raw input that several use cases share: a student, a flag, a list
of ids; and the refusal of a step that needs the report out for signature."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain import validation as v
from domain.errors import Code, InvalidTransition, InvalidValue, Reason
from domain.values import Gender, Student


def not_awaiting() -> InvalidTransition:
    return InvalidTransition(Code.NOT_AWAITING_SIGNATURES, "the report is not out for signature")


def student_of(data: dict[str, Any]) -> Student:
    if not isinstance(data, dict):
        raise InvalidValue("student", Reason.NOT_AN_OBJECT)
    return Student(
        name=v.text("student.name", data.get("name")),
        gender=v.choice("student.gender", data.get("gender", "unspecified"), Gender),
        grade_class=v.text("student.grade_class", data.get("grade_class", ""), required=False),
        id_number=v.id_number("student.id_number", data.get("id_number", "")),
    )


def flag(field: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidValue(field, Reason.NOT_A_BOOLEAN)


def ids(field: str, values: list[UUID]) -> list[UUID]:
    if not isinstance(values, (list, tuple)):
        raise InvalidValue(field, Reason.NOT_A_LIST)
    return [v.an_id(field, x) for x in values]
