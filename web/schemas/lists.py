"""Lists: the dashboard's filters and sort, the exact search by a student's name (posted,
never in a URL), the API's list query, and how a page of reviews is shown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from marshmallow import Schema, fields
from werkzeug.datastructures import MultiDict

from application.listing import MAX_PAGE, PAGE, SORTS
from domain.values import Status
from web.schemas.base import FupanSchema, choice, day, flag, number, text

OVERDUE = "overdue"  # the dashboard's pseudo-status: open and past the due date
PAPER = "closed_on_paper"  # another: closed with a slot signed or sealed on paper
CURSOR = 500  # an opaque keyset cursor's length limit


@dataclass(frozen=True)
class ListQuery:
    jurisdiction: str | None = None
    status: str | None = None
    school: str | None = None
    occurred_from: date | None = None
    occurred_to: date | None = None
    sort: str | None = None
    after: str | None = None

    @property
    def overdue(self) -> bool | None:
        return True if self.status == OVERDUE else None

    @property
    def paper_marks(self) -> bool | None:
        return True if self.status == PAPER else None

    @property
    def real_status(self) -> str | None:
        if self.status == PAPER:
            return Status.CLOSED.value
        return None if self.status == OVERDUE else self.status


class ListFilters(FupanSchema[ListQuery]):
    """The dashboard's query string: filters, sort and the cursor of the page."""

    result = ListQuery
    jurisdiction = text(required=False)
    status = choice([s.value for s in Status] + [OVERDUE, PAPER], required=False)
    school = text(required=False)
    occurred_from = day(required=False)
    occurred_to = day(required=False)
    sort = choice(list(SORTS), required=False)
    after = text(required=False, max_length=CURSOR)


@dataclass(frozen=True)
class StudentSearch(ListQuery):
    student_name: str = ""


class StudentSearchForm(ListFilters, FupanSchema[StudentSearch]):
    """The exact search by a student's name: posted (personal data stays out of URLs)."""

    result = StudentSearch
    student_name = text()

    def load_form(self, form: MultiDict[str, str]) -> StudentSearch:
        return cast(StudentSearch, super().load_form(form))


@dataclass(frozen=True)
class ReviewQuery:
    status: str | None = None
    jurisdiction: str | None = None
    overdue: bool | None = None
    school: str | None = None
    occurred_from: date | None = None
    occurred_to: date | None = None
    sort: str | None = None
    cursor: str | None = None
    limit: int = PAGE


class ReviewFilters(FupanSchema[ReviewQuery]):
    """``GET /api/v1/reviews``: filters, sort, the page's cursor and size."""

    result = ReviewQuery
    status = choice([s.value for s in Status], required=False)
    jurisdiction = text(required=False)
    overdue = flag(default=None)
    school = text(required=False)
    occurred_from = day(required=False)
    occurred_to = day(required=False)
    sort = choice(list(SORTS), required=False)
    cursor = text(required=False, max_length=CURSOR)
    limit = number(default=PAGE, least=1, most=MAX_PAGE)


@dataclass(frozen=True)
class StudentQuery:
    student_name: str
    status: str | None = None
    jurisdiction: str | None = None
    school: str | None = None
    occurred_from: date | None = None
    occurred_to: date | None = None
    cursor: str | None = None
    limit: int = PAGE


class StudentFilters(FupanSchema[StudentQuery]):
    """``POST /api/v1/reviews/search``: a student's exact name (a recorded read of
    personal data) and the list's filters."""

    result = StudentQuery
    student_name = text()
    status = choice([s.value for s in Status], required=False)
    jurisdiction = text(required=False)
    school = text(required=False)
    occurred_from = day(required=False)
    occurred_to = day(required=False)
    cursor = text(required=False, max_length=CURSOR)
    limit = number(default=PAGE, least=1, most=MAX_PAGE)


# ---- how the API shows a page of reviews ------------------------------------------------


class MissingOut(Schema):
    aspects = fields.Integer(metadata={"description": "aspects missing or too short"})
    risks = fields.Boolean(metadata={"description": "no risk point, or no measure for one"})
    parties = fields.List(fields.String())
    signatories = fields.List(fields.String())
    signatures = fields.Integer(metadata={"description": "slots not yet signed or sealed"})


class ReviewSummaryOut(Schema):
    id = fields.String()
    reference_number = fields.String(allow_none=True)
    version = fields.Integer()
    school = fields.String()
    jurisdiction = fields.String()
    category = fields.String()
    on_premises = fields.Boolean()
    occurred_on = fields.String(metadata={"format": "date"})
    due_on = fields.String(metadata={"format": "date"})
    status = fields.String()
    report_revision = fields.Integer()
    first_closed_at = fields.String(allow_none=True)
    late = fields.Boolean()
    registered_at = fields.String()
    updated_at = fields.String()
    days_left = fields.Integer()
    submitted = fields.Boolean()
    overdue = fields.Boolean()
    withdrawal_pending = fields.Boolean()
    erased = fields.Boolean()
    missing = fields.Nested(MissingOut)
    next_action = fields.String(metadata={"description": "e.g. write_report, sign, close"})
    next_holder = fields.String(metadata={"description": "case_officer, team, signatories…"})
    measures_open = fields.Integer()
    measures_overdue = fields.Integer()


class ReviewPageOut(Schema):
    items = fields.List(fields.Nested(ReviewSummaryOut))
    next = fields.String(allow_none=True, metadata={"description": "the next page, or null"})
    cursor = fields.String(
        allow_none=True, metadata={"description": "the next page's cursor, or null"}
    )
    total = fields.Integer(metadata={"description": "how many match, on every page"})
