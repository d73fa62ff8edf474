"""The Review aggregate: one event stream per incident (复盘).

Commands are verbs of the domain; they check the rules (``check_*``) and trigger events,
which are past tense and carry the acting account's id. Every change to signed content
(brief, rule 4) returns a review awaiting signatures to its drafting state, so the sign-off
of the previous revision no longer counts.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain import review_events as events
from domain import validation as v
from domain.content import content_hash, signed_content
from domain.deadline import days_left, is_past_due, local_date
from domain.errors import (
    Code,
    InvalidTransition,
    InvalidValue,
    LateReasonRequired,
    NotFoundInReview,
    NotReadyForSignature,
    Reason,
    ReviewClosed,
    RuleRefusal,
    SignaturesMissing,
    SignOffNotCurrent,
)
from domain.readiness import blockers
from domain.report import ReportDrafting
from domain.signoff import SignOff
from domain.substance import DEFAULT_MIN_CHARS, is_substantive
from domain.values import (
    AspectText,
    Category,
    Incident,
    Measure,
    Member,
    Party,
    RiskPoint,
    Signatory,
    SignatoryRole,
    Slot,
    Status,
    Student,
)

MIN_REASON_CHARS = 4


class Review(ReportDrafting, Aggregate):
    """A four-party review of one incident, from registration to closing and correction."""

    # The shape of a snapshot's state; each change comes with an upcaster below.
    class_version = 2

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
        )

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

    # ---- the team and the signatories ------------------------------------------------

    def appoint_member(
        self, account_id: UUID, name: str, party: Party, actor: UUID, now: datetime
    ) -> None:
        self.check_not_closed()
        self.check_not_member(account_id)
        self._trigger(
            events.MemberAppointed,
            actor,
            now,
            account_id=account_id,
            name=v.text("name", name),
            party=party,
        )

    def remove_member(self, account_id: UUID, actor: UUID, now: datetime) -> None:
        self.check_not_closed()
        self.check_member(account_id)
        self._trigger(events.MemberRemoved, actor, now, account_id=account_id)

    def designate_signatory(
        self, role: SignatoryRole, account_id: UUID, name: str, actor: UUID, now: datetime
    ) -> None:
        self.check_not_closed()
        self._trigger(
            events.SignatoryDesignated,
            actor,
            now,
            role=role,
            account_id=account_id,
            name=v.text("name", name),
        )

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
        self.check_not_sent()
        self.check_ready(min_chars)
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
            events.SentForSignature,
            actor,
            now,
            revision=revision,
            content_hash=digest,
            signoff_id=signoff.id,
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
        self._trigger(events.SignOffVoided, actor, now, signoff_id=signoff.id, cause=cause)

    def close(self, signoff: SignOff, actor: UUID, now: datetime, late_reason: str = "") -> None:
        """Close when every slot of the current revision is signed or sealed (rule 4)."""
        self.check_not_closed()
        self.check_awaiting_signatures()
        self.check_current_signoff(signoff)
        self.check_fully_signed(signoff)
        late = self.first_closed_at is None and is_past_due(self.due_on, now)
        late_reason = self.check_late_reason(late, late_reason)
        self._trigger(
            events.Closed,
            actor,
            now,
            revision=self.report_revision,
            signoff_id=signoff.id,
            late=late,
            late_reason=late_reason if late else "",
        )

    def open_correction(self, reason: str, actor: UUID, now: datetime) -> None:
        """Reopen a closed review for a new revision; the closed one stays in history."""
        self.check_not_erased()
        self.check_closed()
        self._trigger(
            events.CorrectionOpened, actor, now, reason=self.check_reason("reason", reason)
        )

    # ---- derived views -----------------------------------------------------------

    def content_hash(self) -> str:
        return content_hash(self.signed_content())

    def signed_content(self) -> dict[str, Any]:
        return signed_content(
            incident=self.incident,
            team=self.team,
            signatories=self.signatories,
            aspects=self.aspects,
            risk_points=self.risk_points,
            measures=self.measures,
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

    def erase_personal_data(self, reason: str, actor: UUID, now: datetime) -> None:
        """Record the destruction of this review's data key (the store destroys it with this
        event). Allowed in every state, a closed review included; afterwards nothing changes."""
        self.check_not_erased()
        self._trigger(
            events.PersonalDataErased, actor, now, reason=self.check_reason("reason", reason)
        )

    def check_not_erased(self) -> None:
        if self.erased:
            raise InvalidTransition(
                Code.PERSONAL_DATA_ERASED, "this review's personal data was erased; it is read-only"
            )

    def check_closed(self) -> None:
        if self.status is not Status.CLOSED:
            raise InvalidTransition(Code.NOT_CLOSED, "only a closed review can be corrected")

    def check_not_sent(self) -> None:
        if self.status is Status.AWAITING_SIGNATURES:
            raise InvalidTransition(Code.ALREADY_SENT, "this revision already awaits signatures")

    def check_awaiting_signatures(self) -> None:
        if self.status is not Status.AWAITING_SIGNATURES:
            raise InvalidTransition(
                Code.NOT_AWAITING_SIGNATURES, "the report is not out for signature"
            )

    def check_ready(self, min_chars: int) -> None:
        """Every blocker at once, so that a user can fix them all in one pass."""
        found = self.blockers(min_chars)
        if found:
            raise NotReadyForSignature(found)

    def check_fully_signed(self, signoff: SignOff) -> None:
        missing = signoff.unsigned_slots()
        if missing:
            raise SignaturesMissing(
                f"slots without signature or seal: {', '.join(missing)}", slots=missing
            )

    def check_late_reason(self, late: bool, late_reason: str) -> str:
        """Closing after the due date needs a reason for the lateness (rule 2)."""
        late_reason = v.text("late_reason", late_reason or "", max_len=v.LONG, required=False)
        if late and not is_substantive(late_reason, MIN_REASON_CHARS):
            raise LateReasonRequired("closing after the due date needs a reason for the lateness")
        return late_reason

    def check_member(self, account_id: UUID) -> None:
        if str(account_id) not in self.team:
            raise NotFoundInReview(Code.NOT_A_MEMBER, "this account is not on the team")

    def check_not_member(self, account_id: UUID) -> None:
        if str(account_id) in self.team:
            raise RuleRefusal(Code.ALREADY_MEMBER, "this account is already on the team")

    def check_not_closed(self) -> None:
        self.check_not_erased()
        if self.status is Status.CLOSED:
            raise ReviewClosed("the review is closed; open a correction to change its report")

    @staticmethod
    def check_not_in_future(occurred_on: date, now: datetime) -> None:
        if occurred_on > local_date(now):
            raise InvalidValue("occurred_on", Reason.IN_THE_FUTURE)

    @staticmethod
    def check_reason(field: str, reason: str) -> str:
        reason = v.text(field, reason, max_len=v.LONG)
        if not is_substantive(reason, MIN_REASON_CHARS):
            raise InvalidValue(field, Reason.SAY_WHY)
        return reason

    def _trigger(
        self, event_class: type[events.ReviewEvent], actor: UUID, now: datetime, **kwargs: Any
    ) -> None:
        self.trigger_event(event_class, actor=actor, timestamp=now, **kwargs)
