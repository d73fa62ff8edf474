"""Lists as a principal: a page of the reviews they may see, the dashboard's counts, the
exact search by a student's name (a recorded access to personal data)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from application.listing import PAGE
from application.policy import Action, sight
from application.views import ReviewCounts, ReviewPage
from application.workspace.base import WorkspaceBase, requires_global


class Lists(WorkspaceBase):
    @requires_global(Action.LIST_REVIEWS)
    def review_page(
        self,
        *,
        jurisdiction: str | None = None,
        status: str | None = None,
        overdue: bool | None = None,
        paper_marks: bool | None = None,
        school: str | None = None,
        occurred_from: date | str | None = None,
        occurred_to: date | str | None = None,
        sort: str | None = None,
        cursor: str | None = None,
        limit: int = PAGE,
    ) -> ReviewPage:
        """A page of the reviews this principal may see (overdue first, then fewest days
        left), with what each lacks and the next action."""
        return self.desk.review_page(
            sight=sight(self.principal),
            jurisdiction=jurisdiction,
            status=status,
            overdue=overdue,
            paper_marks=paper_marks,
            school=school,
            occurred_from=occurred_from,
            occurred_to=occurred_to,
            sort=sort,
            cursor=cursor,
            limit=limit,
        )

    @requires_global(Action.LIST_REVIEWS)
    def review_counts(self) -> ReviewCounts:
        """Counts over every review this principal may see: by jurisdiction and status,
        overdue, closed late, withdrawn."""
        return self.desk.review_counts(sight=sight(self.principal))

    @requires_global(Action.LIST_REVIEWS)
    def search_by_student(
        self,
        *,
        student_name: str,
        jurisdiction: str | None = None,
        status: str | None = None,
        school: str | None = None,
        occurred_from: date | str | None = None,
        occurred_to: date | str | None = None,
        cursor: str | None = None,
        limit: int = PAGE,
    ) -> ReviewPage:
        """The reviews of a student of exactly this name (through its keyed hash): a read
        of personal data, recorded for each review found before the answer is given."""
        page = self.desk.review_page(
            sight=sight(self.principal),
            student_name=student_name,
            jurisdiction=jurisdiction,
            status=status,
            school=school,
            occurred_from=occurred_from,
            occurred_to=occurred_to,
            cursor=cursor,
            limit=limit,
        )
        for item in page["items"]:
            self._record(UUID(item["id"]), "student_name_search")
        return page
