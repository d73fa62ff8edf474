"""Checklist rounds in a principal's workspace (issue 23): city-wide officers issue rounds
and read the whole matrix, as inspectors do; a county's officers see their own column as a
to-do list and are the only ones who record, evidence and submit it. A round or a column
outside the principal's sight is not found; reading an evidence file is an access record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from application.checklist_rounds import EvidenceFile, Matrix, ReviewFigures, round_manifest
from application.checklist_templates import TEMPLATE, StoredTemplate
from application.errors import AccessDenied, NotSubmitted, RoundNotFound
from application.policy import (
    Action,
    allowed_globally,
    may_record_round,
    round_columns,
    sees_every_column,
)
from application.views import AccessRecordView
from application.workspace.base import WorkspaceBase, requires_global
from domain import validation as v
from domain.checklist_round import ChecklistRound, RoundItem
from domain.deadline import CHINA
from domain.errors import InvalidValue, Reason
from domain.reference import ReferenceEntry
from domain.round_progress import RoundProgress, Standing, standing


@dataclass(frozen=True)
class RoundSummary:
    checklist_round: ChecklistRound
    columns: tuple[str, ...]  # the jurisdictions this principal sees
    whole: bool  # the city's whole matrix (inspectors, city-wide officers)


@dataclass(frozen=True)
class Column:
    """One jurisdiction's work on a round, as its to-do list."""

    checklist_round: ChecklistRound
    progress: RoundProgress
    figures: ReviewFigures | None  # the reviews of the period, when an item needs them
    may_record: bool
    today: date  # in Shanghai
    access: list[AccessRecordView] | None = None  # who read its files (inspectors only)

    def standing(self, item: RoundItem) -> Standing:
        return standing(self.progress.items.get(item.number), item, self.today)


