"""The incident as a principal: registering (with the duplicate warning), correcting its
facts with a reason, withdrawing a registration made in error (two officers)."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from application.errors import OutOfScope, PossibleDuplicate
from application.policy import Action, actions_on, check_global, in_jurisdiction, may_register
from application.workspace.base import WorkspaceBase, requires
from domain import validation as v
from domain.errors import InvalidValue, Reason


class Incidents(WorkspaceBase):
    def register_incident(
        self,
        *,
        occurred_on: date | str,
        school: str,
        jurisdiction: str,
        category: str,
        on_premises: bool,
        student: dict[str, Any],
        confirm_duplicate: bool = False,
    ) -> UUID:
        """Register an incident in a jurisdiction of this case officer's scope; a possible
        duplicate needs ``confirm_duplicate`` (the refusal names the ones this officer may
        see)."""
        place = v.text("jurisdiction", jurisdiction)
        if may_register(self.principal) and not in_jurisdiction(self.principal, place):
            # Refused as a field error, so that the form keeps what was typed.
            raise OutOfScope("jurisdiction")
        check_global(self.principal, Action.REGISTER_INCIDENT, place)
        if not self.desk.is_listed("jurisdiction", place):
            raise InvalidValue("jurisdiction", Reason.NOT_IN_LIST)
        school_name = v.text("school", school)
        try:
            review_id = self.desk.register_incident(
                occurred_on=occurred_on,
                school=school_name,
                jurisdiction=place,
                category=category,
                on_premises=on_premises,
                student=student,
                actor=self.actor,
                confirm_duplicate=confirm_duplicate,
            )
        except PossibleDuplicate as duplicate:
            raise PossibleDuplicate(
                [i for i in duplicate.review_ids if self._visible(UUID(i))]
            ) from None
        # A school not yet listed under this jurisdiction joins the list (recorded).
        self.desk.ensure_school(place, school_name, actor=self.actor, source="registration")
        return review_id

    @requires(Action.AMEND_INCIDENT)
    def correct_incident(
        self,
        review_id: UUID,
        *,
        reason: str,
        occurred_on: date | str | None = None,
        school: str | None = None,
        jurisdiction: str | None = None,
        category: str | None = None,
        on_premises: bool | None = None,
        student: dict[str, Any] | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Correct any facts of the incident, with a reason; moving the review to another
        jurisdiction needs that one in scope and in the list; a school not yet listed under
        the review's jurisdiction joins the list (recorded)."""
        current = self._scope(review_id).jurisdiction
        place = current if jurisdiction is None else v.text("jurisdiction", jurisdiction)
        if place != current:
            if may_register(self.principal) and not in_jurisdiction(self.principal, place):
                raise OutOfScope("jurisdiction")
            check_global(self.principal, Action.REGISTER_INCIDENT, place)
            if not self.desk.is_listed("jurisdiction", place):
                raise InvalidValue("jurisdiction", Reason.NOT_IN_LIST)
        version = self.desk.correct_incident(
            review_id,
            reason=reason,
            occurred_on=occurred_on,
            school=school,
            jurisdiction=jurisdiction,
            category=category,
            on_premises=on_premises,
            student=student,
            actor=self.actor,
            expected_version=expected_version,
        )
        if school is not None and school.strip() and self.desk.is_listed("jurisdiction", place):
            self.desk.ensure_school(
                place, v.text("school", school), actor=self.actor, source="correction"
            )
        return version

    @requires(Action.WITHDRAW_REGISTRATION)
    def request_withdrawal(
        self,
        review_id: UUID,
        *,
        reason: str = "",
        duplicate_of: UUID | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Ask to withdraw a registration made in error or twice; another, city-wide,
        officer confirms."""
        if duplicate_of is not None and not self._visible(v.an_id("duplicate_of", duplicate_of)):
            duplicate_of = UUID(int=0)  # refused by the desk as no such review
        return self.desk.request_withdrawal(
            review_id,
            reason=reason,
            duplicate_of=duplicate_of,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.CANCEL_WITHDRAWAL)
    def cancel_withdrawal(self, review_id: UUID, *, expected_version: int | None = None) -> int:
        """Drop the request to withdraw."""
        return self.desk.cancel_withdrawal(
            review_id, actor=self.actor, expected_version=expected_version
        )

    @requires(Action.CONFIRM_WITHDRAWAL)
    def confirm_withdrawal(self, review_id: UUID, *, expected_version: int | None = None) -> int:
        """Confirm another officer's request to withdraw."""
        return self.desk.confirm_withdrawal(
            review_id, actor=self.actor, expected_version=expected_version
        )

    def _visible(self, review_id: UUID) -> bool:
        rows = self.desk.index.select_review_index(review_id=review_id)
        return bool(rows) and bool(actions_on(self.principal, rows[0].scope))
