"""Use cases on the four-party team and the designated signatories."""

from __future__ import annotations

from uuid import UUID

from application.base import DeskBase
from domain import validation as v
from domain.values import Party, SignatoryRole


class TeamCommands(DeskBase):
    def appoint_member(
        self,
        review_id: UUID,
        *,
        account_id: UUID,
        name: str,
        party: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Appoint an investigator from one of the four parties."""
        member = v.an_id("account_id", account_id)
        side = v.choice("party", party, Party)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.appoint_member(member, name, side, who, now),
        )

    def remove_member(
        self,
        review_id: UUID,
        *,
        account_id: UUID,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Remove an investigator from the team."""
        member = v.an_id("account_id", account_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.remove_member(member, who, now),
        )

    def designate_signatory(
        self,
        review_id: UUID,
        *,
        role: str,
        account_id: UUID,
        name: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Designate the Party secretary, the principal or the department head."""
        slot_role = v.choice("role", role, SignatoryRole)
        holder = v.an_id("account_id", account_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.designate_signatory(slot_role, holder, name, who, now),
        )
