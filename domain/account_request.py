"""A request to grant access, which a second administrator approves (separation of duties).

Opening an account, moving an account to a content role or widening its scope, and
resetting its password are requests: an administrator other than the requester and the
account approves within 72 hours, or the request lapses. The server's operator, at the
command line, counts as that second person (a county with one administrator is not
deadlocked).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.errors import Code, RuleRefusal

REQUEST_LIFETIME = timedelta(hours=72)


class RequestKind(Enum):
    OPEN_ACCOUNT = "open_account"
    CHANGE_ACCESS = "change_access"
    RESET_PASSWORD = "reset_password"  # noqa: S105 - a kind of request, not a password


class RequestStatus(Enum):
    PENDING = "pending"
    APPROVED = "approved"
    LAPSED = "lapsed"
    WITHDRAWN = "withdrawn"


class AccountRequest(Aggregate):
    class Event(Aggregate.Event):
        actor: UUID

    class Requested(Event, Aggregate.Created):
        kind: RequestKind
        target_id: UUID
        username: str
        display_name: str
        role: str
        jurisdictions: tuple[str, ...]
        city_wide: bool
        expires_at: datetime

        def apply(self, request: AccountRequest) -> None:
            request.kind = self.kind
            request.target_id = self.target_id
            request.username = self.username
            request.display_name = self.display_name
            request.role = self.role
            request.jurisdictions = tuple(self.jurisdictions)
            request.city_wide = self.city_wide
            request.requested_by = self.actor
            request.requested_at = self.timestamp
            request.expires_at = self.expires_at

    class Approved(Event):
        def apply(self, request: AccountRequest) -> None:
            request.status = RequestStatus.APPROVED
            request.decided_by = self.actor

    class Lapsed(Event):
        def apply(self, request: AccountRequest) -> None:
            request.status = RequestStatus.LAPSED

    class Withdrawn(Event):
        def apply(self, request: AccountRequest) -> None:
            request.status = RequestStatus.WITHDRAWN
            request.decided_by = self.actor

    def __init__(self) -> None:
        self.kind: RequestKind
        self.target_id: UUID
        self.username: str
        self.display_name: str
        self.role: str
        self.jurisdictions: tuple[str, ...] = ()
        self.city_wide = False
        self.requested_by: UUID
        self.requested_at: datetime
        self.expires_at: datetime
        self.status = RequestStatus.PENDING
        self.decided_by: UUID | None = None

    @classmethod
    def make(
        cls,
        *,
        kind: RequestKind,
        target_id: UUID,
        username: str,
        display_name: str = "",
        role: str = "",
        jurisdictions: tuple[str, ...] = (),
        city_wide: bool = False,
        actor: UUID,
        now: datetime,
    ) -> AccountRequest:
        return cls._create(
            cls.Requested,
            id=uuid4(),
            timestamp=now,
            actor=actor,
            kind=kind,
            target_id=target_id,
            username=username,
            display_name=display_name,
            role=role,
            jurisdictions=jurisdictions,
            city_wide=city_wide,
            expires_at=now + REQUEST_LIFETIME,
        )

    def expired(self, now: datetime) -> bool:
        return self.status is RequestStatus.PENDING and now >= self.expires_at

    def lapse(self, now: datetime) -> None:
        """Record that nobody approved it in time (done when next looked at)."""
        if self.expired(now):
            self.trigger_event(self.Lapsed, actor=self.requested_by, timestamp=now)

    def approve(self, approver: UUID, now: datetime) -> None:
        self.check_pending(now)
        if approver in (self.requested_by, self.target_id):
            raise RuleRefusal(
                Code.SAME_ADMINISTRATOR,
                "an administrator other than the requester and the account must approve",
            )
        self.trigger_event(self.Approved, actor=approver, timestamp=now)

    def withdraw(self, actor: UUID, now: datetime) -> None:
        self.check_pending(now)
        self.trigger_event(self.Withdrawn, actor=actor, timestamp=now)

    def check_pending(self, now: datetime) -> None:
        if self.expired(now) or self.status is RequestStatus.LAPSED:
            raise RuleRefusal(Code.REQUEST_LAPSED, "nobody approved it within 72 hours")
        if self.status is not RequestStatus.PENDING:
            raise RuleRefusal(Code.REQUEST_CLOSED, "this request was already decided")
