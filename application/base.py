"""The application's base: construction, loading and saving reviews, shared by the use cases.

Every command loads the review, runs one domain command with ``now`` from the injected
clock and the acting account's id, and saves the changed aggregates in one atomic
``save()`` together with the review's index row (and key rows). A stale write becomes a
ConflictError. Commands take and return primitives.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from datetime import date, datetime
from typing import Any, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository
from eventsourcing.persistence import IntegrityError

from application.command_inputs import not_awaiting
from application.damage import checked_projection, reading
from application.errors import AccountNotFound, ConflictError, ReviewNotFound
from application.index import IndexRow
from application.memo import ListMemo
from application.ports import (
    Clock,
    DataKeys,
    FupanStore,
    KeyedHash,
    PasswordHasher,
    SigningKeys,
)
from application.projection import (
    Projections,
    projection_shape,
    review_row,
    slot_rows,
)
from application.rebuild import created_ids, rebuild_projections
from application.storage import StoredApplication
from domain import review_events
from domain import validation as v
from domain.account import Account
from domain.deadline import MEASURE_HORIZON_YEARS
from domain.errors import InvalidValue, Reason
from domain.reference import ReferenceEntry
from domain.review import Review
from domain.signoff import SignOff
from domain.substance import DEFAULT_MIN_CHARS
from domain.values import ERASED, Status

T = TypeVar("T")


class DeskBase(StoredApplication):
    """Construction and the load → command → save cycle."""

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        clock: Clock,
        keys: DataKeys,
        passwords: PasswordHasher,
        signing_keys: SigningKeys,
        keyed: KeyedHash,
        min_aspect_chars: int = DEFAULT_MIN_CHARS,
        list_memo: int = 256,
        measure_horizon_years: int = MEASURE_HORIZON_YEARS,
        stats_threshold: int = 5,
    ) -> None:
        self.clock = clock
        self.stats_threshold = stats_threshold
        self.list_memo = ListMemo(list_memo)
        self._uncached: Repository[UUID] | None = None
        self.keys = keys
        self.passwords = passwords
        self.signing_keys = signing_keys
        self.keyed = keyed
        self.min_aspect_chars = min_aspect_chars
        self.measure_horizon_years = measure_horizon_years
        self.commit_observers = []
        super().__init__(env)
        keys.attach(self.store)
        # The projections are derived: a store whose projections have another shape (an
        # older release, another FUPAN_MIN_ASPECT_CHARS) rebuilds them from the events here.
        self.store.rebuild_projections(projection_shape(min_aspect_chars), self.projections)

    # ---- the index ---------------------------------------------------------------------

    def review_ids(self) -> list[UUID]:
        """Every review ever registered, in registration order, read from the events."""
        return self._created(review_events.Registered)

    def _created(self, created: type[Any]) -> list[UUID]:
        """The ids of every aggregate created with this event class, in order."""
        return created_ids(self.recorder, created)

    def projections(self, progress: Callable[[int, int], None] | None = None) -> Projections:
        """Every projection, rebuilt from the events alone; ``progress(done, total)`` after
        each review."""
        return rebuild_projections(self, progress)

    def _index_row(self, review: Review) -> IndexRow:
        erased = review.erased
        return review_row(
            review,
            self.min_aspect_chars,
            None if erased else self.duplicate_key(review),
            None if erased else self.student_key(review.incident.student.name),
        )

    def duplicate_key(self, review: Review) -> str:
        """A keyed hash of what makes two registrations the same incident."""
        incident = review.incident
        return self.duplicate_key_of(incident.school, incident.occurred_on, incident.student.name)

    def duplicate_key_of(self, school: str, occurred_on: date, student_name: str) -> str:
        key = f"{norm(school)}|{occurred_on.isoformat()}|{norm(student_name)}"
        return self.keyed.keyed_hash("duplicate-registrations", key)

    def student_key(self, student_name: str) -> str:
        """A keyed hash of a student's name alone, for the exact name search."""
        return self.keyed.keyed_hash("student-names", norm(student_name))

    @property
    def store(self) -> FupanStore:
        """The recorder, as the store contract (``application.ports``) declares it."""
        return cast(FupanStore, self.recorder)

    @property
    def index(self) -> FupanStore:
        return self.store

    # ---- internals ------------------------------------------------------------------

    def _change(
        self,
        review_id: UUID,
        actor: UUID,
        expected_version: int | None,
        command: Callable[[Review, UUID, datetime], None],
        retries: int = 0,
    ) -> int:
        """Run a review command that returns nothing; returns the review's new version."""
        return self._amend(review_id, actor, expected_version, command, retries)[0].version

    def _amend(
        self,
        review_id: UUID,
        actor: UUID,
        expected_version: int | None,
        command: Callable[[Review, UUID, datetime], T],
        retries: int = 0,
        *,
        rows: dict[str, list[Any]] | None = None,
    ) -> tuple[Review, T]:
        """Run a review command; void the current sign-off if the command changed its content.
        ``rows``: more to save in the events' transaction (an attachment's chunks).

        ``retries``: when another write to the stream came first, load again and rerun the
        command (whose own guards then decide, e.g. an aspect's draft), up to that many
        times; without ``expected_version`` only."""
        for attempt in range(retries + 1):
            try:
                return self._amend_once(review_id, actor, expected_version, command, rows)
            except ConflictError:
                if expected_version is not None or attempt == retries:
                    raise
        raise AssertionError("unreachable")

    def _amend_once(
        self,
        review_id: UUID,
        actor: UUID,
        expected_version: int | None,
        command: Callable[[Review, UUID, datetime], T],
        rows: dict[str, list[Any]] | None = None,
    ) -> tuple[Review, T]:
        actor = v.an_id("actor", actor)
        review = self._load(review_id, expected_version)
        now = self.clock.now()
        awaiting = review.signoff_id if review.status is Status.AWAITING_SIGNATURES else None
        result = command(review, actor, now)
        if not review.pending_events:
            return review, result
        changed: list[Review | SignOff] = [review]
        if awaiting is not None and review.signoff_id is None:
            # The command changed signed content: the sign-off stops counting.
            signoff = self._get_signoff(awaiting)
            signoff.void("content_changed", actor, now)
            changed.append(signoff)
        self._save(*changed, **(rows or {}))
        return review, result

    def _find_account(self, account_id: UUID) -> Account | None:
        try:
            with self._reading():
                found: Any = self.uncached.get(account_id, projector_func=checked_projection)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, Account) else None

    def _find_reference(self, entry_id: UUID) -> ReferenceEntry | None:
        try:
            with self._reading():
                found: Any = self.uncached.get(entry_id, projector_func=checked_projection)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, ReferenceEntry) else None

    def _reference(self, entry_id: UUID) -> ReferenceEntry:
        entry = self._find_reference(v.an_id("entry_id", entry_id))
        if entry is None:
            raise InvalidValue("entry_id", Reason.NOT_IN_LIST)
        return entry

    def _account(self, account_id: UUID) -> Account:
        account = self._find_account(v.an_id("account_id", account_id))
        if account is None:
            raise AccountNotFound("no such account", account_id=str(account_id))
        return account

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
            with self._reading():
                review: Any = self.repository.get(
                    review_id, version=version, projector_func=checked_projection
                )
        except AggregateNotFoundError:
            raise ReviewNotFound("no such review", review_id=str(review_id)) from None
        if not isinstance(review, Review):
            raise ReviewNotFound("no such review", review_id=str(review_id))
        if review.erased and review.incident.student.name != ERASED:
            # Erased by another process since this one read it in clear: forget the copy
            # and the key this process still holds, read it again from its events (its
            # personal data no longer opens).
            self.keys.forget(review_id)
            self._uncache(review_id)
            with self._reading():
                review = self.uncached.get(
                    review_id, version=version, projector_func=checked_projection
                )
        return cast(Review, review)

    def _uncache(self, review_id: UUID) -> None:
        if self.repository.cache is not None:
            with suppress(KeyError):
                self.repository.cache.get(review_id, evict=True)

    @property
    def uncached(self) -> Repository[UUID]:
        """Sign-offs and accounts are read from their events each time (short streams);
        only reviews go through the aggregate cache (``AGGREGATE_CACHE_MAXSIZE``)."""
        if self._uncached is None:
            self._uncached = Repository(event_store=self.events, snapshot_store=self.snapshots)
        return self._uncached

    def _get_signoff(self, signoff_id: UUID, cutoff: datetime | None = None) -> SignOff:
        with self._reading():
            version = None
            if cutoff is not None:
                events = [e for e in self.events.get(signoff_id) if recorded_at(e) <= cutoff]
                version = events[-1].originator_version
            return cast(
                SignOff,
                self.uncached.get(signoff_id, version=version, projector_func=checked_projection),
            )

    def _reading(self) -> AbstractContextManager[None]:
        """Stored records that cannot be read back make the review damaged (a finding)."""
        return reading(self.store)

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
            raise not_awaiting()
        review.check_current_signoff(signoff)
        return review, signoff

    def _version_at(self, review_id: UUID, as_of: datetime) -> int:
        if as_of.tzinfo is None:
            raise InvalidValue("as_of", Reason.NEEDS_TIME_ZONE)
        version = None
        with self._reading():
            for event in self.events.get(review_id):
                if recorded_at(event) > as_of:
                    break
                version = event.originator_version
        if version is None:
            self._get(review_id, None)
            raise InvalidValue("as_of", Reason.BEFORE_REGISTRATION)
        return version

    def _save(self, *aggregates: Review | SignOff, **rows: list[Any]) -> None:
        """Save atomically, with the projection rows (and key rows); a stale write is a
        conflict."""
        index_rows = [self._index_row(a) for a in aggregates if isinstance(a, Review)]
        signoffs = [row for a in aggregates if isinstance(a, SignOff) for row in slot_rows(a)]
        try:
            self.save(*aggregates, index_rows=index_rows, slot_rows=signoffs, **rows)
        except IntegrityError:
            raise ConflictError("the review was changed by someone else; reload it") from None


def norm(text: str) -> str:
    """Text as keyed hashes compare it: NFKC, no whitespace, lower case."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lower()


def recorded_at(event: Any) -> datetime:
    return cast(datetime, event.timestamp)
