"""The expert pool (专家库, item 28 of the notice; issue 21): reference entries of kind
``expert`` with their details (unit, specialities, jurisdictions served, the account
administrators opened for them), kept by city-wide officers; and the picker a case officer
forming a team uses: the active experts serving the review's jurisdiction, by speciality,
each with the number of open reviews they already serve, so that the load is shared."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.accounts import account_id_for
from application.projection import ReferenceRow
from application.reference_data import ReferenceData
from domain import validation as v
from domain.errors import Code, InvalidValue, Reason, RuleRefusal
from domain.reference import EVERYWHERE, ReferenceEntry, ReferenceKind

EXPERT = ReferenceKind.EXPERT.value
CLOSED_LANE = 2  # closed or withdrawn (application.projection.lane_of)


@dataclass(frozen=True)
class ExpertChoice:
    """A pool member as the picker shows them."""

    entry_id: UUID
    code: str
    name: str
    unit: str
    specialities: tuple[str, ...]
    jurisdictions: tuple[str, ...]
    account_id: UUID | None  # None until administrators open their account
    open_reviews: int


class ExpertPool(ReferenceData):
    def add_expert(
        self,
        *,
        code: str,
        name: str,
        unit: str = "",
        specialities: Sequence[str],
        jurisdictions: Sequence[str],
        account: str = "",
        actor: UUID,
    ) -> UUID:
        """Add a member to the pool, with their details (one save)."""
        entry = ReferenceEntry.add(
            kind=EXPERT,
            code=code,
            label=name,
            parent="",
            source="admin",
            actor=v.an_id("actor", actor),
            now=self.clock.now(),
        )
        if self._find_reference(entry.id) is not None:
            raise RuleRefusal(Code.REFERENCE_EXISTS, "an entry of this kind and code exists")
        entry.describe(
            self._details(unit, specialities, jurisdictions, account), actor, self.clock.now()
        )
        self._save_reference(entry)
        return entry.id

    def describe_expert(
        self,
        entry_id: UUID,
        *,
        unit: str = "",
        specialities: Sequence[str],
        jurisdictions: Sequence[str],
        account: str = "",
        actor: UUID,
    ) -> None:
        """Change a pool member's details."""
        entry = self._reference(entry_id)
        entry.describe(
            self._details(unit, specialities, jurisdictions, account),
            v.an_id("actor", actor),
            self.clock.now(),
        )
        self._save_reference(entry)

    def expert_pool(self, jurisdiction: str, speciality: str | None = None) -> list[ExpertChoice]:
        """The active members serving ``jurisdiction`` (with ``speciality``), least loaded
        first."""
        found = []
        for row in self.store.select_reference_rows(EXPERT):
            d = row.detail
            served = d.get("jurisdictions", [])
            if not row.active or (jurisdiction not in served and EVERYWHERE not in served):
                continue
            if speciality and speciality not in d.get("specialities", []):
                continue
            found.append(self._choice(row, d))
        return sorted(found, key=lambda c: (c.open_reviews, c.name))

    def _choice(self, row: ReferenceRow, d: dict[str, Any]) -> ExpertChoice:
        account = self._expert_account(d.get("account", ""))
        load = 0
        if account is not None:
            load = sum(
                1
                for r in self.index.select_review_index(participant=account)
                if account in r.scope.members and r.lane != CLOSED_LANE
            )
        return ExpertChoice(
            entry_id=row.entry_id,
            code=row.code,
            name=row.label,
            unit=d.get("unit", ""),
            specialities=tuple(d.get("specialities", [])),
            jurisdictions=tuple(d.get("jurisdictions", [])),
            account_id=account,
            open_reviews=load,
        )

    def _expert_account(self, username: str) -> UUID | None:
        if not username:
            return None
        row = self.store.select_account_row(account_id_for(username))
        return row.account_id if row is not None and not row.disabled else None

    def _details(
        self, unit: str, specialities: Sequence[str], jurisdictions: Sequence[str], account: str
    ) -> dict[str, Any]:
        listed = {r.code for r in self.reference_entries("jurisdiction", active_only=True)}
        for place in jurisdictions:
            if place != EVERYWHERE and place not in listed:
                raise InvalidValue("jurisdictions", Reason.NOT_IN_LIST)
        return {
            "unit": unit,
            "specialities": list(specialities),
            "jurisdictions": list(jurisdictions),
            "account": account,
        }
