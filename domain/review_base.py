"""What every part of the Review aggregate shares: its state, the guards every command
runs, and how a command triggers an event. The commands live by concern in
``incident.py``, ``team.py``, ``report.py`` and ``signing.py``; ``review.py`` assembles them
(and keeps the class at the import path stored as its topic)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from domain import review_events as events
from domain import validation as v
from domain.attachment import Attachment
from domain.content import algorithm_of, content_hash, signed_content
from domain.errors import Code, InvalidTransition, InvalidValue, Reason, ReviewClosed
from domain.substance import is_substantive
from domain.values import AspectText, Incident, Measure, Member, RiskPoint, Signatory, Status

MIN_REASON_CHARS = 4


class ReviewBase:
    """The state of a review (set by ``Review.__init__`` and the events)."""

    incident: Incident
    due_on: date
    status: Status
    in_correction: bool
    team: dict[str, Member]
    signatories: dict[str, Signatory]
    aspects: dict[str, AspectText]
    risk_points: dict[str, RiskPoint]
    measures: dict[str, Measure]
    report_revision: int
    signoff_id: UUID | None
    last_signoff_id: UUID | None
    sent_hash: str | None
    first_closed_at: datetime | None
    late: bool
    late_reason: str
    closings: list[dict[str, Any]]
    corrections: list[dict[str, Any]]
    erased: bool
    withdrawal: dict[str, Any] | None  # a pending or confirmed request to withdraw
    reference: str | None  # 复盘-2026-0042, once assigned
    last_urged_at: datetime | None  # 催办, at most once an hour
    attachments: dict[str, Attachment]
    id: UUID
    # Provided by the library's Aggregate (declared only: a method here would shadow it).
    trigger_event: Callable[..., None]

    def _trigger(
        self, event_class: type[events.ReviewEvent], actor: UUID, now: datetime, **kwargs: Any
    ) -> None:
        self.trigger_event(event_class, actor=actor, timestamp=now, **kwargs)

    # ---- guards every command shares ---------------------------------------------------

    def check_not_erased(self) -> None:
        if self.erased:
            raise InvalidTransition(
                Code.PERSONAL_DATA_ERASED, "this review's personal data was erased; it is read-only"
            )

    def check_writable(self) -> None:
        """Nothing changes on an erased or a withdrawn review."""
        self.check_not_erased()
        if self.status is Status.WITHDRAWN:
            raise InvalidTransition(
                Code.REVIEW_WITHDRAWN, "this registration was withdrawn; it is read-only"
            )

    def check_not_closed(self) -> None:
        self.check_writable()
        if self.status is Status.CLOSED:
            raise ReviewClosed("the review is closed; open a correction to change its report")

    # ---- derived views ------------------------------------------------------------

    def signed_content(self) -> dict[str, Any]:
        """What a signature covers (brief, rule 4)."""
        return signed_content(
            incident=self.incident,
            team=self.team,
            signatories=self.signatories,
            aspects=self.aspects,
            risk_points=self.risk_points,
            measures=self.measures,
            attachments=[
                a.listed() for a in self.attachments.values() if a.part_of_report and a.current
            ],
        )

    def content_hash(self, algorithm: str | None = None) -> str:
        """The signed content's hash, with ``algorithm`` or else the one the last sending
        used (so that the current sign-off's hash compares with its own kind)."""
        return content_hash(self.signed_content(), algorithm or algorithm_of(self.sent_hash))

    @staticmethod
    def check_reason(field: str, reason: str) -> str:
        reason = v.text(field, reason, max_len=v.LONG)
        if not is_substantive(reason, MIN_REASON_CHARS):
            raise InvalidValue(field, Reason.SAY_WHY)
        return reason
