"""Reading reviews as a principal: lists, the review (recorded), its history and audits."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from application.numbering import SYSTEM_ACTOR
from application.policy import Action, actions_on, sight
from application.report_document import ManifestCheck, ReportDocument
from application.views import (
    AccessRecordView,
    Change,
    EventView,
    PrincipalReview,
    ReviewSummary,
    ReviewView,
    SignatureCheck,
    StudentView,
)
from application.workspace.base import WorkspaceBase, requires, requires_global


class Reading(WorkspaceBase):
    @requires_global(Action.LIST_REVIEWS)
    def list_reviews(
        self, *, jurisdiction: str | None = None, status: str | None = None
    ) -> list[ReviewSummary]:
        """Every review this principal may see, with due dates and flags (unpaged: for
        small lists; pages use ``review_page``)."""
        return self.desk.list_reviews(
            jurisdiction=jurisdiction, status=status, sight=sight(self.principal)
        )

    @requires(Action.VIEW_REVIEW)
    def get_review(
        self, review_id: UUID, *, version: int | None = None, as_of: datetime | None = None
    ) -> PrincipalReview:
        """The review (confidential: the read is recorded), with what this principal may do
        now; as it stood at an event version or a moment, read-only."""
        past = version is not None or as_of is not None
        view = self.desk.get_review(review_id, version=version, as_of=as_of)
        self._record(review_id, "review_as_of" if past else "review")
        return self._for_me(view, read_only=past)

    @requires(Action.VIEW_REVIEW)
    def reveal_personal_data(self, review_id: UUID) -> StudentView:
        """The student's personal data, behind an explicit action that is recorded."""
        view = self.desk.get_review(review_id)
        self._record(review_id, "personal_data")
        return view["incident"]["student"]

    @requires(Action.VIEW_REVIEW)
    def history(self, review_id: UUID) -> list[EventView]:
        """Every event of the review and its sign-offs (recorded)."""
        self._record(review_id, "history")
        return self.desk.history(review_id)

    @requires(Action.VIEW_REVIEW)
    def revision_diff(self, review_id: UUID, before: int, after: int | None) -> list[Change]:
        """What changed between two report revisions (``after`` None: the current text)."""
        self._record(review_id, "revision_diff")
        return self.desk.revision_diff(review_id, before, after)

    @requires(Action.VIEW_REVIEW)
    def verify_signatures(self, review_id: UUID) -> list[SignatureCheck]:
        """Every signature and seal, checked against the signer's recorded public key."""
        return self.desk.verify_signatures(review_id)

    @requires(Action.VIEW_REVIEW)
    def report_document(
        self, review_id: UUID, *, revision: int | None = None, personal_data: bool = False
    ) -> ReportDocument:
        """The report of a revision as a document to download: every download is an access
        record; the student's personal data in it is recorded as a personal-data access."""
        document = self.desk.report_document(review_id, revision)
        self._record(review_id, "report_pdf")
        if personal_data:
            self._record(review_id, "personal_data")
        return document

    @requires_global(Action.AUDIT)
    def check_report_manifest(self, manifest: dict[str, Any]) -> ManifestCheck:
        """An uploaded report's manifest against the history (inspectors): the revision
        and its content hash exist, and no key was revoked before its signature."""
        return self.desk.check_manifest(manifest)

    @requires(Action.AUDIT)
    def access_records(self, review_id: UUID) -> list[AccessRecordView]:
        """Who read what of this review, and when (inspectors)."""
        return self.desk.access_records(review_id)

    @requires_global(Action.LIST_REVIEWS)
    def people(self) -> dict[str, str]:
        """Display names by account id, to say who did what (the accounts projection)."""
        names = {i: a["display_name"] for i, a in self.desk.account_names().items()}
        return {str(SYSTEM_ACTOR): "fupan", **names}

    @requires_global(Action.AUDIT)
    def check_audit(self) -> None:
        """Inspectors only: the integrity check of the whole history."""

    @requires_global(Action.REGISTER_INCIDENT)
    def check_may_register(self) -> None:
        """Only case officers with a scope register incidents."""

    def _for_me(self, view: ReviewView, *, read_only: bool) -> PrincipalReview:
        mine = str(self.actor)
        signoff = view["signoff"]
        scope = self._scope(UUID(view["id"]))
        may = {a.value for a in actions_on(self.principal, scope)}
        return {
            **view,
            "allowed": [] if read_only else sorted(may & set(view["possible"])),
            "my_slots": [
                s["slot"]
                for s in (signoff["slots"] if signoff and not signoff["void"] else [])
                if s["holder"] == mine and s["mark"] is None
            ],
            # Recorded as signed or sealed on paper: the holder may dispute it.
            "my_paper_slots": [
                s["slot"]
                for s in (signoff["slots"] if signoff and not signoff["void"] else [])
                if s["holder"] == mine and s["paper"]
            ],
            "as_of": read_only,
        }
