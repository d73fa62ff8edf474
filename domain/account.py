"""The Account aggregate: a user of fupan, its role, scope and credentials.

Role and scope changes are events, so inspectors see who could do what, and when. The
password hash is computed outside the domain (argon2id) and sealed at rest like other
sensitive fields. A personal signing key exists only after its holder set their own
password: at creation from the server's command line, or by enrolling with a one-time code
after an account was opened or reset through the two-administrator procedure; every key
records where it came from (its provenance), and a revoked key signs nothing after.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import validation as v
from domain.account_contact import Contact
from domain.account_credentials import Credentials
from domain.account_rules import (
    CONTENT_ROLES,
    Role,
    check_scope,
    check_username,
)
from domain.errors import Code, RuleRefusal

__all__ = ["CONTENT_ROLES", "Account", "Role", "check_scope", "check_username"]

ACCOUNT_NAMESPACE = uuid5(NAMESPACE_URL, "urn:fupan:account")


class Account(Credentials, Contact, Aggregate):
    class Event(Aggregate.Event):
        actor: UUID
        sensitive_fields: ClassVar[tuple[str, ...]] = ()

    class Created(Event, Aggregate.Created):
        sensitive_fields = ("password_hash",)

        username: str
        display_name: str
        role: Role
        jurisdictions: tuple[str, ...]
        city_wide: bool
        password_hash: str  # "" when the holder is to enrol with a code

        def apply(self, account: Account) -> None:
            account.username = self.username
            account.display_name = self.display_name
            account.role = self.role
            account.jurisdictions = tuple(self.jurisdictions)
            account.city_wide = self.city_wide
            account.password_hash = self.password_hash

    class RoleChanged(Event):
        role: Role

        def apply(self, account: Account) -> None:
            account.role = self.role

    class ScopeChanged(Event):
        jurisdictions: tuple[str, ...]
        city_wide: bool

        def apply(self, account: Account) -> None:
            account.jurisdictions = tuple(self.jurisdictions)
            account.city_wide = self.city_wide

    class PasswordChanged(Event):
        sensitive_fields = ("password_hash",)

        password_hash: str
        reset_by_administrator: bool

        def apply(self, account: Account) -> None:
            account.password_hash = self.password_hash

    class SigningKeyIssued(Event):
        """A new personal key pair; the private half sealed under the holder's password.
        ``provenance``: ``enrolment`` (the holder set their own password, after a request
        ``requested_by`` and ``approved_by``) or ``issued`` (by the actor, before v2 or at
        the server's command line)."""

        class_version = 2
        sensitive_fields = ("sealed_private_key",)

        key_id: str
        public_key: str
        sealed_private_key: str
        provenance: str
        requested_by: UUID | None
        approved_by: UUID | None

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state.update(provenance="issued", requested_by=state["actor"], approved_by=None)

        def apply(self, account: Account) -> None:
            reissued = bool(account.public_keys)  # the account had a key before this one
            account.public_keys[self.key_id] = self.public_key
            account.signing_key_id = self.key_id
            account.sealed_private_key = self.sealed_private_key
            account.key_provenance[self.key_id] = {
                "provenance": self.provenance,
                "issued_at": self.timestamp,
                "issued_by": self.actor,
                "requested_by": self.requested_by,
                "approved_by": self.approved_by,
                "reissued": reissued,
            }
            if reissued and self.provenance == "enrolment":
                # Shown to the holder at their next sign-in, with a way to report it.
                account.notices.append(
                    {
                        "kind": "key_reissued",
                        "key_id": self.key_id,
                        "at": self.timestamp,
                        "requested_by": self.requested_by,
                        "approved_by": self.approved_by,
                    }
                )

    class SigningKeyResealed(Event):
        """The same key pair, sealed under a new password."""

        sensitive_fields = ("sealed_private_key",)

        key_id: str
        sealed_private_key: str

        def apply(self, account: Account) -> None:
            account.sealed_private_key = self.sealed_private_key

    class SigningKeyRevoked(Event):
        """The key signs nothing from now on; a signature dated after this is invalid."""

        key_id: str
        reason: str

        def apply(self, account: Account) -> None:
            account.revoked_keys[self.key_id] = self.timestamp
            if account.signing_key_id == self.key_id:
                account.signing_key_id = ""
                account.sealed_private_key = ""

    class EnrolmentOpened(Event):
        """The holder may set their own password with a one-time code (its keyed hash is
        stored); until then the account has no usable password and no signing key."""

        code_hash: str
        expires_at: datetime
        requested_by: UUID | None
        approved_by: UUID | None

        def apply(self, account: Account) -> None:
            account.password_hash = ""
            account.enrolment = {
                "code_hash": self.code_hash,
                "expires_at": self.expires_at,
                "requested_by": self.requested_by,
                "approved_by": self.approved_by,
            }

    class Enrolled(Event):
        """The holder set their own password with the code (used up)."""

        sensitive_fields = ("password_hash",)
        password_hash: str

        def apply(self, account: Account) -> None:
            account.password_hash = self.password_hash
            if account.enrolment is not None:
                account.used_code_hash = str(account.enrolment["code_hash"])
            account.enrolment = None

    class FailedAttemptsAlerted(Event):
        """Many wrong passwords for this account, from any address: the holder and the
        administrators are told."""

        failures: int

        def apply(self, account: Account) -> None:
            account.notices.append(
                {"kind": "failed_attempts", "failures": self.failures, "at": self.timestamp}
            )

    class NoticesAnswered(Event):
        """The holder read their notices; ``reported``: they said a re-issued key was not
        theirs to have asked for."""

        reported: bool

        def apply(self, account: Account) -> None:
            if self.reported:
                account.key_reports.append(self.timestamp)
            account.notices = []

    class UnitChanged(Event):
        """The unit (单位) the holder works for, shown beside their name when people are
        picked for a team."""

        unit: str

        def apply(self, account: Account) -> None:
            account.unit = self.unit

    class Disabled(Event):
        def apply(self, account: Account) -> None:
            account.disabled = True

    class Enabled(Event):
        def apply(self, account: Account) -> None:
            account.disabled = False

    def __init__(self) -> None:
        self.username: str
        self.display_name: str
        self.role: Role
        self.jurisdictions: tuple[str, ...] = ()
        self.city_wide = False
        self.password_hash: str
        self.disabled = False
        self.unit = ""
        self.public_keys: dict[str, str] = {}  # every key ever issued, for verification
        self.key_provenance: dict[str, dict[str, Any]] = {}
        self.revoked_keys: dict[str, datetime] = {}
        self.signing_key_id = ""
        self.sealed_private_key = ""
        self.enrolment: dict[str, Any] | None = None
        self.used_code_hash = ""  # the last enrolment's code, to recognise a resubmission
        self.notices: list[dict[str, Any]] = []
        self.key_reports: list[datetime] = []  # the holder said a re-issue was not theirs

    @staticmethod
    def create_id(username: str) -> UUID:
        """Stable: the id follows from the (lower-case) username."""
        return uuid5(ACCOUNT_NAMESPACE, username.strip().lower())

    @classmethod
    def open(
        cls,
        *,
        username: str,
        display_name: str,
        role: Role,
        jurisdictions: list[str],
        city_wide: bool,
        password_hash: str,
        actor: UUID,
        now: datetime,
    ) -> Account:
        name = check_username(username)
        scope = check_scope(role, jurisdictions, city_wide)
        return cls._create(
            cls.Created,
            id=cls.create_id(name),
            timestamp=now,
            actor=actor,
            username=name,
            display_name=v.text("display_name", display_name),
            role=role,
            jurisdictions=scope,
            city_wide=city_wide,
            password_hash=password_hash,
        )

    def change_role(self, role: Role, actor: UUID, now: datetime) -> None:
        """A new role; leaving the case officer role clears the jurisdiction scope."""
        if role is self.role:
            return
        self.check_role_move(role)
        if role is not Role.CASE_OFFICER and (self.jurisdictions or self.city_wide):
            self.trigger_event(
                self.ScopeChanged, actor=actor, timestamp=now, jurisdictions=(), city_wide=False
            )
        self.trigger_event(self.RoleChanged, actor=actor, timestamp=now, role=role)

    def change_scope(
        self, jurisdictions: list[str], city_wide: bool, actor: UUID, now: datetime
    ) -> None:
        scope = check_scope(self.role, jurisdictions, city_wide)
        self.trigger_event(
            self.ScopeChanged, actor=actor, timestamp=now, jurisdictions=scope, city_wide=city_wide
        )

    def change_password(
        self, password_hash: str, actor: UUID, now: datetime, *, by_administrator: bool
    ) -> None:
        self.trigger_event(
            self.PasswordChanged,
            actor=actor,
            timestamp=now,
            password_hash=password_hash,
            reset_by_administrator=by_administrator,
        )

    def change_unit(self, unit: str, actor: UUID, now: datetime) -> None:
        new = v.text("unit", unit, required=False)
        if new != self.unit:
            self.trigger_event(self.UnitChanged, actor=actor, timestamp=now, unit=new)

    def disable(self, actor: UUID, now: datetime) -> None:
        self.check_enabled()
        self.trigger_event(self.Disabled, actor=actor, timestamp=now)

    def enable(self, actor: UUID, now: datetime) -> None:
        self.check_disabled()
        self.trigger_event(self.Enabled, actor=actor, timestamp=now)

    # ---- guards ------------------------------------------------------------------------

    def check_enabled(self) -> None:
        if self.disabled:
            raise RuleRefusal(Code.ALREADY_DISABLED, "the account is already disabled")

    def check_disabled(self) -> None:
        if not self.disabled:
            raise RuleRefusal(Code.ALREADY_ENABLED, "the account is not disabled")

    def check_role_move(self, role: Role) -> None:
        """Nobody moves between administration and case content: that takes two accounts."""
        if (self.role is Role.ADMINISTRATOR) != (role is Role.ADMINISTRATOR):
            raise RuleRefusal(
                Code.ROLE_SEPARATION, "administrators and content roles need separate accounts"
            )
