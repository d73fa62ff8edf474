"""Granting access takes two administrators; a password is set only by its holder.

Opening an account, moving one to a content role, widening a scope and resetting a
password are requests. An administrator other than the requester and the account approves
within 72 hours (or the server's operator, at the command line), and only then does the
desk act. Opening and resetting do not hand anyone a password: the approver receives a
one-time enrolment code (shown once, stored as a keyed hash, valid 72 hours) to give the
holder in person; the holder sets their own password with it, and only then is a signing
key created, naming who asked and who approved.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from application.account_commands import AccountCommands
from application.presenters import request_summary
from application.views import AccountRequestView
from domain import validation as v
from domain.account import Account, Role, check_scope, check_username
from domain.account_request import AccountRequest, RequestKind, RequestStatus
from domain.account_rules import CONTENT_ROLES, check_enrolment, widens
from domain.errors import Code, InvalidValue, Reason, RuleRefusal

ENROLMENT_LIFETIME = timedelta(hours=72)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed by hand


@dataclass(frozen=True)
class Approval:
    """What an approval did; ``code`` is the enrolment code, shown once to the approver."""

    kind: str
    account_id: UUID
    code: str | None


class AccountRequests(AccountCommands):
    def request_account(
        self,
        *,
        username: str,
        display_name: str,
        role: str,
        actor: UUID,
        jurisdictions: list[str] | None = None,
        city_wide: bool = False,
    ) -> UUID:
        """Ask to open an account; returns the request's id."""
        name = check_username(username)
        self._check_username_free(name)
        kind = v.choice("role", role, Role)
        scope = check_scope(kind, list(jurisdictions or []), bool(city_wide))
        return self._request(
            RequestKind.OPEN_ACCOUNT,
            Account.create_id(name),
            actor,
            username=name,
            display_name=v.text("display_name", display_name),
            role=kind.value,
            jurisdictions=scope,
            city_wide=bool(city_wide),
        )

    def request_access_change(
        self,
        account_id: UUID,
        *,
        role: str,
        actor: UUID,
        jurisdictions: list[str] | None = None,
        city_wide: bool = False,
    ) -> UUID | None:
        """Change an account's role or scope: a request when it grants content or widens a
        scope (returns its id), at once when it narrows (returns None)."""
        actor = v.an_id("actor", actor)
        account = self._account(account_id)
        self.check_not_own(account.id, actor)
        new_role = v.choice("role", role, Role)
        account.check_role_move(new_role)
        scope = check_scope(new_role, list(jurisdictions or []), bool(city_wide))
        grants = new_role is not account.role and new_role in CONTENT_ROLES
        if not grants and not widens(
            (account.jurisdictions, account.city_wide), (scope, bool(city_wide))
        ):
            self.change_access(
                account.id,
                role=new_role.value,
                jurisdictions=list(scope),
                city_wide=bool(city_wide),
                actor=actor,
            )
            return None
        return self._request(
            RequestKind.CHANGE_ACCESS,
            account.id,
            actor,
            username=account.username,
            display_name=account.display_name,
            role=new_role.value,
            jurisdictions=scope,
            city_wide=bool(city_wide),
        )

    def request_reset(self, account_id: UUID, *, actor: UUID) -> UUID:
        """Ask to reset an account's password (its holder will enrol again)."""
        actor = v.an_id("actor", actor)
        account = self._account(account_id)
        self.check_not_own(account.id, actor)
        return self._request(
            RequestKind.RESET_PASSWORD,
            account.id,
            actor,
            username=account.username,
            display_name=account.display_name,
            role=account.role.value,
        )

    def approve_request(self, request_id: UUID, *, actor: UUID) -> Approval:
        """A second administrator (or the server's operator) approves: the desk acts now.
        An expired request is recorded as lapsed and refused."""
        approver = v.an_id("actor", actor)
        request = self._request_of(request_id)
        now = self.clock.now()
        again = self._approved_again(request, approver)
        if again is not None:
            return again
        if request.expired(now):
            request.lapse(now)
            self.save(request)
        request.approve(approver, now)
        code = None
        if request.kind is RequestKind.OPEN_ACCOUNT:
            self._check_username_free(request.username)
            account = Account.open(
                username=request.username,
                display_name=request.display_name,
                role=Role(request.role),
                jurisdictions=list(request.jurisdictions),
                city_wide=request.city_wide,
                password_hash="",
                actor=approver,
                now=now,
            )
            code = self._open_enrolment(account, request, approver)
            self._save_account(account, request, **self.keys.create_key(account.id))
        elif request.kind is RequestKind.CHANGE_ACCESS:
            account = self._account(request.target_id)
            account.change_role(Role(request.role), approver, now)
            account.change_scope(list(request.jurisdictions), request.city_wide, approver, now)
            self._save_account(account, request)
        else:
            account = self._account(request.target_id)
            code = self._open_enrolment(account, request, approver)
            self._save_account(account, request)
            self._end_access(account.id)
        return Approval(request.kind.value, account.id, code)

    def _approved_again(self, request: AccountRequest, approver: UUID) -> Approval | None:
        """The approver asks again (a double-click, the back button, a lost slip) while the
        holder has not enrolled: a new code replaces the old one, which stops working."""
        if request.status is not RequestStatus.APPROVED or request.decided_by != approver:
            return None
        if request.kind is RequestKind.CHANGE_ACCESS:
            return Approval(request.kind.value, request.target_id, None)
        account = self._account(request.target_id)
        if account.enrolment is None:
            return None  # enrolled already: the request is closed
        code = self._open_enrolment(account, request, approver)
        self._save_account(account)
        return Approval(request.kind.value, account.id, code)

    def withdraw_request(self, request_id: UUID, *, actor: UUID) -> None:
        """The requester (or another administrator) drops a pending request."""
        request = self._request_of(request_id)
        request.withdraw(v.an_id("actor", actor), self.clock.now())
        self.save(request)

    def account_requests(self) -> list[AccountRequestView]:
        """Every request, newest first; one found past its 72 hours is recorded as lapsed."""
        topic = get_topic(AccountRequest.Requested)
        now = self.clock.now()
        found = []
        for n in self.recorder.select_notifications(1, 100_000, topics=[topic]):
            request = self._request_of(UUID(str(n.originator_id)))
            if request.expired(now):
                request.lapse(now)
                self.save(request)
            found.append(request_summary(request))
        return sorted(found, key=lambda r: r["requested_at"], reverse=True)

    def enrol(self, *, username: str, code: str, password: str) -> UUID:
        """The holder sets their own password with the one-time code; only now is their
        signing key created, naming who asked and who approved."""
        account = self._find_account(Account.create_id(check_username(username)))
        if account is None:  # the same answer as a wrong code: no account is confirmed
            raise RuleRefusal(Code.ENROLMENT_INVALID, "the code is wrong, used or expired")
        code_hash = self._code_hash(account.id, code)
        if (
            account.enrolment is None
            and account.used_code_hash
            and hmac.compare_digest(account.used_code_hash, code_hash)
            and self.passwords.verify(account.password_hash, password)
        ):
            return account.id  # the same enrolment submitted twice: already done
        now = self.clock.now()
        check_enrolment(account.enrolment, code_hash, now)  # before any costly hashing
        self.passwords.check_strength(password, self.own_words(account))
        enrolment = account.enrol(code_hash, self.passwords.hash(password), now)
        issued = self.signing_keys.issue(password, account.id)
        account.issue_signing_key(
            issued.key_id,
            issued.public_key,
            issued.sealed_private_key,
            account.id,
            now,
            provenance="enrolment",
            requested_by=enrolment["requested_by"],
            approved_by=enrolment["approved_by"],
        )
        self._save_account(account)
        return account.id

    # ---- internals ------------------------------------------------------------------

    def _request(self, kind: RequestKind, target: UUID, actor: UUID, **fields: Any) -> UUID:
        request = AccountRequest.make(
            kind=kind,
            target_id=target,
            actor=v.an_id("actor", actor),
            now=self.clock.now(),
            **fields,
        )
        self.save(request)
        return request.id

    def _request_of(self, request_id: UUID) -> AccountRequest:
        found: Any = None
        try:
            found = self.repository.get(v.an_id("request_id", request_id))
        except AggregateNotFoundError:
            found = None
        if not isinstance(found, AccountRequest):
            raise InvalidValue("request_id", Reason.NO_SUCH_REQUEST)
        return found

    def _open_enrolment(self, account: Account, request: AccountRequest, approver: UUID) -> str:
        code = "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))
        now = self.clock.now()
        account.open_enrolment(
            self._code_hash(account.id, code),
            now + ENROLMENT_LIFETIME,
            approver,
            now,
            requested_by=request.requested_by,
            approved_by=approver,
        )
        return code

    def _code_hash(self, account_id: UUID, code: str) -> str:
        typed = "".join(code.split()).replace("-", "").upper()
        return self.keyed.keyed_hash("enrolment-codes", f"{account_id}|{typed}")


__all__ = ["AccountRequests", "Approval", "RequestStatus"]
