"""The events of a Review stream, past tense, each recording the acting account.

Each event's ``apply`` changes the review's state; the events that change signed content
(brief, rule 4) derive from ``ContentChanged``, whose apply also returns a review awaiting
signatures to drafting. Class names are stored as topics: rename none after release, and
change a stored shape only as ``docs/events.md`` says.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.chasing_events import ReferenceNumberAssigned, Urged
from domain.deadline import due_on
from domain.measure_events import (
    MeasureOwnerAccountSet,
    MeasureProgressRecorded,
    MeasureProposed,
    MeasureRevised,
    MeasureTaken,
    MeasureWithdrawn,
)
from domain.review_event_base import ContentChanged, ReviewEvent
from domain.theme_events import RiskPointClassified
from domain.values import (
    Aspect,
    AspectText,
    Category,
    Incident,
    Member,
    Party,
    RiskPoint,
    Signatory,
    SignatoryRole,
    Status,
    Student,
)

if TYPE_CHECKING:
    from domain.review import Review


class Registered(ReviewEvent, Aggregate.Created):
    """v2 carries the reference number drawn in the registration's transaction; v1 had
    none (those reviews get theirs from a later ``ReferenceNumberAssigned``)."""

    class_version = 2
    sensitive_fields = ("student",)
    occurred_on: date
    school: str
    jurisdiction: str
    category: Category
    on_premises: bool
    student: Student
    reference: str | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["reference"] = None

    def apply(self, review: Review) -> None:
        review.incident = Incident(
            occurred_on=self.occurred_on,
            school=self.school,
            jurisdiction=self.jurisdiction,
            category=self.category,
            on_premises=self.on_premises,
            student=self.student,
        )
        review.due_on = due_on(self.occurred_on)
        review.reference = self.reference


class IncidentDateCorrected(ContentChanged):
    sensitive_fields = ("reason",)
    occurred_on: date
    reason: str

    def change(self, review: Review) -> None:
        review.incident = replace(review.incident, occurred_on=self.occurred_on)
        review.due_on = due_on(self.occurred_on)


class IncidentAmended(ContentChanged):
    sensitive_fields = ("student", "reason")
    school: str
    jurisdiction: str
    category: Category
    on_premises: bool
    student: Student
    reason: str

    def change(self, review: Review) -> None:
        review.incident = replace(
            review.incident,
            school=self.school,
            jurisdiction=self.jurisdiction,
            category=self.category,
            on_premises=self.on_premises,
            student=self.student,
        )


class MemberAppointed(ContentChanged):
    account_id: UUID
    name: str
    party: Party

    def change(self, review: Review) -> None:
        review.team[str(self.account_id)] = Member(self.account_id, self.name, self.party)


class MemberRemoved(ContentChanged):
    account_id: UUID

    def change(self, review: Review) -> None:
        del review.team[str(self.account_id)]


class SignatoryDesignated(ContentChanged):
    role: SignatoryRole
    account_id: UUID
    name: str

    def change(self, review: Review) -> None:
        review.signatories[self.role.value] = Signatory(self.account_id, self.name)


class AspectWritten(ContentChanged):
    sensitive_fields = ("text",)
    aspect: Aspect
    text: str

    def change(self, review: Review) -> None:
        previous = review.aspects.get(self.aspect.value)
        draft = previous.draft + 1 if previous else 1
        review.aspects[self.aspect.value] = AspectText(self.text, draft)


class RiskPointRecorded(ContentChanged):
    sensitive_fields: ClassVar[tuple[str, ...]] = ("description",)
    risk_point_id: UUID
    description: str

    def change(self, review: Review) -> None:
        key = str(self.risk_point_id)
        review.risk_points[key] = RiskPoint(self.risk_point_id, self.description)


class RiskPointRevised(RiskPointRecorded):
    """A risk point's description corrected, with the reason (v2; v1 had no reason)."""

    class_version = 2
    sensitive_fields = ("description", "reason")
    reason: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["reason"] = ""


class RiskPointWithdrawn(ContentChanged):
    """A risk point taken out of the report, with the reason; it stays in the history
    (v2; v1 had no reason)."""

    class_version = 2
    sensitive_fields = ("reason",)
    risk_point_id: UUID
    reason: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["reason"] = ""

    def change(self, review: Review) -> None:
        del review.risk_points[str(self.risk_point_id)]


