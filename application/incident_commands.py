"""Use cases on the incident: registering it, correcting its facts, erasing personal data."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from application.base import DeskBase, flag, student_of
from domain import validation as v
from domain.review import Review
from domain.values import Category


class IncidentCommands(DeskBase):
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
    ) -> UUID:
        """Open a review for an incident; its due date is computed from the incident date."""
        review = Review.register(
            occurred_on=v.a_date("occurred_on", occurred_on),
            school=school,
            jurisdiction=jurisdiction,
            category=v.choice("category", category, Category),
            on_premises=flag("on_premises", on_premises),
            student=student_of(student),
            actor=v.an_id("actor", actor),
            now=self.clock.now(),
        )
        self._save(review, **self.keys.create_key(review.id))
        return review.id

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
        day = v.a_date("occurred_on", occurred_on)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.correct_incident_date(day, reason, who, now),
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
        kind = v.choice("category", category, Category)
        facts = student_of(student)
        premises = flag("on_premises", on_premises)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.amend_incident(
                school=school,
                jurisdiction=jurisdiction,
                category=kind,
                on_premises=premises,
                student=facts,
                reason=reason,
                actor=who,
                now=now,
            ),
        )

    def erase_personal_data(
        self, review_id: UUID, *, reason: str, actor: UUID, expected_version: int | None = None
    ) -> int:
        """Destroy the review's data key with the event that records it (crypto-shredding)."""
        review = self._load(review_id, expected_version)
        review.erase_personal_data(reason, v.an_id("actor", actor), self.clock.now())
        self._save(review, **self.keys.erase(review.id, self.clock.now()))
        self.keys.forget(review.id)
        self.store.scrub()
        return review.version
