"""What an account does with its credentials: signing keys (issued, resealed, revoked),
enrolment with a one-time code, and the notices its holder must read. A part of the
``Account`` aggregate (``domain/account.py``), kept apart to keep modules small; the events
stay nested in ``Account``, at their stored topics."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from domain.account_rules import check_enrolment


class Credentials:
    if TYPE_CHECKING:  # provided by Account
        id: UUID
        enrolment: dict[str, Any] | None
        notices: list[dict[str, Any]]
        revoked_keys: dict[str, datetime]
        signing_key_id: str
        Enrolled: Any
        EnrolmentOpened: Any
        FailedAttemptsAlerted: Any
        NoticesAnswered: Any
        SigningKeyIssued: Any
        SigningKeyResealed: Any
        SigningKeyRevoked: Any

        def trigger_event(self, event_class: Any, **kwargs: Any) -> None: ...

    def issue_signing_key(
        self,
        key_id: str,
        public_key: str,
        sealed_private_key: str,
        actor: UUID,
        now: datetime,
        *,
        provenance: str = "issued",
        requested_by: UUID | None = None,
        approved_by: UUID | None = None,
    ) -> None:
        self.trigger_event(
            self.SigningKeyIssued,
            actor=actor,
            timestamp=now,
            key_id=key_id,
            public_key=public_key,
            sealed_private_key=sealed_private_key,
            provenance=provenance,
            requested_by=requested_by,
            approved_by=approved_by,
        )

    def reseal_signing_key(self, sealed_private_key: str, actor: UUID, now: datetime) -> None:
        self.trigger_event(
            self.SigningKeyResealed,
            actor=actor,
            timestamp=now,
            key_id=self.signing_key_id,
            sealed_private_key=sealed_private_key,
        )

    def open_enrolment(
        self,
        code_hash: str,
        expires_at: datetime,
        actor: UUID,
        now: datetime,
        *,
        requested_by: UUID | None,
        approved_by: UUID | None,
    ) -> None:
        """Revoke the signing key at once, and let the holder set their own password."""
        if self.signing_key_id:
            self.trigger_event(
                self.SigningKeyRevoked,
                actor=actor,
                timestamp=now,
                key_id=self.signing_key_id,
                reason="reset",
            )
        self.trigger_event(
            self.EnrolmentOpened,
            actor=actor,
            timestamp=now,
            code_hash=code_hash,
            expires_at=expires_at,
            requested_by=requested_by,
            approved_by=approved_by,
        )

    def enrol(self, code_hash: str, password_hash: str, now: datetime) -> dict[str, Any]:
        """The holder sets their own password with the code; returns the enrolment (who
        asked and who approved), for the new key's provenance."""
        enrolment = check_enrolment(self.enrolment, code_hash, now)
        self.trigger_event(self.Enrolled, actor=self.id, timestamp=now, password_hash=password_hash)
        return enrolment

    def alert_failed_attempts(self, failures: int, actor: UUID, now: datetime) -> None:
        self.trigger_event(
            self.FailedAttemptsAlerted, actor=actor, timestamp=now, failures=failures
        )

    def answer_notices(self, reported: bool, now: datetime) -> None:
        if self.notices:
            self.trigger_event(
                self.NoticesAnswered, actor=self.id, timestamp=now, reported=reported
            )

    def key_revoked_before(self, key_id: str, moment: datetime) -> bool:
        revoked = self.revoked_keys.get(key_id)
        return revoked is not None and revoked <= moment
