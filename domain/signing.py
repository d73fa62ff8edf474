"""Sending a review's report for signature, the sign-off's currency, closing, and opening a
correction (brief, rules 1, 2, 4 and 5)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from domain import review_events as events
from domain import validation as v
from domain.content import CONTENT_HASH_ALGORITHM, algorithm_of
from domain.deadline import is_past_due
from domain.errors import (
    Code,
    InvalidTransition,
    LateReasonRequired,
    NotReadyForSignature,
    SignaturesMissing,
    SignOffNotCurrent,
)
from domain.readiness import blockers
from domain.review_base import MIN_REASON_CHARS, ReviewBase
from domain.signoff import SignOff
from domain.substance import DEFAULT_MIN_CHARS, is_substantive
from domain.values import Slot, Status


class SigningOff(ReviewBase):
    required_slots: Callable[[], list[Slot]]  # the team's (domain.team)
    check_no_withdrawal_pending: Callable[[], None]  # the incident's (domain.incident)
    themes_apply: Callable[[], bool]  # the classification's (domain.classifying)
    unthemed_risk_points: Callable[[], list[str]]

    def blockers(self, min_chars: int = DEFAULT_MIN_CHARS) -> list[dict[str, Any]]:
        """What stands between this report and its signature (empty when ready)."""
        return blockers(
            aspects=self.aspects,
            risk_points=self.risk_points,
            measures=self.measures,
            team=self.team,
            signatories=self.signatories,
            min_chars=min_chars,
            unthemed=self.unthemed_risk_points() if self.themes_apply() else None,
        )

    def send_for_signature(
        self,
        actor: UUID,
        now: datetime,
        min_chars: int = DEFAULT_MIN_CHARS,
        hash_algorithm: str = CONTENT_HASH_ALGORITHM,
    ) -> SignOff:
        """Start a sign-off of this exact revision; returns the new SignOff to save with it.
        ``hash_algorithm``: the store's (``sm3`` on the national suite); the recorded hash
        names it."""
        self.check_not_closed()
        self.check_not_sent()
        self.check_no_withdrawal_pending()
        self.check_ready(min_chars)
        revision = self.report_revision + 1
        digest = self.content_hash(hash_algorithm)
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
            themes_required=True,
        )
        return signoff

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
            paper_slots=tuple(k for k, m in signoff.marks.items() if m.paper),
        )

    def open_correction(self, reason: str, actor: UUID, now: datetime) -> None:
        """Reopen a closed review for a new revision; the closed one stays in history."""
        self.check_not_erased()
        self.check_closed()
        self._trigger(
            events.CorrectionOpened, actor, now, reason=self.check_reason("reason", reason)
        )

    # ---- guards ------------------------------------------------------------------------

    def check_current_signoff(self, signoff: SignOff) -> None:
        """The sign-off is the one of the current revision, and the content is unchanged."""
        if (
            self.status is not Status.AWAITING_SIGNATURES
            or signoff.id != self.signoff_id
            or signoff.review_id != self.id
            or signoff.revision != self.report_revision
            or signoff.content_hash != self.content_hash(algorithm_of(signoff.content_hash))
        ):
            raise SignOffNotCurrent(
                "this sign-off is not the current revision's; its signatures no longer count"
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
