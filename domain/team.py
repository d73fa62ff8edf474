"""The four-party team and the designated signatories of a review (brief, rule 3), and the
slots a sign-off needs."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain import review_events as events
from domain import validation as v
from domain.errors import Code, NotFoundInReview, RuleRefusal
from domain.review_base import ReviewBase
from domain.values import Party, SignatoryRole, Slot


class TeamForming(ReviewBase):
    def appoint_member(
        self, account_id: UUID, name: str, party: Party, actor: UUID, now: datetime
    ) -> None:
        self.check_not_closed()
        self.check_not_member(account_id)
        self._trigger(
            events.MemberAppointed,
            actor,
            now,
            account_id=account_id,
            name=v.text("name", name),
            party=party,
        )

    def remove_member(self, account_id: UUID, actor: UUID, now: datetime) -> None:
        self.check_not_closed()
        self.check_member(account_id)
        self._trigger(events.MemberRemoved, actor, now, account_id=account_id)

    def designate_signatory(
        self, role: SignatoryRole, account_id: UUID, name: str, actor: UUID, now: datetime
    ) -> None:
        self.check_not_closed()
        self._trigger(
            events.SignatoryDesignated,
            actor,
            now,
            role=role,
            account_id=account_id,
            name=v.text("name", name),
        )

    def parties_missing(self) -> list[Party]:
        covered = {m.party for m in self.team.values()}
        return [p for p in Party if p not in covered]

    def required_slots(self) -> list[Slot]:
        """One slot per investigator, plus the three fixed signatories."""
        slots = [
            Slot(f"investigator:{m.account_id}", m.account_id, m.name, m.party.value)
            for m in sorted(self.team.values(), key=lambda m: (m.party.value, m.name))
        ]
        for role in SignatoryRole:
            s = self.signatories[role.value]
            slots.append(Slot(role.value, s.account_id, s.name, role.value))
        return slots

    def check_member(self, account_id: UUID) -> None:
        if str(account_id) not in self.team:
            raise NotFoundInReview(Code.NOT_A_MEMBER, "this account is not on the team")

    def check_not_member(self, account_id: UUID) -> None:
        if str(account_id) in self.team:
            raise RuleRefusal(Code.ALREADY_MEMBER, "this account is already on the team")
