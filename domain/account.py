"""The Account aggregate: a user of fupan, its role, scope and credentials.

Role and scope changes are events, so inspectors see who could do what, and when. The
password hash is computed outside the domain (argon2id) and sealed at rest like other
sensitive fields.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import Enum
from typing import ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import validation as v
from domain.errors import Code, InvalidValue, Reason, RuleRefusal

ACCOUNT_NAMESPACE = uuid5(NAMESPACE_URL, "urn:fupan:account")
USERNAME = re.compile(r"[a-z][a-z0-9._-]{1,63}")


class Role(Enum):
    CASE_OFFICER = "case_officer"
    INVESTIGATOR = "investigator"
    SIGNATORY = "signatory"
    INSPECTOR = "inspector"
    ADMINISTRATOR = "administrator"


class Account(Aggregate):
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
        password_hash: str

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
        """A new personal key pair; the private half sealed under the password."""

        sensitive_fields = ("sealed_private_key",)

        key_id: str
        public_key: str
        sealed_private_key: str

        def apply(self, account: Account) -> None:
            account.public_keys[self.key_id] = self.public_key
            account.signing_key_id = self.key_id
            account.sealed_private_key = self.sealed_private_key

    class SigningKeyResealed(Event):
        """The same key pair, sealed under a new password."""

        sensitive_fields = ("sealed_private_key",)

        key_id: str
        sealed_private_key: str

        def apply(self, account: Account) -> None:
            account.sealed_private_key = self.sealed_private_key

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
        self.public_keys: dict[str, str] = {}  # every key ever issued, for verification
        self.signing_key_id = ""
        self.sealed_private_key = ""

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

    def issue_signing_key(
        self, key_id: str, public_key: str, sealed_private_key: str, actor: UUID, now: datetime
    ) -> None:
        self.trigger_event(
            self.SigningKeyIssued,
            actor=actor,
            timestamp=now,
            key_id=key_id,
            public_key=public_key,
            sealed_private_key=sealed_private_key,
        )

    def reseal_signing_key(self, sealed_private_key: str, actor: UUID, now: datetime) -> None:
        self.trigger_event(
            self.SigningKeyResealed,
            actor=actor,
            timestamp=now,
            key_id=self.signing_key_id,
            sealed_private_key=sealed_private_key,
        )

    def disable(self, actor: UUID, now: datetime) -> None:
        self.check_enabled()
        self.trigger_event(self.Disabled, actor=actor, timestamp=now)

    def enable(self, actor: UUID, now: datetime) -> None:
        self.check_disabled()
        self.trigger_event(self.Enabled, actor=actor, timestamp=now)

    def check_enabled(self) -> None:
        if self.disabled:
            raise RuleRefusal(Code.ALREADY_DISABLED, "the account is already disabled")

    def check_disabled(self) -> None:
        if not self.disabled:
            raise RuleRefusal(Code.ALREADY_ENABLED, "the account is not disabled")


def check_username(username: str) -> str:
    name = v.text("username", username, max_len=64).lower()
    if not USERNAME.fullmatch(name):
        raise InvalidValue(
            "username",
            Reason.USERNAME_FORMAT,
            "username: 2 to 64 characters: lower-case letters, digits, '.', '_' or '-'",
        )
    return name


def check_scope(role: Role, jurisdictions: list[str], city_wide: bool) -> tuple[str, ...]:
    scope = tuple(dict.fromkeys(v.text("jurisdictions", j) for j in jurisdictions))
    if role is not Role.CASE_OFFICER and (scope or city_wide):
        raise InvalidValue("jurisdictions", Reason.SCOPE_ONLY_FOR_OFFICERS)
    if city_wide and scope:
        raise InvalidValue("jurisdictions", Reason.SCOPE_CITY_OR_NAMED)
    return scope
