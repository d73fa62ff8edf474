"""Use cases on the incident: registering it (warning of a duplicate), correcting its facts
with a reason, withdrawing a registration made in error (two officers), erasing personal
data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from functools import partial
from typing import Any
from uuid import UUID

from application.command_inputs import flag, student_of
from application.errors import PossibleDuplicate
from application.numbering import ReferenceNumbers
from domain import validation as v
from domain.errors import InvalidValue, Reason
from domain.review import Review
from domain.values import Category, Student


class IncidentCommands(ReferenceNumbers):
    def register_incident(
        self,
        *,
        occurred_on: date | str,
        school: str,
        jurisdiction: str,
        category: str,
        on_premises: bool,
        student: dict[str, Any],
        actor: UUID,
        confirm_duplicate: bool = False,
    ) -> UUID:
        """Open a review for an incident; its due date is computed from the incident date.
        A review of the same school, date and student is refused as a possible duplicate
        unless ``confirm_duplicate``."""
        now = self.clock.now()
        who = v.an_id("actor", actor)
        register = partial(
            Review.register,
            occurred_on=v.a_date("occurred_on", occurred_on),
            school=school,
            jurisdiction=jurisdiction,
            category=v.choice("category", category, Category),
            on_premises=flag("on_premises", on_premises),
            student=student_of(student),
            actor=who,
            now=now,
        )
        review = register()
        if not confirm_duplicate:
            same = self.index.select_review_index(duplicate_key=self.duplicate_key(review))
            if same:
                raise PossibleDuplicate([str(row.review_id) for row in same])
        saved = self._save_numbered(
            lambda number: register(reference=number), now, lambda r: self.keys.create_key(r.id)
        )
        return saved.id

    def correct_incident(
        self,
        review_id: UUID,
        *,
        reason: str,
        actor: UUID,
        occurred_on: date | str | None = None,
        school: str | None = None,
        jurisdiction: str | None = None,
        category: str | None = None,
        on_premises: bool | None = None,
        student: dict[str, Any] | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Correct any of the incident's facts, with a reason, in one save: a new date is an
        ``IncidentDateCorrected`` (the due date follows), the other facts one
        ``IncidentAmended`` with the merged facts."""
        others = (school, jurisdiction, category, on_premises, student)
        if occurred_on is None and all(x is None for x in others):
            raise InvalidValue("incident", Reason.REQUIRED, "name at least one fact to correct")
        day = v.a_date("occurred_on", occurred_on) if occurred_on is not None else None
        kind = v.choice("category", category, Category) if category is not None else None
        premises = flag("on_premises", on_premises) if on_premises is not None else None

        def correct(review: Review, who: UUID, now: datetime) -> None:
            if day is not None and day != review.incident.occurred_on:
                review.correct_incident_date(day, reason, who, now)
            facts = review.incident
            merged = replace(
                facts,
                school=facts.school if school is None else school,
                jurisdiction=facts.jurisdiction if jurisdiction is None else jurisdiction,
                category=kind or facts.category,
                on_premises=facts.on_premises if premises is None else premises,
                student=_merged_student(facts.student, student),
            )
            if merged != facts:
                review.amend_incident(
                    school=merged.school,
                    jurisdiction=merged.jurisdiction,
                    category=merged.category,
                    on_premises=merged.on_premises,
                    student=merged.student,
                    reason=reason,
                    actor=who,
                    now=now,
                )
            elif day is None or day == facts.occurred_on:
                review.check_reason("reason", reason)  # nothing changes: still say why

        return self._change(review_id, actor, expected_version, correct)

    def correct_incident_date(
        self,
        review_id: UUID,
        *,
        occurred_on: date | str,
        reason: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Correct the incident date (audited, with a reason); the due date follows."""
        return self.correct_incident(
            review_id,
            occurred_on=occurred_on,
            reason=reason,
            actor=actor,
            expected_version=expected_version,
        )

    def amend_incident(
        self,
        review_id: UUID,
        *,
        school: str,
        jurisdiction: str,
        category: str,
        on_premises: bool,
        student: dict[str, Any],
        reason: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Amend the incident facts other than its date (audited, with a reason)."""
        return self.correct_incident(
            review_id,
            school=school,
            jurisdiction=jurisdiction,
            category=category,
            on_premises=on_premises,
            student=student,
            reason=reason,
            actor=actor,
            expected_version=expected_version,
        )

    # ---- withdrawing a registration ---------------------------------------------------

    def request_withdrawal(
        self,
        review_id: UUID,
        *,
        reason: str = "",
        duplicate_of: UUID | None = None,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Ask to withdraw a registration made in error or twice (before it was sent for
        signature); another, city-wide, officer confirms."""
        original = v.an_id("duplicate_of", duplicate_of) if duplicate_of is not None else None
        if original is not None and not self.index.select_review_index(review_id=original):
            raise InvalidValue("duplicate_of", Reason.NO_SUCH_REVIEW)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.request_withdrawal(reason, original, who, now),
        )

    def cancel_withdrawal(
        self, review_id: UUID, *, actor: UUID, expected_version: int | None = None
    ) -> int:
        """Drop a request to withdraw; the review goes on."""
        return self._change(
            review_id, actor, expected_version, lambda r, who, now: r.cancel_withdrawal(who, now)
        )

    def confirm_withdrawal(
        self, review_id: UUID, *, actor: UUID, expected_version: int | None = None
    ) -> int:
        """Confirm another officer's request: the review is withdrawn (read-only, out of the
        deadlines, still counted)."""
        return self._change(
            review_id, actor, expected_version, lambda r, who, now: r.confirm_withdrawal(who, now)
        )

    def erase_personal_data(
        self, review_id: UUID, *, reason: str, actor: UUID, expected_version: int | None = None
    ) -> int:
        """Destroy the review's data key with the event that records it (crypto-shredding)."""
        review = self._load(review_id, expected_version)
        review.erase_personal_data(reason, v.an_id("actor", actor), self.clock.now())
        self._save(review, **self.keys.erase(review.id, self.clock.now()))
        self.keys.forget(review.id)
        self._uncache(review.id)
        self.store.scrub()
        return review.version


def _merged_student(current: Student, changes: dict[str, Any] | None) -> Student:
    """The student's facts with the given ones changed (validated like a registration)."""
    if changes is None:
        return current
    if not isinstance(changes, dict):
        raise InvalidValue("student", Reason.NOT_AN_OBJECT)
    merged = {
        "name": current.name,
        "gender": current.gender.value,
        "grade_class": current.grade_class,
        "id_number": current.id_number,
        **changes,
    }
    return student_of(merged)
