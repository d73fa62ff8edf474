"""The events of a review's prevention measures: proposed, revised, withdrawn (signed content),
then followed up (progress and evidence, outside the signed content).

These classes were first stored as ``domain.review_events:<name>``; those topics stay mapped
to them (``register_topic`` at the foot of this module), so old events load as they always
did and new ones are stored under this module's path (docs/events.md).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from eventsourcing.utils import register_topic

from domain.review_event_base import ContentChanged, ReviewEvent
from domain.values import Measure, MeasureStatus, ProgressNote

if TYPE_CHECKING:
    from domain.review import Review


class MeasureProposed(ContentChanged):
    sensitive_fields: ClassVar[tuple[str, ...]] = ("description",)
    measure_id: UUID
    description: str
    addresses: tuple[UUID, ...]
    owner: str
    due_on: date

    def change(self, review: Review) -> None:
        key = str(self.measure_id)
        # Follow-up (status, progress, evidence) survives a revision of the proposal.
        current = review.measures.get(key) or Measure(
            self.measure_id, self.description, (), self.owner, self.due_on
        )
        review.measures[key] = replace(
            current,
            description=self.description,
            addresses=tuple(self.addresses),
            owner=self.owner,
            due_on=self.due_on,
        )


class MeasureRevised(MeasureProposed):
    """A measure as proposed corrected, with the reason (v2; v1 had no reason)."""

    class_version = 2
    sensitive_fields = ("description", "reason")
    reason: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["reason"] = ""


class MeasureWithdrawn(ContentChanged):
    """A measure taken out of the report, with the reason; it stays in the history
    (v2; v1 had no reason)."""

    class_version = 2
    sensitive_fields = ("reason",)
    measure_id: UUID
    reason: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["reason"] = ""

    def change(self, review: Review) -> None:
        del review.measures[str(self.measure_id)]


class MeasureProgressRecorded(ReviewEvent):
    """Follow-up, outside the signed content: allowed in every state, voids nothing."""

    sensitive_fields = ("note",)
    measure_id: UUID
    note: str

    def apply(self, review: Review) -> None:
        key = str(self.measure_id)
        measure = review.measures[key]
        note = ProgressNote(self.timestamp, self.actor, self.note)
        review.measures[key] = replace(
            measure, status=MeasureStatus.IN_PROGRESS, progress=(*measure.progress, note)
        )


class MeasureTaken(ReviewEvent):
    sensitive_fields = ("evidence",)
    measure_id: UUID
    evidence: str

    def apply(self, review: Review) -> None:
        key = str(self.measure_id)
        review.measures[key] = replace(
            review.measures[key],
            status=MeasureStatus.TAKEN,
            evidence=self.evidence,
            taken_at=self.timestamp,
        )


class MeasureOwnerAccountSet(ReviewEvent):
    """Who is reminded of the measure as it falls due (None: nobody named); follow-up,
    outside the signed content: allowed in every state, voids nothing."""

    measure_id: UUID
    account_id: UUID | None

    def apply(self, review: Review) -> None:
        key = str(self.measure_id)
        review.measures[key] = replace(review.measures[key], owner_account=self.account_id)


for _moved in (
    MeasureProposed,
    MeasureRevised,
    MeasureWithdrawn,
    MeasureProgressRecorded,
    MeasureTaken,
):
    register_topic(f"domain.review_events:{_moved.__name__}", _moved)