class Rounds(WorkspaceBase):
    @requires_global(Action.VIEW_ROUNDS)
    def checklist_rounds(self) -> list[RoundSummary]:
        """The rounds with a column this principal sees, newest first."""
        found = []
        for issued in self.desk.checklist_rounds():
            columns = round_columns(self.principal, issued.jurisdictions)
            if columns:
                found.append(RoundSummary(issued, columns, sees_every_column(self.principal)))
        return found

    @requires_global(Action.VIEW_ROUNDS)
    def may_issue_round(self) -> bool:
        """Whether the pages offer issuing rounds and keeping templates."""
        return allowed_globally(self.principal, Action.ISSUE_ROUND)

    @requires_global(Action.VIEW_ROUNDS)
    def round_templates(self) -> list[StoredTemplate]:
        """The checklist templates, with their items and versions."""
        return self.desk.checklist_templates()

    @requires_global(Action.VIEW_ROUNDS)
    def checklist_template(self, code: str) -> StoredTemplate:
        found = self.desk.checklist_template(code)
        if found is None:
            raise InvalidValue("template", Reason.NOT_IN_LIST)
        return found

    @requires_global(Action.ISSUE_ROUND)
    def keep_checklist_template(
        self,
        *,
        code: str,
        title: str,
        items: list[dict[str, Any]],
        expected_version: int | None = None,
    ) -> int:
        """A new template, or a new version of one (city-wide officers)."""
        return self.desk.keep_checklist_template(
            code=code,
            title=title,
            items=items,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires_global(Action.ISSUE_ROUND)
    def deactivate_checklist_template(self, code: str) -> None:
        """No new round may be issued from it; rounds issued keep their items."""
        self.desk.deactivate_reference(self._template_id(code), actor=self.actor)

    @requires_global(Action.ISSUE_ROUND)
    def reactivate_checklist_template(self, code: str) -> None:
        self.desk.reactivate_reference(self._template_id(code), actor=self.actor)

    @requires_global(Action.ISSUE_ROUND)
    def issue_round(
        self,
        *,
        template: str,
        title: str,
        starts_on: object,
        ends_on: object,
        jurisdictions: object,
    ) -> UUID:
        return self.desk.issue_round(
            template=template,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            jurisdictions=jurisdictions,
            actor=self.actor,
        )

    @requires_global(Action.VIEW_ROUNDS)
    def round_summary(self, round_id: UUID) -> RoundSummary:
        issued = self._round(round_id)
        columns = round_columns(self.principal, issued.jurisdictions)
        return RoundSummary(issued, columns, sees_every_column(self.principal))

    @requires_global(Action.VIEW_ROUNDS)
    def round_matrix(self, round_id: UUID) -> Matrix:
        """The jurisdictions this principal sees × the round's items, as of today."""
        issued = self._round(round_id)
        return self.desk.round_matrix(
            issued.id, round_columns(self.principal, issued.jurisdictions)
        )

    @requires_global(Action.VIEW_ROUNDS)
    def round_column(self, round_id: UUID, jurisdiction: str) -> Column:
        issued = self._column(round_id, jurisdiction)
        progress = self.desk.progress_in(issued, jurisdiction)
        figures = (
            self.desk.round_reviews(issued.id, jurisdiction)
            if any(i.reviews for i in issued.items)
            else None
        )
        audited = allowed_globally(self.principal, Action.AUDIT)
        return Column(
            issued,
            progress,
            figures,
            may_record_round(self.principal, jurisdiction),
            self._today(),
            self.desk.access_records(progress.id) if audited else None,
        )

    @requires_global(Action.VIEW_ROUNDS)
    def round_report(
        self, round_id: UUID, jurisdiction: str, submission: int | None = None
    ) -> tuple[Column, dict[str, Any]]:
        """The column as it stood at one submission (the latest by default) and its
        manifest: what the county's signed report shows. The read is recorded."""
        issued = self._column(round_id, jurisdiction)
        progress = self.desk.progress_in(issued, jurisdiction)
        if not progress.submissions:
            raise NotSubmitted("the round has not been submitted", jurisdiction=jurisdiction)
        at = progress.submission(submission or len(progress.submissions))
        then = self.desk.progress_in(issued, jurisdiction, version=at.version)
        self._record(progress.id, "round_report")
        column = Column(issued, then, None, False, self._today())
        algorithm = self.desk.keys.content_hash_algorithm()
        return column, round_manifest(issued, then, at.number, algorithm)

    @requires_global(Action.VIEW_ROUNDS)
    def record_round_item(
        self,
        round_id: UUID,
        jurisdiction: str,
        *,
        number: object,
        status: object,
        note: object = "",
        reason: object = "",
        expected_version: int | None = None,
    ) -> int:
        issued = self._recording(round_id, jurisdiction)
        return self.desk.record_round_item(
            issued.id,
            jurisdiction,
            number=number,
            status=status,
            note=note,
            reason=reason,
            actor=self.actor,
            expected_version=expected_version,
        )

    @requires_global(Action.VIEW_ROUNDS)
    def add_round_evidence(
        self,
        round_id: UUID,
        jurisdiction: str,
        *,
        number: object,
        content: bytes,
        filename: str,
        max_bytes: int,
    ) -> UUID:
        issued = self._recording(round_id, jurisdiction)
        return self.desk.add_round_evidence(
            issued.id,
            jurisdiction,
            number=number,
            content=content,
            filename=filename,
            max_bytes=max_bytes,
            actor=self.actor,
        )

    @requires_global(Action.VIEW_ROUNDS)
    def withdraw_round_evidence(
        self, round_id: UUID, jurisdiction: str, attachment_id: UUID, *, reason: str
    ) -> None:
        issued = self._recording(round_id, jurisdiction)
        self.desk.withdraw_round_evidence(
            issued.id, jurisdiction, attachment_id, reason=reason, actor=self.actor
        )

    @requires_global(Action.VIEW_ROUNDS)
    def round_evidence_file(
        self, round_id: UUID, jurisdiction: str, attachment_id: UUID
    ) -> EvidenceFile:
        """An evidence file, decrypted; the read is recorded."""
        issued = self._column(round_id, jurisdiction)
        found = self.desk.round_evidence_file(issued.id, jurisdiction, attachment_id)
        self._record(RoundProgress.create_id(issued.id, jurisdiction), "round_evidence")
        return found

    @requires_global(Action.VIEW_ROUNDS)
    def submit_round(self, round_id: UUID, jurisdiction: str) -> int:
        issued = self._recording(round_id, jurisdiction)
        return self.desk.submit_round(issued.id, jurisdiction, actor=self.actor)

    @requires_global(Action.ISSUE_ROUND)
    def check_may_issue_round(self) -> None:
        """City-wide case officers only: the form that issues a round."""

    # ---- internals ---------------------------------------------------------------------

    def _template_id(self, code: str) -> UUID:
        return ReferenceEntry.create_id(TEMPLATE, self.checklist_template(code).template.code)

    def _today(self) -> date:
        return self.desk.clock.now().astimezone(CHINA).date()

    def _round(self, round_id: UUID) -> ChecklistRound:
        """The round, if this principal sees a column of it; otherwise not found."""
        issued = self.desk.checklist_round(v.an_id("round_id", round_id))
        if not round_columns(self.principal, issued.jurisdictions):
            raise RoundNotFound("no such round", round_id=str(round_id))
        return issued

    def _column(self, round_id: UUID, jurisdiction: str) -> ChecklistRound:
        issued = self._round(round_id)
        where = v.text("jurisdiction", jurisdiction, max_len=100)
        if where not in round_columns(self.principal, issued.jurisdictions):
            raise RoundNotFound("no such round", round_id=str(round_id))
        return issued

    def _recording(self, round_id: UUID, jurisdiction: str) -> ChecklistRound:
        issued = self._column(round_id, jurisdiction)
        if not may_record_round(self.principal, jurisdiction):
            raise AccessDenied("only the jurisdiction's own officers record its items")
        return issued
