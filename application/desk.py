"""ReviewDesk: the review process as use cases over event streams.

Every command loads the review, runs one domain command with ``now`` from the injected
clock and the acting account's id, and saves the changed aggregates in one atomic
``save()`` together with the review's index row. A stale write becomes a ConflictError.
Commands take and return primitives.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, ClassVar, TypeVar, cast
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProjectorFunction,
    project_aggregate,
)
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Mapper
from eventsourcing.utils import get_topic, resolve_topic

from application.errors import ConflictError, ReviewNotFound
from application.index import IndexRow, summary
from application.ports import Clock, DataKeys, ReviewIndexRecorder
from application.transcodings import register_domain_transcodings
from application.views import event_view, review_view
from domain import review_events
from domain import validation as v
from domain.errors import InvalidTransition, InvalidValue
from domain.review import Review
from domain.signoff import SignOff
from domain.substance import DEFAULT_MIN_CHARS
from domain.values import Aspect, Category, Gender, Party, SignatoryRole, Status, Student

T = TypeVar("T")
SNAPSHOT_INTERVAL = 50


class ReviewDesk(Application[UUID]):
    """Registers incidents and carries each review through team, report, signature, closing."""

    name = "ReviewDesk"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Review: SNAPSHOT_INTERVAL}

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        clock: Clock,
        keys: DataKeys,
        min_aspect_chars: int = DEFAULT_MIN_CHARS,
    ) -> None:
        self.clock = clock
        self.keys = keys
        self.min_aspect_chars = min_aspect_chars
        super().__init__(env)
        keys.attach(self.recorder)

    def construct_mapper(self) -> Mapper[UUID]:
        """The mapper named by MAPPER_TOPIC, given the data keys (it seals sensitive fields)."""
        mapper_class = resolve_topic(self.env.get("MAPPER_TOPIC") or get_topic(Mapper))
        if mapper_class is Mapper:
            return Mapper(transcoder=self.construct_transcoder())
        mapper: Mapper[UUID] = mapper_class(transcoder=self.construct_transcoder(), keys=self.keys)
        return mapper

    def take_snapshot(
        self,
        aggregate_id: UUID,
        version: int | None = None,
        projector_func: ProjectorFunction[Any, Any] = project_aggregate,
    ) -> None:
        """No snapshot of an erased review: there is no key left to seal it with."""
        if not getattr(self.repository.get(aggregate_id, version=version), "erased", False):
            super().take_snapshot(aggregate_id, version, projector_func)

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    @property
    def index(self) -> ReviewIndexRecorder:
        return cast(ReviewIndexRecorder, self.recorder)

    # ---- registration and incident facts ---------------------------------------------

    def register_incident(
        self,
        *,
        occurred_on: date | str,
        school: str,
        jurisdiction: str,
        category: str,
        on_premises: bool,
        student: dict[str, Any],
        actor: UUID,
    ) -> UUID:
        """Open a review for an incident; its due date is computed from the incident date."""
        review = Review.register(
            occurred_on=v.a_date("occurred_on", occurred_on),
            school=school,
            jurisdiction=jurisdiction,
            category=v.choice("category", category, Category),
            on_premises=_flag("on_premises", on_premises),
            student=_student(student),
            actor=v.an_id("actor", actor),
            now=self.clock.now(),
        )
        self._save(review, **self.keys.create_review_key(review.id))
        return review.id

    def correct_incident_date(
        self,
        review_id: UUID,
        *,
        occurred_on: date | str,
        reason: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Correct the incident date (audited, with a reason); the due date follows."""
        day = v.a_date("occurred_on", occurred_on)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, now: r.correct_incident_date(day, reason, actor, now),
        )

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
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Amend the incident facts other than its date (audited, with a reason)."""
        kind = v.choice("category", category, Category)
        facts = _student(student)
        premises = _flag("on_premises", on_premises)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, now: r.amend_incident(
                school=school,
                jurisdiction=jurisdiction,
                category=kind,
                on_premises=premises,
                student=facts,
                reason=reason,
                actor=actor,
                now=now,
            ),
        )

    # ---- team ---------------------------------------------------------------------

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
            lambda r, now: r.appoint_member(member, name, side, actor, now),
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
            review_id, actor, expected_version, lambda r, now: r.remove_member(member, actor, now)
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
            lambda r, now: r.designate_signatory(slot_role, holder, name, actor, now),
        )

    # ---- report ---------------------------------------------------------------------

    def write_aspect(
        self,
        review_id: UUID,
        *,
        aspect: str,
        text: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Rewrite one of the four aspects."""
        which = v.choice("aspect", aspect, Aspect)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, now: r.write_aspect(which, text, actor, now),
        )

    def record_risk_point(
        self,
        review_id: UUID,
        *,
        description: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> UUID:
        """Record a risk point or weak link; returns its id."""
        return self._amend(
            review_id,
            actor,
            expected_version,
            lambda r, now: r.record_risk_point(description, actor, now),
        )[1]

    def revise_risk_point(
        self,
        review_id: UUID,
        *,
        risk_point_id: UUID,
        description: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Rewrite a risk point's description."""
        rid = v.an_id("risk_point_id", risk_point_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, now: r.revise_risk_point(rid, description, actor, now),
        )

    def withdraw_risk_point(
        self,
        review_id: UUID,
        *,
        risk_point_id: UUID,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Withdraw a risk point that no measure addresses."""
        rid = v.an_id("risk_point_id", risk_point_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, now: r.withdraw_risk_point(rid, actor, now),
        )

    def propose_measure(
        self,
        review_id: UUID,
        *,
        description: str,
        addresses: list[UUID],
        owner: str,
        due_on: date | str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> UUID:
        """Propose a prevention measure for named risk points; returns its id."""
        links = _ids("addresses", addresses)
        due = v.a_date("due_on", due_on)
        return self._amend(
            review_id,
            actor,
            expected_version,
            lambda r, now: r.propose_measure(
                description=description,
                addresses=links,
                owner=owner,
                due_on=due,
                actor=actor,
                now=now,
            ),
        )[1]

    def revise_measure(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        description: str,
        addresses: list[UUID],
        owner: str,
        due_on: date | str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Revise a measure as proposed (signed content)."""
        mid = v.an_id("measure_id", measure_id)
        links = _ids("addresses", addresses)
        due = v.a_date("due_on", due_on)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, now: r.revise_measure(
                mid,
                description=description,
                addresses=links,
                owner=owner,
                due_on=due,
                actor=actor,
                now=now,
            ),
        )

    def withdraw_measure(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Withdraw a proposed measure."""
        mid = v.an_id("measure_id", measure_id)
        return self._change(
            review_id, actor, expected_version, lambda r, now: r.withdraw_measure(mid, actor, now)
        )

    def record_measure_progress(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        note: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Follow-up on a measure; allowed on a closed review and voids nothing."""
        mid = v.an_id("measure_id", measure_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, now: r.record_measure_progress(mid, note, actor, now),
        )

    def record_measure_taken(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        evidence: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Record that a measure was taken, with evidence; allowed on a closed review."""
        mid = v.an_id("measure_id", measure_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, now: r.record_measure_taken(mid, evidence, actor, now),
        )

    # ---- signature, closing, correction ------------------------------------------------

    def send_for_signature(
        self, review_id: UUID, *, actor: UUID, expected_version: int | None = None
    ) -> UUID:
        """Start the sign-off of the current report revision; returns the sign-off id."""
        review = self._load(review_id, expected_version)
        now = self.clock.now()
        signoff = review.send_for_signature(actor, now, self.min_aspect_chars)
        self._save(review, signoff, **self.keys.share(signoff.id, review.id))
        return signoff.id

    def sign(self, review_id: UUID, *, slot: str, actor: UUID) -> int:
        """Sign a slot of the current revision; returns the sign-off's version."""
        _, signoff = self._load_current_signoff(review_id)
        signoff.sign(slot, actor, self.clock.now())
        self._save(signoff)
        return signoff.version

    def seal(self, review_id: UUID, *, slot: str, actor: UUID) -> int:
        """Seal a slot of the current revision (盖章); counts like a signature."""
        _, signoff = self._load_current_signoff(review_id)
        signoff.seal(slot, actor, self.clock.now())
        self._save(signoff)
        return signoff.version

    def decline(self, review_id: UUID, *, slot: str, reason: str, actor: UUID) -> int:
        """Decline a slot with a reason: the sign-off is void and drafting resumes."""
        review, signoff = self._load_current_signoff(review_id)
        now = self.clock.now()
        signoff.decline(slot, reason, actor, now)
        review.void_signoff(signoff, "declined", actor, now)
        self._save(review, signoff)
        return review.version

    def close_review(
        self,
        review_id: UUID,
        *,
        actor: UUID,
        late_reason: str = "",
        expected_version: int | None = None,
    ) -> int:
        """Close the review once every slot of the current revision is signed or sealed."""
        review = self._load(review_id, expected_version)
        now = self.clock.now()
        signoff = self._signoff_for(review)
        if signoff is None:
            review.check_not_closed()
            raise _not_awaiting()
        review.close(signoff, actor, now, late_reason)
        self._save(review)
        return review.version

    def open_correction(
        self, review_id: UUID, *, reason: str, actor: UUID, expected_version: int | None = None
    ) -> int:
        """Reopen a closed review for a new report revision, with a reason."""
        return self._change(
            review_id, actor, expected_version, lambda r, now: r.open_correction(reason, actor, now)
        )

    def erase_personal_data(
        self, review_id: UUID, *, reason: str, actor: UUID, expected_version: int | None = None
    ) -> int:
        """Destroy the review's data key with the event that records it (crypto-shredding)."""
        review = self._load(review_id, expected_version)
        now = self.clock.now()
        review.erase_personal_data(reason, actor, now)
        self._save(review, **self.keys.erase(review.id, now))
        self.keys.forget(review.id)
        self.recorder.scrub()  # type: ignore[attr-defined]
        return review.version

    # ---- queries ------------------------------------------------------------------

    def get_review(
        self, review_id: UUID, *, version: int | None = None, as_of: datetime | None = None
    ) -> dict[str, Any]:
        """The review now, at an event version, or as it stood at an instant."""
        review_id = v.an_id("review_id", review_id)
        if as_of is not None:
            version = self._version_at(review_id, as_of)
        review = self._get(review_id, version)
        cutoff = review.modified_on if version is not None else None
        signoff = self._signoff_for(review, cutoff)
        return review_view(review, signoff, self.clock.now(), self.min_aspect_chars)

    def history(self, review_id: UUID) -> list[dict[str, Any]]:
        """Every event of the review and of its sign-offs, in order: what, when, by whom."""
        review_id = v.an_id("review_id", review_id)
        self._get(review_id, None)
        items = [event_view("review", e) for e in self.events.get(review_id)]
        signoff_ids = [i["data"]["signoff_id"] for i in items if i["event"] == "SentForSignature"]
        for signoff_id in signoff_ids:
            items += [event_view("signoff", e) for e in self.events.get(UUID(signoff_id))]
        return sorted(items, key=lambda i: (i["at"], i["stream"] != "review", i["version"]))

    def list_reviews(
        self, *, jurisdiction: str | None = None, status: str | None = None
    ) -> list[dict[str, Any]]:
        """Reviews from the index, with due date, days left and late/overdue flags."""
        if status is not None:
            status = v.choice("status", status, Status).value
        rows = self.index.select_review_index(jurisdiction=jurisdiction, status=status)
        now = self.clock.now()
        return [summary(row, now) for row in rows]

    def reindex(self) -> int:
        """Rebuild the review index from the events alone; returns the number of reviews."""
        rows = [IndexRow.of(self._get(review_id, None)) for review_id in self.review_ids()]
        self.index.replace_review_index(rows)
        return len(rows)

    def review_ids(self) -> list[UUID]:
        """Every review ever registered, in registration order, read from the events."""
        topic = get_topic(review_events.Registered)
        ids: list[UUID] = []
        start = 1
        while True:
            batch = self.recorder.select_notifications(start, 500, topics=[topic])
            ids += [UUID(str(n.originator_id)) for n in batch]
            if len(batch) < 500:
                return ids
            start = batch[-1].id + 1

    # ---- internals ------------------------------------------------------------------

    def _change(
        self,
        review_id: UUID,
        actor: UUID,
        expected_version: int | None,
        command: Callable[[Review, datetime], None],
    ) -> int:
        """Run a review command that returns nothing; returns the review's new version."""
        return self._amend(review_id, actor, expected_version, command)[0].version

    def _amend(
        self,
        review_id: UUID,
        actor: UUID,
        expected_version: int | None,
        command: Callable[[Review, datetime], T],
    ) -> tuple[Review, T]:
        """Run a review command; void the current sign-off if the command changed its content."""
        v.an_id("actor", actor)
        review = self._load(review_id, expected_version)
        now = self.clock.now()
        awaiting = review.signoff_id if review.status is Status.AWAITING_SIGNATURES else None
        result = command(review, now)
        if not review.pending_events:
            return review, result
        changed: list[Review | SignOff] = [review]
        if awaiting is not None and review.signoff_id is None:
            # The command changed signed content: the sign-off stops counting.
            signoff = self._get_signoff(awaiting)
            signoff.void("content_changed", actor, now)
            changed.append(signoff)
        self._save(*changed)
        return review, result

    def _load(self, review_id: UUID, expected_version: int | None) -> Review:
        review = self._get(v.an_id("review_id", review_id), None)
        if expected_version is not None and review.version != expected_version:
            raise ConflictError(
                "the review was changed by someone else; reload it",
                expected_version=expected_version,
                current_version=review.version,
            )
        return review

    def _get(self, review_id: UUID, version: int | None) -> Review:
        try:
            review: Any = self.repository.get(review_id, version=version)
        except AggregateNotFoundError:
            raise ReviewNotFound("no such review", review_id=str(review_id)) from None
        if not isinstance(review, Review):
            raise ReviewNotFound("no such review", review_id=str(review_id))
        return review

    def _get_signoff(self, signoff_id: UUID, cutoff: datetime | None = None) -> SignOff:
        if cutoff is None:
            return cast(SignOff, self.repository.get(signoff_id))
        events = [e for e in self.events.get(signoff_id) if _recorded_at(e) <= cutoff]
        return cast(SignOff, self.repository.get(signoff_id, version=events[-1].originator_version))

    def _signoff_for(self, review: Review, cutoff: datetime | None = None) -> SignOff | None:
        """The current sign-off, or the one the review was last closed with."""
        if review.signoff_id is not None:
            return self._get_signoff(review.signoff_id, cutoff)
        return None

    def _load_current_signoff(self, review_id: UUID) -> tuple[Review, SignOff]:
        review = self._load(review_id, None)
        review.check_not_closed()
        signoff = self._signoff_for(review)
        if signoff is None:
            raise _not_awaiting()
        review.check_current_signoff(signoff)
        return review, signoff

    def _version_at(self, review_id: UUID, as_of: datetime) -> int:
        if as_of.tzinfo is None:
            raise InvalidValue("as_of", "must include a time zone")
        version = None
        for event in self.events.get(review_id):
            if _recorded_at(event) > as_of:
                break
            version = event.originator_version
        if version is None:
            self._get(review_id, None)
            raise InvalidValue("as_of", "the review did not exist yet at that moment")
        return version

    def _save(self, *aggregates: Review | SignOff, **rows: list[Any]) -> None:
        """Save atomically, with the review's index row (and key rows); a stale write is a
        conflict."""
        index_rows = [IndexRow.of(a) for a in aggregates if isinstance(a, Review)]
        try:
            self.save(*aggregates, index_rows=index_rows, **rows)
        except IntegrityError:
            raise ConflictError("the review was changed by someone else; reload it") from None


def _not_awaiting() -> InvalidTransition:
    return InvalidTransition("not_awaiting_signatures", "the report is not out for signature")


def _recorded_at(event: Any) -> datetime:
    return cast(datetime, event.timestamp)


def _student(data: dict[str, Any]) -> Student:
    if not isinstance(data, dict):
        raise InvalidValue("student", "must be an object")
    return Student(
        name=v.text("student.name", data.get("name")),
        gender=v.choice("student.gender", data.get("gender", "unspecified"), Gender),
        grade_class=v.text("student.grade_class", data.get("grade_class", ""), required=False),
        id_number=v.id_number("student.id_number", data.get("id_number", "")),
    )


def _flag(field: str, value: object) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidValue(field, "must be true or false")


def _ids(field: str, values: list[UUID]) -> list[UUID]:
    if not isinstance(values, (list, tuple)):
        raise InvalidValue(field, "must be a list of identifiers")
    return [v.an_id(field, x) for x in values]
