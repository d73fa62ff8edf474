"""Checklist rounds (issue 23): a city-wide officer issues a template's items to chosen
jurisdictions; each jurisdiction's officers record the items, attach evidence and submit
the round. The round and each jurisdiction's progress are read from their events (a
round's matrix is a replay, never a second copy that could drift).

Evidence files go the way of a review's attachments: checked by their content, images
stripped of metadata, encrypted in chunks under the progress stream's own data key, saved
in the transaction of the event that records their hashes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from uuid import UUID, uuid4

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.persistence import IntegrityError

from application.attachments import MIB, checked_file
from application.checklist_templates import ChecklistTemplates
from application.damage import checked_projection
from application.errors import ConflictError, RoundNotFound
from application.index import IndexRow
from application.report_document import verification_code
from domain import validation as v
from domain.checklist_round import ChecklistRound, RoundItem
from domain.content import CONTENT_HASH_ALGORITHM, content_hash
from domain.deadline import CHINA
from domain.errors import InvalidValue, Reason
from domain.reference import ReferenceKind
from domain.round_progress import Evidence, RoundProgress, Standing, standing
from domain.values import Status

T = TypeVar("T")


@dataclass(frozen=True)
class ReviewFigures:
    """The reviews of a round's period in one jurisdiction, as items 29–31 need them."""

    reviews: list[dict[str, Any]]  # {"review_id", "reference", "status", "late"}
    four_party: int  # with a team of all four parties
    complete: int  # the four aspects written, risk points with measures addressing them
    on_time: int  # closed (every signature or seal) within two weeks

    @property
    def count(self) -> int:
        return len(self.reviews)

    def as_recorded(self) -> dict[str, Any]:
        """What an item records when the officer confirms it (ids, not text)."""
        return {
            "count": self.count,
            "four_party": self.four_party,
            "complete": self.complete,
            "on_time": self.on_time,
            "review_ids": [r["review_id"] for r in self.reviews],
        }


@dataclass(frozen=True)
class EvidenceFile:
    evidence: Evidence
    content: bytes


@dataclass(frozen=True)
class MatrixCell:
    standing: Standing
    recorded_at: datetime | None
    evidence: int


@dataclass(frozen=True)
class Matrix:
    """Jurisdictions × items of a round on a given day (Shanghai's)."""

    checklist_round: ChecklistRound
    today: date
    jurisdictions: tuple[str, ...]
    items: tuple[RoundItem, ...]
    cells: dict[tuple[str, int], MatrixCell]
    submitted: dict[str, int]  # jurisdiction: its last submission's number (0: none)

    def counts(self, jurisdiction: str) -> dict[str, int]:
        found = {s.value: 0 for s in Standing}
        for item in self.items:
            found[self.cells[(jurisdiction, item.number)].standing.value] += 1
        return found


