"""Account administration, for administrators only: no case content."""

from __future__ import annotations

from uuid import UUID

from application.policy import Action
from application.views import AccountEvent, AccountSummary
from application.workspace.base import WorkspaceBase, requires_global


class Administration(WorkspaceBase):
    def change_own_password(self, *, current: str, new: str) -> None:
        """Any principal changes their own password, giving the current one; every session
        and API token of the account ends (the caller opens a new session)."""
        self.desk.change_password(self.actor, current=current, new=new)

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
        """Role, scope, password and status changes of one account."""
        return self.desk.account_history(account_id)

    @requires_global(Action.ADMINISTER)
    def create_account(
        self,
        *,
        username: str,
        display_name: str,
        role: str,
        password: str,
        jurisdictions: list[str],
        city_wide: bool,
    ) -> UUID:
        """Open an account."""
        return self.desk.create_account(
            username=username,
            display_name=display_name,
            role=role,
            password=password,
            jurisdictions=jurisdictions,
            city_wide=city_wide,
            actor=self.actor,
        )

    @requires_global(Action.ADMINISTER)
    def change_access(
        self, account_id: UUID, *, role: str, jurisdictions: list[str], city_wide: bool
    ) -> None:
        """Change an account's role and jurisdiction scope."""
        self.desk.change_access(
            account_id,
            role=role,
            jurisdictions=jurisdictions,
            city_wide=city_wide,
            actor=self.actor,
        )

    @requires_global(Action.ADMINISTER)
    def reset_password(self, account_id: UUID, *, password: str) -> None:
        """Set a new password for an account; its sessions and tokens end."""
        self.desk.reset_password(account_id, password=password, actor=self.actor)

    @requires_global(Action.ADMINISTER)
    def disable_account(self, account_id: UUID) -> None:
        """Disable an account; its sessions and tokens end."""
        self.desk.disable_account(account_id, actor=self.actor)

    @requires_global(Action.ADMINISTER)
    def enable_account(self, account_id: UUID) -> None:
        """Enable a disabled account again."""
        self.desk.enable_account(account_id, actor=self.actor)
