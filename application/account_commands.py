"""Accounts: opening one at the server, role and scope, passwords, disabling, signing in.

Granting access through the web is a request that a second administrator approves
(``account_requests.py``); this module holds what the desk does once that is settled, and
what an account holder does to their own account.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from application.errors import ConflictError
from application.policy import Principal
from application.ports import PasswordHasher
from application.presenters import account_event, account_summary
from application.projection import account_row
from application.reference_data import ReferenceData
from application.views import AccountEvent, AccountName, AccountSummary
from domain import validation as v
from domain.account import Account, Role, check_username
from domain.account_request import AccountRequest
from domain.errors import Code, InvalidValue, Reason, RuleRefusal

# Verified when the username is unknown, so that both cases take the same time.
_UNKNOWN_USER_HASH: dict[int, str] = {}


class AccountCommands(ReferenceData):
    passwords: PasswordHasher

    def create_account(
        self,
        *,
        username: str,
        display_name: str,
        role: str,
        password: str,
        actor: UUID,
        jurisdictions: list[str] | None = None,
        city_wide: bool = False,
        unit: str = "",
    ) -> UUID:
        """Open an account with its password, at the server (the operator holds the keys
        anyway); through the web, accounts are opened by request and enrolment. A
        jurisdiction of its scope that the list lacks joins the list (recorded), so that
        the server's bootstrap path keeps working."""
        actor = v.an_id("actor", actor)
        name = check_username(username)
        self._check_username_free(name)
        self.passwords.check_strength(
            password, self.user_inputs(name, display_name, *(jurisdictions or []))
        )
        now = self.clock.now()
        account = Account.open(
            username=name,
            display_name=display_name,
            role=v.choice("role", role, Role),
            jurisdictions=list(jurisdictions or []),
            city_wide=bool(city_wide),
            password_hash=self.passwords.hash(password),
            actor=actor,
            now=now,
        )
        issued = self.signing_keys.issue(password, account.id)
        account.issue_signing_key(
            issued.key_id,
            issued.public_key,
            issued.sealed_private_key,
            actor,
            now,
            provenance="issued",
            requested_by=actor,
        )
        account.change_unit(unit, actor, now)
        self._save_account(account, **self.keys.create_key(account.id))
        for place in account.jurisdictions:
            self.ensure_reference(kind="jurisdiction", code=place, actor=actor, source="account")
        return account.id

    def change_unit(self, account_id: UUID, *, unit: str, actor: UUID) -> None:
        """The unit (单位) an account holder works for; it grants nothing."""
        actor = v.an_id("actor", actor)
        account = self._account(account_id)
        self.check_not_own(account.id, actor)
        account.change_unit(unit, actor, self.clock.now())
        self._save_account(account)

    def change_access(
        self,
        account_id: UUID,
        *,
        role: str,
        actor: UUID,
        jurisdictions: list[str] | None = None,
        city_wide: bool = False,
    ) -> None:
        """A role and, for case officers, the jurisdictions they see (or the whole city),
        changed together; effective from the account's next request."""
        actor = v.an_id("actor", actor)
        account = self._account(account_id)
        self.check_not_own(account.id, actor)
        now = self.clock.now()
        account.change_role(v.choice("role", role, Role), actor, now)
        scope = (list(account.jurisdictions), account.city_wide)
        if (list(jurisdictions or []), bool(city_wide)) != scope:
            account.change_scope(list(jurisdictions or []), bool(city_wide), actor, now)
        self._save_account(account)

    def change_password(self, account_id: UUID, *, current: str, new: str) -> None:
        """The account holder changes their own password, giving the current one; every
        session and API token of the account ends (the caller opens a new session)."""
        account = self._account(account_id)
        if not account.password_hash or not self.passwords.verify(account.password_hash, current):
            raise InvalidValue("current_password", Reason.DOES_NOT_MATCH)
        self.passwords.check_strength(new, self.own_words(account))
        now = self.clock.now()
        account.change_password(self.passwords.hash(new), account.id, now, by_administrator=False)
        if account.signing_key_id:
            resealed = self.signing_keys.reseal(
                account.sealed_private_key, current, new, account.id
            )
            account.reseal_signing_key(resealed, account.id, now)
        self._save_account(account)
        self._end_access(account.id)

    def disable_account(self, account_id: UUID, *, actor: UUID) -> None:
        """Disable an account; its sessions and API tokens end at once."""
        actor = v.an_id("actor", actor)
        account = self._account(account_id)
        self.check_not_own(account.id, actor)
        account.disable(actor, self.clock.now())
        self._save_account(account)
        self._end_access(account.id)

    def enable_account(self, account_id: UUID, *, actor: UUID) -> None:
        """Enable a disabled account again."""
        actor = v.an_id("actor", actor)
        account = self._account(account_id)
        self.check_not_own(account.id, actor)
        account.enable(actor, self.clock.now())
        self._save_account(account)

    def answer_notices(self, account_id: UUID, *, reported: bool) -> None:
        """The holder read their notices (a re-issued key, many failed attempts);
        ``reported``: a re-issued key was not theirs to have asked for."""
        account = self._account(account_id)
        account.answer_notices(reported, self.clock.now())
        self._save_account(account)

    def alert_failed_attempts(self, username: str, failures: int, actor: UUID) -> None:
        """Many wrong passwords for this account: tell the holder and the administrators."""
        account = self._find_account(Account.create_id(username))
        if account is not None:
            account.alert_failed_attempts(failures, actor, self.clock.now())
            self._save_account(account)

    def end_access(self, username: str) -> None:
        """End every session and API token of the account with this username."""
        self._end_access(Account.create_id(username))

    # ---- reading and authentication -------------------------------------------------

    def authenticate(self, username: str, password: str) -> Principal | None:
        """The principal for these credentials, or None; unknown and known usernames, wrong
        password, disabled and not yet enrolled accounts all take about the same time and
        look the same."""
        try:
            account = self._find_account(Account.create_id(check_username(username)))
        except InvalidValue:
            account = None
        if account is None or not account.password_hash:
            self.passwords.verify(self._dummy_hash(), password)
            return None
        if not self.passwords.verify(account.password_hash, password) or account.disabled:
            return None
        return principal_of(account)

    def principal(self, account_id: UUID) -> Principal | None:
        """The account as a principal now, or None when it is missing or disabled: read
        from the accounts projection (every request does this; none replays an account)."""
        row = self.store.select_account_row(account_id)
        if row is None or row.disabled:
            return None
        return Principal(
            account_id=row.account_id,
            username=row.username,
            display_name=row.display_name,
            role=Role(row.role),
            jurisdictions=frozenset(row.jurisdictions),
            city_wide=row.city_wide,
        )

    def account_names(self) -> dict[str, AccountName]:
        """Username and display name by account id, from the accounts projection."""
        return {
            str(r.account_id): {"username": r.username, "display_name": r.display_name}
            for r in self.store.select_account_rows()
        }

    def get_account(self, account_id: UUID) -> AccountSummary:
        """One account: role, scope, status, public keys and their provenance."""
        return account_summary(self._account(account_id))

    def list_accounts(self) -> list[AccountSummary]:
        """Every account, from the events (there are few)."""
        topic = get_topic(Account.Created)
        ids = [
            UUID(str(n.originator_id))
            for n in self.recorder.select_notifications(1, 100_000, topics=[topic])
        ]
        return sorted((account_summary(self._account(i)) for i in ids), key=lambda a: a["username"])

    def account_history(self, account_id: UUID) -> list[AccountEvent]:
        """Role, scope, password, key and status changes, and the requests that concern the
        account (made, approved, lapsed): what an inspector sees of an account."""
        self._account(account_id)
        found = []
        topic = get_topic(AccountRequest.Requested)
        for n in self.recorder.select_notifications(1, 100_000, topics=[topic]):
            request: Any = self.repository.get(UUID(str(n.originator_id)))
            if request.target_id == account_id:
                found += [account_event(e) for e in self.events.get(request.id)]
        found += [account_event(e) for e in self.events.get(account_id)]
        # At the same moment, an approval comes before the change it made.
        return sorted(found, key=lambda e: e["at"])

    @staticmethod
    def user_inputs(*words: str) -> Sequence[str]:
        """What a password must not be built from: the account's own names and places, and
        fupan."""
        return [w for w in (*words, "fupan", "复盘") if w]

    def own_words(self, account: Account) -> Sequence[str]:
        return self.user_inputs(account.username, account.display_name, *account.jurisdictions)

    # ---- internals ------------------------------------------------------------------

    def check_not_own(self, account_id: UUID, actor: UUID) -> None:
        """An administrator never changes their own account (but their own password, through
        the form every holder uses)."""
        if account_id == actor:
            raise RuleRefusal(Code.OWN_ACCOUNT, "nobody changes their own account's access")

    def _check_username_free(self, username: str) -> None:
        if self._find_account(Account.create_id(username)) is not None:
            raise RuleRefusal(Code.USERNAME_TAKEN, "an account with this username exists")

    def _end_access(self, account_id: UUID) -> None:
        """End every web session and API token of the account, in the shared store."""
        self.store.delete_sessions_of(account_id)
        self.store.delete_tokens_of(account_id)

    def _save_account(self, account: Account, *others: Any, **rows: list[Any]) -> None:
        try:
            self.save(account, *others, account_rows=[account_row(account)], **rows)
        except IntegrityError:
            raise ConflictError("the account was changed by someone else; reload it") from None

    def _dummy_hash(self) -> str:
        key = id(self.passwords)
        if key not in _UNKNOWN_USER_HASH:
            _UNKNOWN_USER_HASH[key] = self.passwords.hash("fupan: no such account")
        return _UNKNOWN_USER_HASH[key]


def principal_of(account: Account) -> Principal:
    return Principal(
        account_id=account.id,
        username=account.username,
        display_name=account.display_name,
        role=account.role,
        jurisdictions=frozenset(account.jurisdictions),
        city_wide=account.city_wide,
    )
