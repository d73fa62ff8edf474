"""The Review aggregate: one event stream per incident (复盘).

Commands are verbs of the domain; they check the rules (``check_*``) and trigger events,
which are past tense and carry the acting account's id. Every change to signed content
(brief, rule 4) returns a review awaiting signatures to its drafting state, so the sign-off
of the previous revision no longer counts.

The commands live by concern: the incident (``incident.py``), the team (``team.py``), the
report (``report.py``), the sign-off (``signing.py``); the state and the guards they share
in ``review_base.py``. This module assembles them, and the class stays here: its path is
stored as the topic of every snapshot.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain import review_events as events
from domain import validation as v
from domain.attaching import Attaching
from domain.attachment import Attachment
from domain.chasing import Chasing
from domain.classifying import Classifying
from domain.deadline import days_left, is_past_due
from domain.incident import IncidentFacts
from domain.report import ReportDrafting
from domain.review_base import MIN_REASON_CHARS
from domain.signing import SigningOff
from domain.team import TeamForming
from domain.values import (
    AspectText,
    Category,
    Incident,
    Measure,
    Member,
    RiskPoint,
    Signatory,
    Status,
    Student,
)

__all__ = ["MIN_REASON_CHARS", "Review"]


class Review(
    IncidentFacts,
    TeamForming,
    ReportDrafting,
    Classifying,
    SigningOff,
    Chasing,
    Attaching,
    Aggregate,
):
    """A four-party review of one incident, from registration to closing and correction."""

    # The shape of a snapshot's state; each change comes with an upcaster below.
    class_version = 7

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """v1 snapshots counted an aspect's drafts as ``revision`` (a word the report's
        revisions own): now ``draft``."""
        state["aspects"] = {
            key: AspectText(text=old["text"], draft=old["revision"])
            if isinstance(old, dict)
            else old
            for key, old in state["aspects"].items()
        }

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        """v3 keeps a request to withdraw the registration (none before)."""
        state.setdefault("withdrawal", None)

    @staticmethod
    def upcast_v3_v4(state: dict[str, Any]) -> None:
        """v4 keeps the reference number (none before; ``fupan migrate`` assigns one)."""
        state.setdefault("reference", None)

    @staticmethod
    def upcast_v4_v5(state: dict[str, Any]) -> None:
        """v5 keeps when the review was last urged (催办; never before)."""
        state.setdefault("last_urged_at", None)

    @staticmethod
    def upcast_v5_v6(state: dict[str, Any]) -> None:
        """v6 keeps the attachments (none before)."""
        state.setdefault("attachments", {})

    @staticmethod
    def upcast_v6_v7(state: dict[str, Any]) -> None:
        """v7 keeps the risk points' themes and whether the last sending required them
        (none before: older reviews' risk points are unclassified)."""
        state.setdefault("risk_point_themes", {})
        state.setdefault("themes_rule", False)

    def __init__(self) -> None:
        self.incident: Incident
        self.due_on: date
        self.status = Status.REGISTERED
        self.in_correction = False
        self.team: dict[str, Member] = {}
        self.signatories: dict[str, Signatory] = {}
        self.aspects: dict[str, AspectText] = {}
        self.risk_points: dict[str, RiskPoint] = {}
        self.measures: dict[str, Measure] = {}
        self.report_revision = 0
        self.signoff_id: UUID | None = None
        self.last_signoff_id: UUID | None = None  # kept after a void, for its declines
        self.sent_hash: str | None = None
        self.first_closed_at: datetime | None = None
        self.late = False
        self.late_reason = ""
        self.closings: list[dict[str, Any]] = []
        self.corrections: list[dict[str, Any]] = []
        self.erased = False
        self.withdrawal: dict[str, Any] | None = None
        self.reference: str | None = None
        self.last_urged_at: datetime | None = None
        self.attachments: dict[str, Attachment] = {}
        self.risk_point_themes: dict[str, list[str]] = {}
        self.themes_rule = False

    # ---- state changes shared by the events -------------------------------------------

    def content_changed(self) -> None:
        if self.status is Status.AWAITING_SIGNATURES:
            self.return_to_drafting()
        elif self.status is Status.REGISTERED:
            self.status = Status.INVESTIGATING

    def return_to_drafting(self) -> None:
        self.status = Status.CORRECTING if self.in_correction else Status.INVESTIGATING
        self.signoff_id = None
        self.sent_hash = None

    @classmethod
    def register(
        cls,
        *,
        occurred_on: date,
        school: str,
        jurisdiction: str,
        category: Category,
        on_premises: bool,
        student: Student,
        actor: UUID,
        now: datetime,
        reference: str | None = None,
    ) -> Review:
        cls.check_incident_date(occurred_on, now)
        if reference is not None:
            cls.check_reference_number(reference)
        return cls._create(
            events.Registered,
            id=uuid4(),
            timestamp=now,
            actor=actor,
            occurred_on=occurred_on,
            school=v.text("school", school),
            jurisdiction=v.text("jurisdiction", jurisdiction),
            category=category,
            on_premises=bool(on_premises),
            student=student,
            reference=reference,
        )

    # ---- derived views -----------------------------------------------------------

    def is_submitted(self) -> bool:
        """Closed at least once: the deadline no longer runs."""
        return self.first_closed_at is not None

    def is_overdue(self, now: datetime) -> bool:
        """Open and past its due date; a withdrawn registration has left the deadlines."""
        return (
            not self.is_submitted()
            and self.status is not Status.WITHDRAWN
            and is_past_due(self.due_on, now)
        )

    def days_left(self, now: datetime) -> int:
        return days_left(self.due_on, now)
