"""Reference data, kept once (``domain.reference``): administrators add, rename and
deactivate entries; an import adds and renames many; registering an incident or opening an
account at the server adds what is missing (recorded, with its source). Forms read the
``reference_list`` projection, never the events."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from application.base import DeskBase
from application.errors import ConflictError
from application.presenters import reference_event
from application.projection import ReferenceRow, reference_row
from application.views import ReferenceEvent
from domain import validation as v
from domain.errors import Code, DomainError, InvalidValue, Reason, RuleRefusal
from domain.reference import PARENT_KIND, ReferenceEntry, ReferenceKind


@dataclass(frozen=True)
class ImportRow:
    """One data row of an import file; ``line`` is its line number in the file."""

    line: int
    kind: str
    code: str
    label: str
    parent: str = ""
    active: bool = True


@dataclass
class ImportReport:
    """What an import did, what it refused (by line number, with the reason), and which
    jurisdictions reviews and accounts name that the list lacks."""

    added: int = 0
    renamed: int = 0
    deactivated: int = 0
    reactivated: int = 0
    unchanged: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)


class ReferenceData(DeskBase):
    def reference_entries(self, kind: str, *, active_only: bool = False) -> list[ReferenceRow]:
        """The entries of one kind, from the projection, by parent and code."""
        the_kind = v.choice("kind", kind, ReferenceKind)
        rows = self.store.select_reference_rows(the_kind.value)
        return [r for r in rows if r.active or not active_only]

    def reference_entry(self, entry_id: UUID) -> ReferenceRow:
        """One entry, as it stands."""
        return reference_row(self._reference(entry_id))

    def reference_history(self, entry_id: UUID) -> list[ReferenceEvent]:
        """Every change of one entry: what, when, by whom."""
        entry = self._reference(entry_id)
        return [reference_event(e) for e in self.events.get(entry.id)]

    def add_reference(
        self,
        *,
        kind: str,
        code: str,
        label: str,
        parent: str = "",
        actor: UUID,
        source: str = "admin",
    ) -> UUID:
        """Add an entry; refused when one of this kind and code exists."""
        entry = self._new_entry(kind, code, label, parent, source, actor)
        if self._find_reference(entry.id) is not None:
            raise RuleRefusal(Code.REFERENCE_EXISTS, "an entry of this kind and code exists")
        self._save_reference(entry)
        return entry.id

    def ensure_reference(
        self, *, kind: str, code: str, label: str = "", parent: str = "", actor: UUID, source: str
    ) -> bool:
        """Add the entry unless one of this kind and code exists (active or not); True if
        it was added. Twice at once adds it once."""
        entry = self._new_entry(kind, code, label, parent, source, actor)
        if self._find_reference(entry.id) is not None:
            return False
        try:
            self._save_reference(entry)
        except ConflictError:
            return False
        return True

    def rename_reference(self, entry_id: UUID, *, label: str, actor: UUID) -> None:
        """Give an entry a new label; its code (what reviews hold) stays."""
        entry = self._reference(entry_id)
        entry.rename(label, v.an_id("actor", actor), self.clock.now())
        self._save_reference(entry)

    def deactivate_reference(self, entry_id: UUID, *, actor: UUID) -> None:
        """Forms stop offering the entry; what names it keeps its name."""
        entry = self._reference(entry_id)
        entry.deactivate(v.an_id("actor", actor), self.clock.now())
        self._save_reference(entry)

    def reactivate_reference(self, entry_id: UUID, *, actor: UUID) -> None:
        """Offer an inactive entry again."""
        entry = self._reference(entry_id)
        entry.reactivate(v.an_id("actor", actor), self.clock.now())
        self._save_reference(entry)

    def is_listed(self, kind: str, code: str, *, parent: str | None = None) -> bool:
        """Whether an active entry of this kind and code is in the list (under ``parent``)."""
        entry = self._find_reference(ReferenceEntry.create_id(kind, code))
        return entry is not None and entry.active and (parent is None or entry.parent == parent)

    def ensure_school(self, jurisdiction: str, name: str, *, actor: UUID, source: str) -> bool:
        """Add a school of this name under this jurisdiction unless one is listed there
        (by label); True if it was added."""
        if any(
            r.parent == jurisdiction and r.label == name for r in self.reference_entries("school")
        ):
            return False
        return self.ensure_reference(
            kind="school",
            code=f"{jurisdiction}/{name}",
            label=name,
            parent=jurisdiction,
            actor=actor,
            source=source,
        )

    def import_reference(self, rows: Iterable[ImportRow], *, actor: UUID) -> ImportReport:
        """Add, rename, deactivate or reactivate entries as the rows say; rows of a parent
        kind first, so that a school may follow its jurisdiction anywhere in the file."""
        report = ImportReport()
        order = {kind.value: n for n, kind in enumerate(ReferenceKind)}
        for row in sorted(rows, key=lambda r: (order.get(r.kind, 99), r.line)):
            try:
                self._import_one(row, actor, report)
            except DomainError as refusal:
                report.refused.append((row.line, describe(refusal)))
        report.refused.sort()
        report.unlisted = self.unlisted_jurisdictions()
        return report

    def unlisted_jurisdictions(self) -> list[str]:
        """Jurisdictions that reviews or accounts name and the list lacks (or holds
        inactive)."""
        listed = {r.code for r in self.reference_entries("jurisdiction", active_only=True)}
        used = {r.jurisdiction for r in self.store.select_review_index()}
        for account in self.store.select_account_rows():
            used.update(account.jurisdictions)
        return sorted(used - listed)

    # ---- internals ------------------------------------------------------------------

    def _import_one(self, row: ImportRow, actor: UUID, report: ImportReport) -> None:
        entry_id = ReferenceEntry.create_id(row.kind.strip(), row.code)
        entry = self._find_reference(entry_id) if row.code.strip() else None
        if entry is None:
            self.add_reference(
                kind=row.kind.strip(),
                code=row.code,
                label=row.label,
                parent=row.parent,
                actor=actor,
                source="import",
            )
            report.added += 1
            if not row.active:
                self.deactivate_reference(entry_id, actor=actor)
            return
        if row.parent.strip() != entry.parent:
            raise InvalidValue("parent", Reason.NOT_ALLOWED, "the parent of an entry stays")
        changed = False
        if row.label.strip() and row.label.strip() != entry.label:
            self.rename_reference(entry_id, label=row.label, actor=actor)
            report.renamed += 1
            changed = True
        if row.active != entry.active:
            if row.active:
                self.reactivate_reference(entry_id, actor=actor)
                report.reactivated += 1
            else:
                self.deactivate_reference(entry_id, actor=actor)
                report.deactivated += 1
            changed = True
        if not changed:
            report.unchanged += 1

    def _new_entry(  # noqa: PLR0917
        self, kind: str, code: str, label: str, parent: str, source: str, actor: UUID
    ) -> ReferenceEntry:
        entry = ReferenceEntry.add(
            kind=kind,
            code=code,
            label=label,
            parent=parent,
            source=source,
            actor=v.an_id("actor", actor),
            now=self.clock.now(),
        )
        parent_kind = PARENT_KIND.get(ReferenceKind(entry.kind))
        if parent_kind is not None and not self.is_listed(parent_kind.value, entry.parent):
            raise InvalidValue("parent", Reason.NOT_IN_LIST)
        return entry

    def _save_reference(self, entry: ReferenceEntry) -> None:
        try:
            self.save(entry, reference_rows=[reference_row(entry)])
        except IntegrityError:
            raise ConflictError("the entry was changed by someone else; reload it") from None


def describe(refusal: DomainError) -> str:
    """A refusal in a few words, for an operator's report."""
    details: dict[str, Any] = refusal.details
    if "field" in details:
        return f"{details['field']}: {details['reason']}"
    return str(refusal.code)