class SentForSignature(ReviewEvent):
    """v2 records whether the sending required every risk point to carry a theme (from
    the release that brought themes on, always); v1 sendings did not (issue 21)."""

    class_version = 2
    revision: int
    content_hash: str
    signoff_id: UUID
    themes_required: bool

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["themes_required"] = False

    def apply(self, review: Review) -> None:
        review.themes_rule = self.themes_required
        review.status = Status.AWAITING_SIGNATURES
        review.report_revision = self.revision
        review.signoff_id = self.signoff_id
        review.last_signoff_id = self.signoff_id
        review.sent_hash = self.content_hash


class SignOffVoided(ReviewEvent):
    """The current sign-off stopped counting (a signatory declined)."""

    signoff_id: UUID
    cause: str

    def apply(self, review: Review) -> None:
        review.return_to_drafting()


class Closed(ReviewEvent):
    """v2 records the slots signed or sealed on paper (recorded from a scan, issue 18);
    none before."""

    class_version = 2
    sensitive_fields = ("late_reason",)
    revision: int
    signoff_id: UUID
    late: bool
    late_reason: str
    paper_slots: tuple[str, ...]

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["paper_slots"] = ()

    def apply(self, review: Review) -> None:
        review.status = Status.CLOSED
        review.closings.append(
            {
                "revision": self.revision,
                "signoff_id": self.signoff_id,
                "at": self.timestamp,
                "paper_slots": list(self.paper_slots),
            }
        )
        if review.first_closed_at is None:
            review.first_closed_at = self.timestamp
            review.late = self.late
            review.late_reason = self.late_reason


class CorrectionOpened(ReviewEvent):
    sensitive_fields = ("reason",)
    reason: str

    def apply(self, review: Review) -> None:
        review.status = Status.CORRECTING
        review.in_correction = True
        review.signoff_id = None
        review.sent_hash = None
        review.corrections.append({"reason": self.reason, "at": self.timestamp})


class WithdrawalRequested(ReviewEvent):
    """A case officer asks to withdraw a registration made in error or twice; a second,
    city-wide officer must confirm it."""

    sensitive_fields = ("reason",)
    reason: str
    duplicate_of: UUID | None

    def apply(self, review: Review) -> None:
        review.withdrawal = {
            "requested_by": self.actor,
            "reason": self.reason,
            "duplicate_of": self.duplicate_of,
            "at": self.timestamp,
        }


class WithdrawalCancelled(ReviewEvent):
    """The request to withdraw was dropped; the review goes on."""

    def apply(self, review: Review) -> None:
        review.withdrawal = None


class RegistrationWithdrawn(ReviewEvent):
    """A second case officer confirmed the withdrawal: the review is read-only, out of the
    deadlines, and still counted (as withdrawn)."""

    def apply(self, review: Review) -> None:
        review.status = Status.WITHDRAWN


class PersonalDataErased(ReviewEvent):
    """The review's data key was destroyed with this event (crypto-shredding)."""

    reason: str

    def apply(self, review: Review) -> None:
        review.erased = True


# Every event of a Review stream (the measures' and the bases live in their own modules).
__all__ = [
    "AspectWritten",
    "Closed",
    "ContentChanged",
    "CorrectionOpened",
    "IncidentAmended",
    "IncidentDateCorrected",
    "MeasureOwnerAccountSet",
    "MeasureProgressRecorded",
    "MeasureProposed",
    "MeasureRevised",
    "MeasureTaken",
    "MeasureWithdrawn",
    "MemberAppointed",
    "MemberRemoved",
    "PersonalDataErased",
    "ReferenceNumberAssigned",
    "Registered",
    "RegistrationWithdrawn",
    "ReviewEvent",
    "RiskPointClassified",
    "RiskPointRecorded",
    "RiskPointRevised",
    "RiskPointWithdrawn",
    "SentForSignature",
    "SignOffVoided",
    "SignatoryDesignated",
    "Urged",
    "WithdrawalCancelled",
    "WithdrawalRequested",
]
