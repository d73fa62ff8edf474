"""The incident's facts on a review: correcting its date and its other facts (audited, with
a reason), and erasing the student's personal data."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from domain import review_events as events
from domain import validation as v
from domain.deadline import local_date
from domain.errors import InvalidValue, Reason
from domain.review_base import ReviewBase
from domain.values import Category, Student


class IncidentFacts(ReviewBase):
    def correct_incident_date(
        self, occurred_on: date, reason: str, actor: UUID, now: datetime
    ) -> None:
        self.check_not_closed()
        self.check_not_in_future(occurred_on, now)
        self._trigger(
            events.IncidentDateCorrected,
            actor,
            now,
            occurred_on=occurred_on,
            reason=self.check_reason("reason", reason),
        )

    def amend_incident(
        self,
        *,
        school: str,
        jurisdiction: str,
        category: Category,
        on_premises: bool,
        student: Student,
        reason: str,
        actor: UUID,
        now: datetime,
    ) -> None:
        self.check_not_closed()
        self._trigger(
            events.IncidentAmended,
            actor,
            now,
            school=v.text("school", school),
            jurisdiction=v.text("jurisdiction", jurisdiction),
            category=category,
            on_premises=bool(on_premises),
            student=student,
            reason=self.check_reason("reason", reason),
        )

    def erase_personal_data(self, reason: str, actor: UUID, now: datetime) -> None:
        """Record the destruction of this review's data key (the store destroys it with this
        event). Allowed in every state, a closed review included; afterwards nothing changes."""
        self.check_not_erased()
        self._trigger(
            events.PersonalDataErased, actor, now, reason=self.check_reason("reason", reason)
        )

    @staticmethod
    def check_not_in_future(occurred_on: date, now: datetime) -> None:
        if occurred_on > local_date(now):
            raise InvalidValue("occurred_on", Reason.IN_THE_FUTURE)
