"""The incident's facts on a review: correcting its date and its other facts (audited, with
a reason), withdrawing a registration made in error or twice (two officers), and erasing
the student's personal data."""

from __future__ import annotations

import re
from datetime import date, datetime
from uuid import UUID

from domain import review_events as events
from domain import validation as v
from domain.deadline import EARLIEST_INCIDENT, local_date
from domain.errors import Code, InvalidTransition, InvalidValue, Reason, RuleRefusal
from domain.review_base import ReviewBase
from domain.substance import is_substantive
from domain.values import Category, Status, Student

MIN_WITHDRAWAL_CHARS = 10


# 复盘-2026-0042: the registration year (Asia/Shanghai), then a number counted per year.
REFERENCE_PREFIX = "复盘"
REFERENCE = re.compile(r"复盘-(\d{4})-(\d{4,6})")


def reference_number(year: int, n: int) -> str:
    return f"{REFERENCE_PREFIX}-{year:04d}-{n:04d}"


class IncidentFacts(ReviewBase):
    def assign_reference_number(self, number: str, actor: UUID, now: datetime) -> None:
        """Name the review by its reference number, once. Allowed in every state, an erased
        review included: the number says nothing of the student."""
        if self.reference is not None:
            raise InvalidTransition(Code.ALREADY_NUMBERED, "the review has a reference number")
        self.check_reference_number(number)
        self._trigger(events.ReferenceNumberAssigned, actor, now, number=number)

    def correct_incident_date(
        self, occurred_on: date, reason: str, actor: UUID, now: datetime
    ) -> None:
        self.check_not_closed()
        self.check_incident_date(occurred_on, now)
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

    def request_withdrawal(
        self, reason: str, duplicate_of: UUID | None, actor: UUID, now: datetime
    ) -> None:
        """Ask to withdraw this registration (made in error, or a duplicate of another),
        before it was ever sent for signature; a second officer confirms."""
        self.check_writable()
        self.check_never_sent()
        self.check_no_withdrawal_pending()
        if duplicate_of is not None and duplicate_of == self.id:
            raise InvalidValue("duplicate_of", Reason.NOT_ITSELF)
        reason = v.text("reason", reason or "", max_len=v.LONG, required=False)
        if duplicate_of is None and not is_substantive(reason, MIN_WITHDRAWAL_CHARS):
            raise InvalidValue("reason", Reason.TOO_SHORT, limit=MIN_WITHDRAWAL_CHARS)
        self._trigger(
            events.WithdrawalRequested, actor, now, reason=reason, duplicate_of=duplicate_of
        )

    def cancel_withdrawal(self, actor: UUID, now: datetime) -> None:
        self.check_writable()
        self.check_withdrawal_pending()
        self._trigger(events.WithdrawalCancelled, actor, now)

    def confirm_withdrawal(self, actor: UUID, now: datetime) -> None:
        """A second officer confirms: the review becomes read-only and leaves the deadlines."""
        self.check_writable()
        self.check_withdrawal_pending()
        self.check_never_sent()
        assert self.withdrawal is not None
        if self.withdrawal["requested_by"] == actor:
            raise RuleRefusal(
                Code.SAME_OFFICER, "another officer must confirm a withdrawal you requested"
            )
        self._trigger(events.RegistrationWithdrawn, actor, now)

    def check_never_sent(self) -> None:
        if self.report_revision > 0 or self.status is Status.AWAITING_SIGNATURES:
            raise InvalidTransition(
                Code.ALREADY_SENT_ONCE,
                "the report was sent for signature: correct it instead of withdrawing",
            )

    def check_no_withdrawal_pending(self) -> None:
        if self.withdrawal is not None:
            raise RuleRefusal(Code.WITHDRAWAL_PENDING, "a withdrawal awaits confirmation")

    def check_withdrawal_pending(self) -> None:
        if self.withdrawal is None:
            raise RuleRefusal(Code.NO_WITHDRAWAL_PENDING, "no withdrawal was requested")

    def erase_personal_data(self, reason: str, actor: UUID, now: datetime) -> None:
        """Record the destruction of this review's data key (the store destroys it with this
        event). Allowed in every state, a closed review included; afterwards nothing changes."""
        self.check_not_erased()
        self._trigger(
            events.PersonalDataErased, actor, now, reason=self.check_reason("reason", reason)
        )

    @staticmethod
    def check_reference_number(number: str) -> None:
        if not isinstance(number, str) or not REFERENCE.fullmatch(number):
            raise InvalidValue("reference_number", Reason.INVALID)

    @staticmethod
    def check_incident_date(occurred_on: date, now: datetime) -> None:
        """Plausible: not in the future, not before 2000."""
        if occurred_on > local_date(now):
            raise InvalidValue("occurred_on", Reason.IN_THE_FUTURE)
        if occurred_on < EARLIEST_INCIDENT:
            raise InvalidValue("occurred_on", Reason.BEFORE_2000)
