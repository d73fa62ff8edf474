"""Checklist templates (issue 23) as reference data: one entry per template, its items the
entry's details, every change an event of its own stream (so a template's history and
version are the entry's). The notice's work list ships with fupan: ``fupan init`` and
``fupan migrate`` put it in the store once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from application.errors import ConflictError
from application.reference_data import ReferenceData
from domain import validation as v
from domain.checklist import (
    SHIPPED,
    ChecklistTemplate,
    checklist_details,
    template_code,
    template_details,
    template_of,
)
from domain.reference import ReferenceEntry, ReferenceKind

TEMPLATE = ReferenceKind.CHECKLIST_TEMPLATE.value


@dataclass(frozen=True)
class StoredTemplate:
    template: ChecklistTemplate
    version: int  # the entry's: every change to the template raises it
    active: bool


class ChecklistTemplates(ReferenceData):
    def ensure_shipped_templates(self, *, actor: UUID) -> int:
        """Put the templates fupan ships in the store when missing; how many were added."""
        actor = v.an_id("actor", actor)
        added = 0
        for template in SHIPPED:
            if self.ensure_reference(
                kind=TEMPLATE,
                code=template.code,
                label=template.title,
                actor=actor,
                source="shipped",
            ):
                added += 1
            entry = self._reference(ReferenceEntry.create_id(TEMPLATE, template.code))
            shipped = template_details(template)
            if not entry.details or _shipped_before_flags(entry.details, shipped):
                entry.describe(shipped, actor, self.clock.now())
                self._save_reference(entry)
        return added

    def keep_checklist_template(
        self,
        *,
        code: str,
        title: str,
        items: list[dict[str, Any]],
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Add a template, or give one a new version (its title, its items): each change an
        event of the template's stream; its version after. ``expected_version``: the
        version the officer started from (another change since: a conflict)."""
        actor = v.an_id("actor", actor)
        details = checklist_details(items=items)
        the_code = template_code(code)
        entry_id = ReferenceEntry.create_id(TEMPLATE, the_code)
        entry = self._find_reference(entry_id)
        if entry is None:
            if expected_version is not None:
                raise ConflictError("the template was removed meanwhile")
            self.ensure_reference(
                kind=TEMPLATE, code=the_code, label=title, actor=actor, source="officer"
            )
            entry = self._reference(entry_id)
        elif expected_version is not None and entry.version != expected_version:
            raise ConflictError(
                "the template was changed by someone else; reload it",
                expected_version=expected_version,
                current_version=entry.version,
            )
        now = self.clock.now()
        entry.rename(title, actor, now)
        entry.describe(details, actor, now)
        if entry.pending_events:
            self._save_reference(entry)
        return entry.version

    def checklist_template(self, code: str) -> StoredTemplate | None:
        """One template by its code, as it stands (None: no such template)."""
        code = v.text("template", code, max_len=100)
        return next((t for t in self.checklist_templates() if t.template.code == code), None)

    def checklist_templates(self) -> list[StoredTemplate]:
        """Every template in the store, with its items, by code."""
        return [
            StoredTemplate(template_of(r.code, r.label, r.detail), r.version, r.active)
            for r in self.reference_entries(TEMPLATE)
            if r.detail.get("items")
        ]


def _shipped_before_flags(stored: dict[str, Any], shipped: dict[str, Any]) -> bool:
    """The template as an earlier release shipped it, before items said whether reviews
    carry them: the same items without ``reviews`` (``fupan migrate`` describes it again,
    a new version; a template a city officer changed is left as it is)."""
    items: list[dict[str, Any]] = stored.get("items", [])
    if any("reviews" in i for i in items):
        return False
    return items == [{k: x for k, x in i.items() if k != "reviews"} for i in shipped["items"]]