class ChecklistRounds(ChecklistTemplates):
    # ---- issuing -----------------------------------------------------------------------

    def issue_round(
        self,
        *,
        template: str,
        title: str,
        starts_on: object,
        ends_on: object,
        jurisdictions: object,
        actor: UUID,
    ) -> UUID:
        """Issue a template's items to jurisdictions; the round's id. The id follows from
        the title: issuing the same round twice (a second click) finds the first; another
        round of that title is refused naming ``title``."""
        actor = v.an_id("actor", actor)
        found = self.checklist_template(template)
        if found is None or not found.active:
            raise InvalidValue("template", Reason.NOT_IN_LIST)
        active = {r.code for r in self.reference_entries(ReferenceKind.JURISDICTION.value)}
        issued = ChecklistRound.issue(
            template=found.template,
            template_version=found.version,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            jurisdictions=jurisdictions,
            actor=actor,
            now=self.clock.now(),
        )
        unknown = [j for j in issued.jurisdictions if j not in active]
        if unknown:
            raise InvalidValue("jurisdictions", Reason.NOT_IN_LIST)
        if self._round_exists(issued.id):
            return self._same_round(issued)
        columns = [RoundProgress.open(issued, j, actor) for j in issued.jurisdictions]
        rows: dict[str, list[Any]] = {}
        for column in columns:
            for table, more in self.keys.create_key(column.id).items():
                rows.setdefault(table, []).extend(more)
        try:
            self.save(issued, *columns, **rows)
        except IntegrityError:
            # Issued at the same moment by another request: the keys made here were never
            # stored, and none may stay in the key cache.
            for column in columns:
                self.keys.forget(column.id)
            return self._same_round(issued)
        return issued.id

    def _round_exists(self, round_id: UUID) -> bool:
        try:
            self.checklist_round(round_id)
        except RoundNotFound:
            return False
        return True

    def _same_round(self, issued: ChecklistRound) -> UUID:
        """The round of this title is the one being issued again (a second click): its
        id; another round of the same title is refused naming ``title``."""
        existing = self.checklist_round(issued.id)
        shape = (existing.template, existing.starts_on, existing.ends_on, existing.jurisdictions)
        if shape == (issued.template, issued.starts_on, issued.ends_on, issued.jurisdictions):
            return existing.id
        raise InvalidValue("title", Reason.ALREADY_USED)

    # ---- reading -----------------------------------------------------------------------

    def round_ids(self) -> list[UUID]:
        return self._created(ChecklistRound.Issued)

    def checklist_rounds(self) -> list[ChecklistRound]:
        """Every round, newest first."""
        rounds = [self.checklist_round(r) for r in self.round_ids()]
        return sorted(rounds, key=lambda r: r.issued_at, reverse=True)

    def checklist_round(self, round_id: UUID) -> ChecklistRound:
        return self._aggregate(v.an_id("round_id", round_id), ChecklistRound, None)

    def round_progress(
        self, round_id: UUID, jurisdiction: str, version: int | None = None
    ) -> RoundProgress:
        return self.progress_in(self.checklist_round(round_id), jurisdiction, version)

    def progress_in(
        self, the_round: ChecklistRound, jurisdiction: str, version: int | None = None
    ) -> RoundProgress:
        """A jurisdiction's column of a round already loaded (the round is not read again)."""
        the_round.check_jurisdiction(jurisdiction)
        return self._aggregate(
            RoundProgress.create_id(the_round.id, jurisdiction), RoundProgress, version
        )

    def progress_of(self, progress_id: UUID) -> RoundProgress:
        """A jurisdiction's progress by its own id (a reminder names it)."""
        return self._aggregate(v.an_id("progress_id", progress_id), RoundProgress, None)

    def round_matrix(self, round_id: UUID, jurisdictions: tuple[str, ...] | None = None) -> Matrix:
        """The round's jurisdictions (or those named) × its items, as of today in Shanghai."""
        the_round = self.checklist_round(round_id)
        today = self.clock.now().astimezone(CHINA).date()
        chosen = tuple(
            j for j in the_round.jurisdictions if jurisdictions is None or j in jurisdictions
        )
        cells: dict[tuple[str, int], MatrixCell] = {}
        submitted: dict[str, int] = {}
        for j in chosen:
            progress = self.progress_in(the_round, j)
            submitted[j] = len(progress.submissions)
            for item in the_round.items:
                record = progress.items.get(item.number)
                cells[(j, item.number)] = MatrixCell(
                    standing(record, item, today),
                    record.at if record else None,
                    len(progress.current_evidence(item.number)),
                )
        return Matrix(the_round, today, chosen, the_round.items, cells, submitted)

    def round_reviews(self, round_id: UUID, jurisdiction: str) -> ReviewFigures:
        """The reviews of the round's period (incidents from its first to its last day) in
        the jurisdiction, from the review list: what items 29–31 show and record."""
        the_round = self.checklist_round(round_id)
        the_round.check_jurisdiction(jurisdiction)
        rows = [
            r
            for r in self.index.select_review_index()
            if r.jurisdiction == jurisdiction
            and the_round.starts_on <= r.occurred_on <= the_round.ends_on
            and r.status != Status.WITHDRAWN.value
            and not r.erased
        ]
        rows.sort(key=lambda r: (r.occurred_on, r.reference))
        return ReviewFigures(
            reviews=[_review_line(r) for r in rows],
            four_party=sum(1 for r in rows if not r.parties_missing),
            complete=sum(1 for r in rows if _complete(r)),
            on_time=sum(1 for r in rows if r.first_closed_at is not None and not r.late),
        )

    # ---- a jurisdiction's work ---------------------------------------------------------

    def record_round_item(
        self,
        round_id: UUID,
        jurisdiction: str,
        *,
        number: object,
        status: object,
        note: object = "",
        reason: object = "",
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Record an item's status; the stream's version after it. An item fupan's reviews
        carry records the figures of the round's period as they stand now."""
        actor = v.an_id("actor", actor)

        def record(progress: RoundProgress, the_round: ChecklistRound, now: datetime) -> None:
            item = the_round.item(number)
            figures = (
                self.round_reviews(the_round.id, jurisdiction).as_recorded()
                if item.reviews
                else None
            )
            progress.record_item(
                the_round,
                number=number,
                status=status,
                note=note,
                reason=reason,
                reviews=figures,
                actor=actor,
                now=now,
            )

        return self._progress_change(round_id, jurisdiction, expected_version, record)[0].version

    def add_round_evidence(
        self,
        round_id: UUID,
        jurisdiction: str,
        *,
        number: object,
        content: bytes,
        filename: str,
        max_bytes: int = 20 * MIB,
        actor: UUID,
    ) -> UUID:
        """Check, clean, encrypt and record an evidence file for an item; its id."""
        actor = v.an_id("actor", actor)
        upload = checked_file(content, filename, max_bytes)
        attachment_id = uuid4()
        progress_id = self.round_progress(round_id, jurisdiction).id

        def attach(progress: RoundProgress, the_round: ChecklistRound, now: datetime) -> None:
            progress.add_evidence(
                the_round,
                number=number,
                attachment_id=attachment_id,
                name=upload.name,
                media_type=upload.media_type,
                size=len(upload.stored),
                sha256=upload.sha256,
                actor=actor,
                now=now,
            )

        rows = self.keys.seal_file(progress_id, attachment_id, upload.stored)
        self._progress_change(round_id, jurisdiction, None, attach, rows)
        return attachment_id

    def withdraw_round_evidence(
        self, round_id: UUID, jurisdiction: str, attachment_id: UUID, *, reason: str, actor: UUID
    ) -> None:
        actor = v.an_id("actor", actor)

        def withdraw(progress: RoundProgress, _round: ChecklistRound, now: datetime) -> None:
            progress.withdraw_evidence(attachment_id, reason, actor, now)

        self._progress_change(round_id, jurisdiction, None, withdraw)

    def round_evidence_file(
        self, round_id: UUID, jurisdiction: str, attachment_id: UUID
    ) -> EvidenceFile:
        """The file as stored (decrypted); the caller records the access."""
        progress = self.round_progress(round_id, jurisdiction)
        found = progress.evidence_file(attachment_id)
        chunks = self.store.select_attachment_chunks(found.id)
        return EvidenceFile(found, self.keys.open_file(progress.id, found.id, chunks))

    def submit_round(self, round_id: UUID, jurisdiction: str, *, actor: UUID) -> int:
        """Submit the jurisdiction's round; the submission's number (a second click with
        nothing changed since is the same submission)."""
        actor = v.an_id("actor", actor)

        def submit(progress: RoundProgress, the_round: ChecklistRound, now: datetime) -> int:
            return progress.submit(the_round, actor, now).number

        return self._progress_change(round_id, jurisdiction, None, submit)[1]

    # ---- internals ---------------------------------------------------------------------

    def _progress_change(
        self,
        round_id: UUID,
        jurisdiction: str,
        expected_version: int | None,
        command: Callable[[RoundProgress, ChecklistRound, datetime], T],
        rows: dict[str, list[Any]] | None = None,
    ) -> tuple[RoundProgress, T]:
        the_round = self.checklist_round(round_id)
        progress = self.progress_in(the_round, jurisdiction)
        stale = expected_version is not None and progress.version != expected_version
        result = command(progress, the_round, self.clock.now())
        if stale and progress.pending_events:
            # A form read before another change, that would change something: reported,
            # nothing overwritten. (The same form sent again, changing nothing, is fine.)
            raise ConflictError(
                "the jurisdiction's round was changed by someone else; reload it",
                expected_version=expected_version,
                current_version=progress.version,
            )
        if progress.pending_events:
            try:
                self.save(progress, **(rows or {}))
            except IntegrityError:
                raise ConflictError(
                    "the jurisdiction's round was changed by someone else; reload it"
                ) from None
        return progress, result

    def _aggregate(self, aggregate_id: UUID, kind: type[T], version: int | None) -> T:
        try:
            with self._reading():
                found: Any = self.repository.get(
                    aggregate_id, version=version, projector_func=checked_projection
                )
        except AggregateNotFoundError:
            raise RoundNotFound("no such round", round_id=str(aggregate_id)) from None
        if not isinstance(found, kind):
            raise RoundNotFound("no such round", round_id=str(aggregate_id))
        return found


def _complete(row: IndexRow) -> bool:
    return (
        not row.aspects_missing
        and not row.aspects_short
        and row.risk_points > 0
        and row.measures_addressing
    )


def _review_line(row: IndexRow) -> dict[str, Any]:
    return {
        "review_id": str(row.review_id),
        "reference": row.reference,
        "status": row.status,
        "late": row.late,
        "closed": row.first_closed_at is not None,
    }


def round_manifest(
    checklist_round: ChecklistRound,
    progress: RoundProgress,
    submission: int,
    algorithm: str = CONTENT_HASH_ALGORITHM,
) -> dict[str, Any]:
    """What a county's report of one submission states, embedded in its PDF: the items'
    status and notes, the evidence by hash, who submitted when; and the report's
    verification code, of this manifest's hash (SM3 on a store of the national suite)."""
    at = progress.submission(submission)
    items = []
    for item in checklist_round.items:
        record = progress.items.get(item.number)
        items.append(
            {
                "number": item.number,
                "due_on": item.due_on.isoformat(),
                "status": record.status.value if record else "",
                "note": record.note if record else "",
                "reason": record.reason if record else "",
                "reviews": record.reviews if record else {},
                "recorded_by": str(record.by) if record else "",
                "recorded_at": record.at.isoformat() if record else "",
                "evidence": [
                    {"id": str(e.id), "sha256": e.sha256, "size": e.size}
                    for e in progress.current_evidence(item.number)
                ],
            }
        )
    body = {
        "round_id": str(checklist_round.id),
        "title": checklist_round.title,
        "template": checklist_round.template,
        "template_version": checklist_round.template_version,
        "jurisdiction": progress.jurisdiction,
        "submission": at.number,
        "version": at.version,
        "submitted_by": str(at.by),
        "submitted_at": at.at.isoformat(),
        "items": items,
    }
    digest = content_hash(body, algorithm)
    return {
        **body,
        "content_hash": digest,
        "verification_code": verification_code(progress.id, at.number, digest),
    }
