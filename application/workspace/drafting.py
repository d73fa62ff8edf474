"""Changing a review as a principal: the incident, the team, the report, its follow-up."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from application.errors import AccountNotFound
from application.policy import Action, check_global, may_participate
from application.views import AccountSummary
from application.workspace.base import WorkspaceBase, requires
from domain import validation as v
from domain.account import Account, Role, check_username
from domain.errors import InvalidValue, Reason


class Drafting(WorkspaceBase):
    # ---- the incident ------------------------------------------------------------------

    def register_incident(
        self,
        *,
        occurred_on: date | str,
        school: str,
        jurisdiction: str,
        category: str,
        on_premises: bool,
        student: dict[str, Any],
    ) -> UUID:
        """Register an incident in a jurisdiction of this case officer's scope."""
        place = v.text("jurisdiction", jurisdiction)
        check_global(self.principal, Action.REGISTER_INCIDENT, place)
        return self.desk.register_incident(
            occurred_on=occurred_on,
            school=school,
            jurisdiction=place,
            category=category,
            on_premises=on_premises,
            student=student,
            actor=self.actor,
        )

    @requires(Action.AMEND_INCIDENT)
    def correct_incident_date(
        self,
        review_id: UUID,
        *,
        occurred_on: date | str,
        reason: str,
        expected_version: int | None = None,
    ) -> int:
        """Correct the incident date, with a reason; the due date follows."""
        return self.desk.correct_incident_date(
            review_id,
            occurred_on=occurred_on,
            reason=reason,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.AMEND_INCIDENT)
    def amend_incident(
        self,
        review_id: UUID,
        *,
        school: str,
        jurisdiction: str,
        category: str,
        on_premises: bool,
        student: dict[str, Any],
        reason: str,
        expected_version: int | None = None,
    ) -> int:
        """Amend the incident facts other than its date, with a reason."""
        return self.desk.amend_incident(
            review_id,
            school=school,
            jurisdiction=jurisdiction,
            category=category,
            on_premises=on_premises,
            student=student,
            reason=reason,
            actor=self.actor,
            expected_version=expected_version,
        )

    # ---- the team ----------------------------------------------------------------------

    @requires(Action.MANAGE_TEAM)
    def appoint_member(
        self, review_id: UUID, *, account: str, party: str, expected_version: int | None = None
    ) -> int:
        """Appoint an investigator's or signatory's account to the team, by username."""
        found = self._participant(account)
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

    # ---- the report --------------------------------------------------------------------

    @requires(Action.WRITE_REPORT)
    def write_aspect(
        self, review_id: UUID, *, aspect: str, text: str, expected_version: int | None = None
    ) -> int:
        """Rewrite one of the four aspects."""
        return self.desk.write_aspect(
            review_id,
            aspect=aspect,
            text=text,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.WRITE_REPORT)
    def record_risk_point(
        self, review_id: UUID, *, description: str, expected_version: int | None = None
    ) -> UUID:
        """Record a risk point or weak link; returns its id."""
        return self.desk.record_risk_point(
            review_id, description=description, actor=self.actor, expected_version=expected_version
        )

    @requires(Action.WRITE_REPORT)
    def revise_risk_point(
        self,
        review_id: UUID,
        *,
        risk_point_id: UUID,
        description: str,
        expected_version: int | None = None,
    ) -> int:
        """Rewrite a risk point's description."""
        return self.desk.revise_risk_point(
            review_id,
            risk_point_id=risk_point_id,
            description=description,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.WRITE_REPORT)
    def withdraw_risk_point(
        self, review_id: UUID, *, risk_point_id: UUID, expected_version: int | None = None
    ) -> int:
        """Withdraw a risk point that no measure addresses."""
        return self.desk.withdraw_risk_point(
            review_id,
            risk_point_id=risk_point_id,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.WRITE_REPORT)
    def propose_measure(
        self,
        review_id: UUID,
        *,
        description: str,
        addresses: list[UUID],
        owner: str,
        due_on: date | str,
        expected_version: int | None = None,
    ) -> UUID:
        """Propose a prevention measure for named risk points; returns its id."""
        return self.desk.propose_measure(
            review_id,
            description=description,
            addresses=addresses,
            owner=owner,
            due_on=due_on,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.WRITE_REPORT)
    def revise_measure(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        description: str,
        addresses: list[UUID],
        owner: str,
        due_on: date | str,
        expected_version: int | None = None,
    ) -> int:
        """Revise a measure as proposed (signed content)."""
        return self.desk.revise_measure(
            review_id,
            measure_id=measure_id,
            description=description,
            addresses=addresses,
            owner=owner,
            due_on=due_on,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.WRITE_REPORT)
    def withdraw_measure(
        self, review_id: UUID, *, measure_id: UUID, expected_version: int | None = None
    ) -> int:
        """Withdraw a proposed measure."""
        return self.desk.withdraw_measure(
            review_id, measure_id=measure_id, actor=self.actor, expected_version=expected_version
        )

    # ---- follow-up (also on a closed review) -------------------------------------------

    @requires(Action.FOLLOW_UP)
    def record_measure_progress(
        self, review_id: UUID, *, measure_id: UUID, note: str, expected_version: int | None = None
    ) -> int:
        """Record progress on a measure."""
        return self.desk.record_measure_progress(
            review_id,
            measure_id=measure_id,
            note=note,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires(Action.FOLLOW_UP)
    def record_measure_taken(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        evidence: str,
        expected_version: int | None = None,
    ) -> int:
        """Record that a measure was taken, with evidence."""
        return self.desk.record_measure_taken(
            review_id,
            measure_id=measure_id,
            evidence=evidence,
            actor=self.actor,
            expected_version=expected_version,
        )

    def _participant(self, username: str) -> AccountSummary:
        """An active account that may be appointed or designated, by username."""
        try:
            account = self.desk.get_account(Account.create_id(check_username(username)))
        except (AccountNotFound, InvalidValue):
            raise InvalidValue("account", Reason.NO_SUCH_ACCOUNT) from None
        if account["disabled"] or not may_participate(Role(account["role"])):
            raise InvalidValue("account", Reason.NOT_A_PARTICIPANT)
        return account
