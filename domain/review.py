"""The Review aggregate: one event stream per incident (复盘).

Commands are verbs of the domain; they check the rules (``check_*``) and trigger events,
which are past tense and carry the acting account's id. Every change to signed content
(brief, rule 4) returns a review awaiting signatures to its drafting state, so the sign-off
of the previous revision no longer counts.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain import validation as v
from domain.content import content_hash, signed_content
from domain.deadline import days_left, due_on, is_past_due, local_date
from domain.errors import (
    Conflict,
    InvalidTransition,
    LateReasonRequired,
    NotFoundInReview,
    NotReadyForSignature,
    ReviewClosed,
    SignaturesMissing,
    SignOffNotCurrent,
)
from domain.readiness import blockers
from domain.signoff import SignOff
from domain.substance import DEFAULT_MIN_CHARS, is_substantive
from domain.values import (
    Aspect,
    AspectText,
    Category,
    Incident,
    Measure,
    MeasureStatus,
    Member,
    Party,
    ProgressNote,
    RiskPoint,
    Signatory,
    SignatoryRole,
    Slot,
    Status,
    Student,
)

DRAFTING = (Status.REGISTERED, Status.INVESTIGATING, Status.CORRECTING)
MIN_REASON_CHARS = 4


class Review(Aggregate):
    """A four-party review of one incident, from registration to closing and correction."""

    class Event(Aggregate.Event):
        actor: UUID

    class Registered(Event, Aggregate.Created):
        occurred_on: date
        school: str
        jurisdiction: str
        category: Category
        on_premises: bool
        student: Student

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

    class ContentChanged(Event):
        """Base of the events that change signed content."""

        def apply(self, review: Review) -> None:
            self.change(review)
            review.content_changed()

        def change(self, review: Review) -> None:
            raise NotImplementedError

    class IncidentDateCorrected(ContentChanged):
        occurred_on: date
        reason: str

        def change(self, review: Review) -> None:
            review.incident = replace(review.incident, occurred_on=self.occurred_on)
            review.due_on = due_on(self.occurred_on)

    class IncidentAmended(ContentChanged):
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
        aspect: Aspect
        text: str

        def change(self, review: Review) -> None:
            previous = review.aspects.get(self.aspect.value)
            revision = previous.revision + 1 if previous else 1
            review.aspects[self.aspect.value] = AspectText(self.text, revision)

    class RiskPointRecorded(ContentChanged):
        risk_point_id: UUID
        description: str

        def change(self, review: Review) -> None:
            key = str(self.risk_point_id)
            review.risk_points[key] = RiskPoint(self.risk_point_id, self.description)

    class RiskPointRevised(RiskPointRecorded):
        pass

    class RiskPointWithdrawn(ContentChanged):
        risk_point_id: UUID

        def change(self, review: Review) -> None:
            del review.risk_points[str(self.risk_point_id)]

    class MeasureProposed(ContentChanged):
        measure_id: UUID
        description: str
        addresses: tuple[UUID, ...]
        owner: str
        due_on: date

        def change(self, review: Review) -> None:
            key = str(self.measure_id)
            fields = {
                "description": self.description,
                "addresses": tuple(self.addresses),
                "owner": self.owner,
                "due_on": self.due_on,
            }
            if key in review.measures:
                review.measures[key] = replace(review.measures[key], **fields)
            else:
                review.measures[key] = Measure(id=self.measure_id, **fields)

    class MeasureRevised(MeasureProposed):
        pass

    class MeasureWithdrawn(ContentChanged):
        measure_id: UUID

        def change(self, review: Review) -> None:
            del review.measures[str(self.measure_id)]

    class MeasureProgressRecorded(Event):
        """Follow-up, outside the signed content: allowed in every state, voids nothing."""

        measure_id: UUID
        note: str

        def apply(self, review: Review) -> None:
            key = str(self.measure_id)
            measure = review.measures[key]
            note = ProgressNote(self.timestamp, self.actor, self.note)
            review.measures[key] = replace(
                measure, status=MeasureStatus.IN_PROGRESS, progress=(*measure.progress, note)
            )

    class MeasureTaken(Event):
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

    class SentForSignature(Event):
        revision: int
        content_hash: str
        signoff_id: UUID

        def apply(self, review: Review) -> None:
            review.status = Status.AWAITING_SIGNATURES
            review.report_revision = self.revision
            review.signoff_id = self.signoff_id
            review.sent_hash = self.content_hash

    class SignOffVoided(Event):
        """The current sign-off stopped counting (a signatory declined)."""

        signoff_id: UUID
        cause: str

        def apply(self, review: Review) -> None:
            review.return_to_drafting()

    class Closed(Event):
        revision: int
        signoff_id: UUID
        late: bool
        late_reason: str

        def apply(self, review: Review) -> None:
            review.status = Status.CLOSED
            review.closings.append(
                {"revision": self.revision, "signoff_id": self.signoff_id, "at": self.timestamp}
            )
            if review.first_closed_at is None:
                review.first_closed_at = self.timestamp
                review.late = self.late
                review.late_reason = self.late_reason

    class CorrectionOpened(Event):
        reason: str

        def apply(self, review: Review) -> None:
            review.status = Status.CORRECTING
            review.in_correction = True
            review.signoff_id = None
            review.sent_hash = None
            review.corrections.append({"reason": self.reason, "at": self.timestamp})

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
        self.sent_hash: str | None = None
        self.first_closed_at: datetime | None = None
        self.late = False
        self.late_reason = ""
        self.closings: list[dict[str, Any]] = []
        self.corrections: list[dict[str, Any]] = []

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

    # ---- registration and incident facts -------------------------------------------

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
    ) -> Review:
        cls.check_not_in_future(occurred_on, now)
        return cls._create(
            cls.Registered,
            id=uuid4(),
            timestamp=now,
            actor=actor,
            occurred_on=occurred_on,
            school=v.text("school", school),
            jurisdiction=v.text("jurisdiction", jurisdiction),
            category=category,
            on_premises=bool(on_premises),
            student=student,
        )

    def correct_incident_date(
        self, occurred_on: date, reason: str, actor: UUID, now: datetime
    ) -> None:
        self.check_not_closed()
        self.check_not_in_future(occurred_on, now)
        self._trigger(
            self.IncidentDateCorrected, actor, now,
            occurred_on=occurred_on, reason=self.check_reason("reason", reason),
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
            self.IncidentAmended, actor, now,
            school=v.text("school", school),
            jurisdiction=v.text("jurisdiction", jurisdiction),
            category=category,
            on_premises=bool(on_premises),
            student=student,
            reason=self.check_reason("reason", reason),
        )

    # ---- the team and the signatories ------------------------------------------------

    def appoint_member(
        self, account_id: UUID, name: str, party: Party, actor: UUID, now: datetime
    ) -> None:
        self.check_not_closed()
        if str(account_id) in self.team:
            raise Conflict("already_member", "this account is already on the team")
        self._trigger(
            self.MemberAppointed, actor, now,
            account_id=account_id, name=v.text("name", name), party=party,
        )

    def remove_member(self, account_id: UUID, actor: UUID, now: datetime) -> None:
        self.check_not_closed()
        if str(account_id) not in self.team:
            raise NotFoundInReview("not_a_member", "this account is not on the team")
        self._trigger(self.MemberRemoved, actor, now, account_id=account_id)

    def designate_signatory(
        self, role: SignatoryRole, account_id: UUID, name: str, actor: UUID, now: datetime
    ) -> None:
        self.check_not_closed()
        self._trigger(
            self.SignatoryDesignated, actor, now,
            role=role, account_id=account_id, name=v.text("name", name),
        )

    # ---- the report ----------------------------------------------------------------

    def write_aspect(self, aspect: Aspect, text: str, actor: UUID, now: datetime) -> None:
        """Rewrite one of the four aspects; writing the same text again records nothing."""
        self.check_not_closed()
        text = v.text("text", text, max_len=v.LONG, required=False)
        current = self.aspects.get(aspect.value)
        if current is not None and current.text == text:
            return
        self._trigger(self.AspectWritten, actor, now, aspect=aspect, text=text)

    def record_risk_point(self, description: str, actor: UUID, now: datetime) -> UUID:
        self.check_not_closed()
        risk_point_id = uuid4()
        self._trigger(
            self.RiskPointRecorded, actor, now,
            risk_point_id=risk_point_id, description=self.check_description(description),
        )
        return risk_point_id

    def revise_risk_point(
        self, risk_point_id: UUID, description: str, actor: UUID, now: datetime
    ) -> None:
        self.check_not_closed()
        self.check_risk_point(risk_point_id)
        self._trigger(
            self.RiskPointRevised, actor, now,
            risk_point_id=risk_point_id, description=self.check_description(description),
        )

    def withdraw_risk_point(self, risk_point_id: UUID, actor: UUID, now: datetime) -> None:
        self.check_not_closed()
        self.check_risk_point(risk_point_id)
        if any(risk_point_id in m.addresses for m in self.measures.values()):
            raise Conflict(
                "risk_point_in_use", "a measure addresses this risk point; revise it first"
            )
        self._trigger(self.RiskPointWithdrawn, actor, now, risk_point_id=risk_point_id)

    def propose_measure(
        self,
        *,
        description: str,
        addresses: list[UUID],
        owner: str,
        due_on: date,
        actor: UUID,
        now: datetime,
    ) -> UUID:
        self.check_not_closed()
        measure_id = uuid4()
        self._trigger(
            self.MeasureProposed, actor, now, measure_id=measure_id,
            **self.check_measure(description, addresses, owner, due_on),
        )
        return measure_id

    def revise_measure(
        self,
        measure_id: UUID,
        *,
        description: str,
        addresses: list[UUID],
        owner: str,
        due_on: date,
        actor: UUID,
        now: datetime,
    ) -> None:
        self.check_not_closed()
        self.check_measure_exists(measure_id)
        self._trigger(
            self.MeasureRevised, actor, now, measure_id=measure_id,
            **self.check_measure(description, addresses, owner, due_on),
        )

    def withdraw_measure(self, measure_id: UUID, actor: UUID, now: datetime) -> None:
        self.check_not_closed()
        self.check_measure_exists(measure_id)
        self._trigger(self.MeasureWithdrawn, actor, now, measure_id=measure_id)

    def record_measure_progress(
        self, measure_id: UUID, note: str, actor: UUID, now: datetime
    ) -> None:
        """Follow-up: allowed in every state, a closed review included."""
        self.check_measure_open(measure_id)
        note = v.text("note", note, max_len=v.LONG)
        self._trigger(self.MeasureProgressRecorded, actor, now, measure_id=measure_id, note=note)

    def record_measure_taken(
        self, measure_id: UUID, evidence: str, actor: UUID, now: datetime
    ) -> None:
        """Follow-up: the measure was taken, with evidence; allowed in every state."""
        self.check_measure_open(measure_id)
        evidence = v.text("evidence", evidence, max_len=v.LONG)
        self._trigger(self.MeasureTaken, actor, now, measure_id=measure_id, evidence=evidence)

    # ---- signature, closing and correction ------------------------------------------

    def blockers(self, min_chars: int = DEFAULT_MIN_CHARS) -> list[dict[str, Any]]:
        """What stands between this report and its signature (empty when ready)."""
        return blockers(
            aspects=self.aspects,
            risk_points=self.risk_points,
            measures=self.measures,
            team=self.team,
            signatories=self.signatories,
            min_chars=min_chars,
        )

    def send_for_signature(
        self, actor: UUID, now: datetime, min_chars: int = DEFAULT_MIN_CHARS
    ) -> SignOff:
        """Start a sign-off of this exact revision; returns the new SignOff to save with it."""
        self.check_not_closed()
        if self.status is Status.AWAITING_SIGNATURES:
            raise InvalidTransition("already_sent", "this revision already awaits signatures")
        found = self.blockers(min_chars)
        if found:
            raise NotReadyForSignature(found)
        revision = self.report_revision + 1
        digest = self.content_hash()
        signoff = SignOff.start(
            review_id=self.id,
            revision=revision,
            content_hash=digest,
            slots=self.required_slots(),
            actor=actor,
            now=now,
        )
        self._trigger(
            self.SentForSignature, actor, now,
            revision=revision, content_hash=digest, signoff_id=signoff.id,
        )
        return signoff

    def required_slots(self) -> list[Slot]:
        """One slot per investigator, plus the three fixed signatories."""
        slots = [
            Slot(f"investigator:{m.account_id}", m.account_id, m.name, m.party.value)
            for m in sorted(self.team.values(), key=lambda m: (m.party.value, m.name))
        ]
        for role in SignatoryRole:
            s = self.signatories[role.value]
            slots.append(Slot(role.value, s.account_id, s.name, role.value))
        return slots

    def check_current_signoff(self, signoff: SignOff) -> None:
        """The sign-off is the one of the current revision, and the content is unchanged."""
        if (
            self.status is not Status.AWAITING_SIGNATURES
            or signoff.id != self.signoff_id
            or signoff.review_id != self.id
            or signoff.revision != self.report_revision
            or signoff.content_hash != self.content_hash()
        ):
            raise SignOffNotCurrent(
                "this sign-off is not the current revision's; its signatures no longer count"
            )

    def void_signoff(self, signoff: SignOff, cause: str, actor: UUID, now: datetime) -> None:
        """A signatory declined: the sign-off stops counting and drafting resumes."""
        self.check_current_signoff(signoff)
        self._trigger(self.SignOffVoided, actor, now, signoff_id=signoff.id, cause=cause)

    def close(
        self, signoff: SignOff, actor: UUID, now: datetime, late_reason: str = ""
    ) -> None:
        """Close when every slot of the current revision is signed or sealed (rule 4)."""
        self.check_not_closed()
        if self.status is not Status.AWAITING_SIGNATURES:
            raise InvalidTransition("not_awaiting_signatures", "the report is not out for signature")
        self.check_current_signoff(signoff)
        missing = signoff.unsigned_slots()
        if missing:
            raise SignaturesMissing(
                f"slots without signature or seal: {', '.join(missing)}", slots=missing
            )
        late = self.first_closed_at is None and is_past_due(self.due_on, now)
        late_reason = v.text("late_reason", late_reason or "", max_len=v.LONG, required=False)
        if late and not is_substantive(late_reason, MIN_REASON_CHARS):
            raise LateReasonRequired("closing after the due date needs a reason for the lateness")
        self._trigger(
            self.Closed, actor, now,
            revision=self.report_revision, signoff_id=signoff.id,
            late=late, late_reason=late_reason if late else "",
        )

    def open_correction(self, reason: str, actor: UUID, now: datetime) -> None:
        """Reopen a closed review for a new revision; the closed one stays in history."""
        if self.status is not Status.CLOSED:
            raise InvalidTransition("not_closed", "only a closed review can be corrected")
        self._trigger(self.CorrectionOpened, actor, now, reason=self.check_reason("reason", reason))

    # ---- derived views -----------------------------------------------------------

    def content_hash(self) -> str:
        return content_hash(self.signed_content())

    def signed_content(self) -> dict[str, Any]:
        return signed_content(
            self.incident, self.team, self.signatories,
            self.aspects, self.risk_points, self.measures,
        )

    def parties_missing(self) -> list[Party]:
        covered = {m.party for m in self.team.values()}
        return [p for p in Party if p not in covered]

    def is_submitted(self) -> bool:
        """Closed at least once: the deadline no longer runs."""
        return self.first_closed_at is not None

    def is_overdue(self, now: datetime) -> bool:
        return not self.is_submitted() and is_past_due(self.due_on, now)

    def days_left(self, now: datetime) -> int:
        return days_left(self.due_on, now)

    # ---- guards -------------------------------------------------------------------

    def check_not_closed(self) -> None:
        if self.status is Status.CLOSED:
            raise ReviewClosed("the review is closed; open a correction to change its report")

    @staticmethod
    def check_not_in_future(occurred_on: date, now: datetime) -> None:
        if occurred_on > local_date(now):
            raise v.InvalidValue("occurred_on", "cannot be in the future")

    @staticmethod
    def check_reason(field: str, reason: str) -> str:
        reason = v.text(field, reason, max_len=v.LONG)
        if not is_substantive(reason, MIN_REASON_CHARS):
            raise v.InvalidValue(field, "must say why, in a few words")
        return reason

    @staticmethod
    def check_description(description: str) -> str:
        return v.text("description", description, max_len=v.LONG)

    def check_risk_point(self, risk_point_id: UUID) -> None:
        if str(risk_point_id) not in self.risk_points:
            raise NotFoundInReview(
                "unknown_risk_point", "no such risk point on this review",
                risk_point_id=str(risk_point_id),
            )

    def check_measure_exists(self, measure_id: UUID) -> None:
        if str(measure_id) not in self.measures:
            raise NotFoundInReview(
                "unknown_measure", "no such measure on this review", measure_id=str(measure_id)
            )

    def check_measure_open(self, measure_id: UUID) -> None:
        self.check_measure_exists(measure_id)
        if self.measures[str(measure_id)].status is MeasureStatus.TAKEN:
            raise Conflict("measure_already_taken", "this measure is already recorded as taken")

    def check_measure(
        self, description: str, addresses: list[UUID], owner: str, due: date
    ) -> dict[str, Any]:
        if not addresses:
            raise v.InvalidValue("addresses", "name at least one risk point")
        for risk_point_id in addresses:
            self.check_risk_point(risk_point_id)
        return {
            "description": self.check_description(description),
            "addresses": tuple(dict.fromkeys(addresses)),
            "owner": v.text("owner", owner),
            "due_on": due,
        }

    def _trigger(self, event_class: type[Event], actor: UUID, now: datetime, **kwargs: Any) -> None:
        self.trigger_event(event_class, actor=actor, timestamp=now, **kwargs)
