"""The four-party team and the designated signatories, as a principal."""

from __future__ import annotations

from uuid import UUID

from application.errors import AccountNotFound
from application.policy import Action, may_participate
from application.views import AccountSummary
from application.workspace.base import WorkspaceBase, requires
from domain.account import Account, Role, check_username
from domain.errors import Code, InvalidValue, Reason, RuleRefusal


def account_id_of(account_ref: str) -> UUID:
    """An account picked from the people search (its id) or typed (its username)."""
    try:
        return UUID(account_ref.strip())
    except (ValueError, AttributeError):
        return Account.create_id(check_username(account_ref))


class Team(WorkspaceBase):
    @requires(Action.MANAGE_TEAM)
    def appoint_member(
        self,
        review_id: UUID,
        *,
        account: str,
        party: str,
        expected_version: int | None = None,
        confirm_signatory: bool = True,
    ) -> int:
        """Appoint an investigator's or signatory's account to the team, by id or username;
        a signatory's account needs ``confirm_signatory`` (the pages ask first)."""
        found = self._participant(account)
        if Role(found["role"]) is Role.SIGNATORY and not confirm_signatory:
            raise RuleRefusal(
                Code.CONFIRM_SIGNATORY_AS_MEMBER,
                "a signatory's account appointed as an investigator",
                account=found["id"],
                name=found["display_name"],
            )
        return self.desk.appoint_member(
            review_id,
            account_id=UUID(found["id"]),
            name=found["display_name"],
            party=party,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.MANAGE_TEAM)
    def remove_member(
        self, review_id: UUID, *, account_id: UUID, expected_version: int | None = None
    ) -> int:
        """Remove a member from the team."""
        return self.desk.remove_member(
            review_id, account_id=account_id, actor=self.actor, expected_version=expected_version
        )

    @requires(Action.MANAGE_TEAM)
    def designate_signatory(
        self, review_id: UUID, *, role: str, account: str, expected_version: int | None = None
    ) -> int:
        """Designate a fixed signatory (Party secretary, principal, department head)."""
        found = self._participant(account)
        return self.desk.designate_signatory(
            review_id,
            role=role,
            account_id=UUID(found["id"]),
            name=found["display_name"],
            actor=self.actor,
            expected_version=expected_version,
        )

    def _participant(self, account_ref: str) -> AccountSummary:
        """An active account that may be appointed or designated, by id or username."""
        try:
            account = self.desk.get_account(account_id_of(account_ref))
        except (AccountNotFound, InvalidValue):
            raise InvalidValue("account", Reason.NO_SUCH_ACCOUNT) from None
        if account["disabled"] or not may_participate(Role(account["role"])):
            raise InvalidValue("account", Reason.NOT_A_PARTICIPANT)
        return account
