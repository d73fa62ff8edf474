"""Account administration, for administrators only (no case content); and what every
principal does to their own account."""

from __future__ import annotations

from uuid import UUID

from application.account_requests import Approval
from application.policy import Action
from application.views import AccountEvent, AccountRequestView, AccountSummary
from application.workspace.base import WorkspaceBase, requires_global


class Administration(WorkspaceBase):
    def change_own_password(self, *, current: str, new: str) -> None:
        """Any principal changes their own password, giving the current one; every session
        and API token of the account ends (the caller opens a new session)."""
        self._guarded(lambda: self.desk.change_password(self.actor, current=current, new=new))

    def own_account(self) -> AccountSummary:
        """The principal's own account (its notices: a re-issued key, failed attempts)."""
        return self.desk.get_account(self.actor)

    def answer_notices(self, *, reported: bool) -> None:
        """The principal read their notices; ``reported``: a re-issued key was not theirs."""
        self.desk.answer_notices(self.actor, reported=reported)

    @requires_global(Action.ADMINISTER)
    def list_accounts(self) -> list[AccountSummary]:
        """Every account, with role, scope and status."""
        return self.desk.list_accounts()

    @requires_global(Action.ADMINISTER)
    def get_account(self, account_id: UUID) -> AccountSummary:
        """One account."""
        return self.desk.get_account(account_id)

    @requires_global(Action.ADMINISTER)
    def account_history(self, account_id: UUID) -> list[AccountEvent]:
        """Role, scope, password, key and status changes of one account, and its requests."""
        return self.desk.account_history(account_id)

    @requires_global(Action.ADMINISTER)
    def account_requests(self) -> list[AccountRequestView]:
        """Every request for a second administrator's approval, newest first."""
        return self.desk.account_requests()

    @requires_global(Action.ADMINISTER)
    def request_account(
        self,
        *,
        username: str,
        display_name: str,
        role: str,
        jurisdictions: list[str],
        city_wide: bool,
    ) -> UUID:
        """Ask to open an account; a second administrator approves."""
        return self.desk.request_account(
            username=username,
            display_name=display_name,
            role=role,
            jurisdictions=jurisdictions,
            city_wide=city_wide,
            actor=self.actor,
        )

    @requires_global(Action.ADMINISTER)
    def request_access_change(
        self, account_id: UUID, *, role: str, jurisdictions: list[str], city_wide: bool
    ) -> UUID | None:
        """Change an account's role and scope: a request when it grants content or widens
        the scope (returns its id), at once when it narrows."""
        return self.desk.request_access_change(
            account_id,
            role=role,
            jurisdictions=jurisdictions,
            city_wide=city_wide,
            actor=self.actor,
        )

    @requires_global(Action.ADMINISTER)
    def request_reset(self, account_id: UUID) -> UUID:
        """Ask to reset an account's password; its holder will enrol again."""
        return self.desk.request_reset(account_id, actor=self.actor)

    @requires_global(Action.ADMINISTER)
    def approve_request(self, request_id: UUID) -> Approval:
        """Approve another administrator's request; an enrolment code is shown once."""
        return self.desk.approve_request(request_id, actor=self.actor)

    @requires_global(Action.ADMINISTER)
    def withdraw_request(self, request_id: UUID) -> None:
        """Drop a pending request."""
        self.desk.withdraw_request(request_id, actor=self.actor)

    @requires_global(Action.ADMINISTER)
    def change_unit(self, account_id: UUID, *, unit: str) -> None:
        """Record the unit an account holder works for."""
        self.desk.change_unit(account_id, unit=unit, actor=self.actor)

    @requires_global(Action.ADMINISTER)
    def disable_account(self, account_id: UUID) -> None:
        """Disable an account; its sessions and tokens end."""
        self.desk.disable_account(account_id, actor=self.actor)

    @requires_global(Action.ADMINISTER)
    def enable_account(self, account_id: UUID) -> None:
        """Enable a disabled account again."""
        self.desk.enable_account(account_id, actor=self.actor)
