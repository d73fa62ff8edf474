"""Reviews: registering an incident, filters and moments, and how a review is shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast
from uuid import UUID

from werkzeug.datastructures import MultiDict

from domain.values import Category, Gender
from web.schemas.base import (
    LONG,
    FupanSchema,
    choice,
    day,
    flag,
    identifier,
    moment,
    nested,
    number,
    text,
    version,
)


@dataclass(frozen=True)
class StudentInput:
    name: str
    gender: str = Gender.UNSPECIFIED.value
    grade: str = ""
    id_number: str = ""

    def facts(self) -> dict[str, Any]:
        """As the application takes them."""
        return {
            "name": self.name,
            "gender": self.gender,
            "grade_class": self.grade,
            "id_number": self.id_number,
        }


class Student(FupanSchema[StudentInput]):
    result = StudentInput
    name = text()
    gender = choice([g.value for g in Gender], required=False)
    grade = text(required=False)
    id_number = text(required=False, max_length=18)


@dataclass(frozen=True)
class IncidentInput:
    occurred_on: date
    school: str
    jurisdiction: str
    category: str
    student: StudentInput
    on_premises: bool = False


class Incident(FupanSchema[IncidentInput]):
    """The incident's facts; the registration page posts these names (``student.name``)."""

    result = IncidentInput
    occurred_on = day()
    school = text()
    jurisdiction = text()
    category = choice([c.value for c in Category])
    on_premises = flag()
    student = nested(Student)


@dataclass(frozen=True)
class NewReviewInput:
    incident: IncidentInput
    confirm_duplicate: bool = False


class NewReview(FupanSchema[NewReviewInput]):
    """``POST /api/v1/reviews``; ``confirm_duplicate`` registers even when a review of the
    same school, incident date and student exists."""

    result = NewReviewInput
    incident = nested(Incident)
    confirm_duplicate = flag()


@dataclass(frozen=True)
class RegistrationInput(IncidentInput):
    confirm_duplicate: bool = False


class RegistrationForm(Incident, FupanSchema[RegistrationInput]):
    """The registration page: the incident's facts, and the confirmation asked for when a
    possible duplicate was found."""

    result = RegistrationInput
    confirm_duplicate = flag()

    def load_form(self, form: MultiDict[str, str]) -> RegistrationInput:
        return cast(RegistrationInput, super().load_form(form))


@dataclass(frozen=True)
class StudentChanges:
    name: str | None = None
    gender: str | None = None
    grade: str | None = None
    id_number: str | None = None

    def facts(self) -> dict[str, Any]:
        """Only the given facts, as the application takes them."""
        given = {
            "name": self.name,
            "gender": self.gender,
            "grade_class": self.grade,
            "id_number": self.id_number,
        }
        return {k: v for k, v in given.items() if v is not None}


class StudentPatch(FupanSchema[StudentChanges]):
    result = StudentChanges
    name = text(required=False)
    gender = choice([g.value for g in Gender], required=False)
    grade = text(required=False)
    id_number = text(required=False, max_length=18)


@dataclass(frozen=True)
class IncidentCorrection:
    reason: str
    occurred_on: date | None = None
    school: str | None = None
    jurisdiction: str | None = None
    category: str | None = None
    on_premises: bool | None = None
    student: StudentChanges | None = None
    expected_version: int | None = None


class IncidentPatch(FupanSchema[IncidentCorrection]):
    """``PATCH /reviews/{id}/incident``: any of the incident's facts, and why."""

    result = IncidentCorrection
    occurred_on = day(required=False)
    school = text(required=False)
    jurisdiction = text(required=False)
    category = choice([c.value for c in Category], required=False)
    on_premises = flag(default=None)
    student = nested(StudentPatch, required=False)
    reason = text(max_length=LONG)
    expected_version = version()


@dataclass(frozen=True)
class WithdrawalRequest:
    reason: str = ""
    duplicate_of: UUID | None = None
    expected_version: int | None = None


class WithdrawRegistration(FupanSchema[WithdrawalRequest]):
    """``POST /reviews/{id}/withdraw``: why (10 characters at least), or the review this
    one duplicates."""

    result = WithdrawalRequest
    reason = text(required=False, max_length=LONG)
    duplicate_of = identifier(required=False)
    expected_version = version()


@dataclass(frozen=True)
class Disclosure:
    reveal: str | None = None

    @property
    def personal_data(self) -> bool:
        return self.reveal == "personal_data"


class Reveal(FupanSchema[Disclosure]):
    """``reveal=personal_data``: the student's name and ID number unmasked (recorded)."""

    result = Disclosure
    reveal = choice(["personal_data"], required=False)


@dataclass(frozen=True)
class ReportRequest(Disclosure):
    revision: int | None = None


class ReportQuery(FupanSchema[ReportRequest]):
    """The report PDF: ``revision=N`` (the newest sent for signature when absent) and
    ``reveal=personal_data`` (the student unmasked, recorded)."""

    result = ReportRequest
    reveal = choice(["personal_data"], required=False)
    revision = number(least=1, most=1_000_000)


@dataclass(frozen=True)
class Moment(Disclosure):
    as_of: datetime | None = None


class AsOf(Reveal, FupanSchema[Moment]):
    result = Moment
    as_of = moment()


@dataclass(frozen=True)
class Expectation:
    expected_version: int | None = None


class Expected(FupanSchema[Expectation]):
    """Only the event version the user read (send for signature, remove a member)."""

    result = Expectation
    expected_version = version()
