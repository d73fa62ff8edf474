"""Reference data and people, as a principal: administrators keep the lists; case
officers read what the registration form offers and pick people for a review's team."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from application.errors import AccessDenied
from application.policy import PARTICIPANT_ROLES, Action
from application.projection import ReferenceRow
from application.reference_data import ImportReport, ImportRow
from application.views import PersonView, ReferenceEvent
from application.workspace.base import WorkspaceBase, requires_global
from application.workspace.case_lists import NOT_ADMINS
from domain import validation as v
from domain.account import Role

PEOPLE_LIMIT = 20


@dataclass(frozen=True)
class Choice:
    """An entry a form offers: its code (what is stored), its label, and its parent's."""

    code: str
    label: str
    parent: str = ""
    parent_label: str = ""


class ReferenceLists(WorkspaceBase):
    @requires_global(Action.MANAGE_REFERENCE)
    def reference_entries(self, kind: str) -> list[ReferenceRow]:
        """Every entry of one kind, active or not."""
        return self.desk.reference_entries(_admin_kind(kind))

    @requires_global(Action.MANAGE_REFERENCE)
    def reference_entry(self, entry_id: UUID) -> ReferenceRow:
        """One entry."""
        return self._admin_entry(entry_id)

    @requires_global(Action.MANAGE_REFERENCE)
    def reference_history(self, entry_id: UUID) -> list[ReferenceEvent]:
        """One entry's changes."""
        self._admin_entry(entry_id)
        return self.desk.reference_history(entry_id)

    @requires_global(Action.MANAGE_REFERENCE)
    def add_reference(self, *, kind: str, code: str, label: str, parent: str = "") -> UUID:
        """Add an entry to a list."""
        return self.desk.add_reference(
            kind=_admin_kind(kind), code=code, label=label, parent=parent, actor=self.actor
        )

    @requires_global(Action.MANAGE_REFERENCE)
    def rename_reference(self, entry_id: UUID, *, label: str) -> None:
        """Give an entry a new label."""
        self._admin_entry(entry_id)
        self.desk.rename_reference(entry_id, label=label, actor=self.actor)

    @requires_global(Action.MANAGE_REFERENCE)
    def deactivate_reference(self, entry_id: UUID) -> None:
        """Stop offering an entry."""
        self._admin_entry(entry_id)
        self.desk.deactivate_reference(entry_id, actor=self.actor)

    @requires_global(Action.MANAGE_REFERENCE)
    def reactivate_reference(self, entry_id: UUID) -> None:
        """Offer an inactive entry again."""
        self._admin_entry(entry_id)
        self.desk.reactivate_reference(entry_id, actor=self.actor)

    def _admin_entry(self, entry_id: UUID) -> ReferenceRow:
        entry = self.desk.reference_entry(v.an_id("entry_id", entry_id))
        if entry.kind in NOT_ADMINS:
            raise AccessDenied("this list is kept by city-wide case officers")
        return entry

    @requires_global(Action.MANAGE_REFERENCE)
    def import_reference(self, rows: list[ImportRow]) -> ImportReport:
        """Add and change many entries at once (the lists administrators keep)."""
        for row in rows:
            _admin_kind(row.kind.strip() or "jurisdiction")
        return self.desk.import_reference(rows, actor=self.actor)

    @requires_global(Action.MANAGE_REFERENCE)
    def unlisted_jurisdictions(self) -> list[str]:
        """Jurisdictions reviews and accounts name that the list lacks."""
        return self.desk.unlisted_jurisdictions()

    @requires_global(Action.REGISTER_INCIDENT)
    def registration_choices(self) -> tuple[list[Choice], list[Choice]]:
        """The jurisdictions this case officer registers in (active, in scope) and their
        active schools."""
        p = self.principal
        places = [
            r
            for r in self.desk.reference_entries("jurisdiction", active_only=True)
            if p.city_wide or r.code in p.jurisdictions
        ]
        labels = {r.code: r.label for r in places}
        schools = [
            Choice(r.code, r.label, r.parent, labels[r.parent])
            for r in self.desk.reference_entries("school", active_only=True)
            if r.parent in labels
        ]
        jurisdictions = [Choice(r.code, r.label) for r in places]
        return jurisdictions, sorted(schools, key=lambda c: (c.parent_label, c.label))

    @requires_global(Action.SEARCH_PEOPLE)
    def search_people(self, query: str) -> list[PersonView]:
        """Active investigator and signatory accounts whose name or unit contains the
        query: at most 20, with display name, unit and id only."""
        words = v.text("q", query, max_len=100, required=False).casefold()
        roles = {r.value for r in PARTICIPANT_ROLES}
        found: list[PersonView] = []
        for row in self.desk.store.select_account_rows():
            if row.disabled or row.role not in roles:
                continue
            if words and words not in f"{row.display_name}\n{row.unit}".casefold():
                continue
            found.append(
                {
                    "account_id": str(row.account_id),
                    "display_name": row.display_name,
                    "unit": row.unit,
                }
            )
        found.sort(key=lambda f: (f["unit"], f["display_name"]))
        return found[:PEOPLE_LIMIT]

    @requires_global(Action.SEARCH_PEOPLE)
    def person_role(self, account_id: UUID) -> Role | None:
        """The role of an account a case officer picked (to ask before appointing a
        signatory as an investigator); None unless it is an active participant."""
        row = self.desk.store.select_account_row(v.an_id("account", account_id))
        if row is None or row.disabled or row.role not in {r.value for r in PARTICIPANT_ROLES}:
            return None
        return Role(row.role)


def _admin_kind(kind: str) -> str:
    if kind.strip() in NOT_ADMINS:
        raise AccessDenied("this list is kept by city-wide case officers")
    return kind
