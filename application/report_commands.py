"""Use cases on the report: the four aspects, risk points, measures and their follow-up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from application.command_inputs import ids
from application.theme_commands import ThemeCommands
from domain import review_events
from domain import validation as v
from domain.errors import InvalidValue, Reason
from domain.review import Review
from domain.values import Aspect

# Writes to one aspect retry when another write to the review came first (the aspect's
# draft still decides): two people on two aspects never see a false conflict.
ASPECT_RETRIES = 3


@dataclass(frozen=True)
class Created:
    """A new item of a review, and the review's event version after it."""

    id: UUID
    version: int


@dataclass(frozen=True)
class AspectEdit:
    """An aspect's text as submitted, and the draft it was read at (None: not known)."""

    text: str
    draft: int | None = None


class ReportCommands(ThemeCommands):
    def write_aspect(
        self,
        review_id: UUID,
        *,
        aspect: str,
        text: str,
        actor: UUID,
        expected_version: int | None = None,
        expected_draft: int | None = None,
    ) -> int:
        """Rewrite one of the four aspects; with ``expected_draft``, refused only if this
        aspect changed since it was read (``expected_version``: if anything did)."""
        which = v.choice("aspect", aspect, Aspect)
        if expected_version is not None and expected_draft is not None:
            raise InvalidValue("expected_draft", Reason.ONE_OF_TWO)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.write_aspect(which, text, who, now, expected_draft),
            retries=0 if expected_version is not None else ASPECT_RETRIES,
        )

    def write_aspects(
        self, review_id: UUID, *, edits: Mapping[str, AspectEdit], actor: UUID
    ) -> int:
        """Save several aspects in one submit and one transaction: an aspect unchanged from
        what was read is skipped, each changed one is its own event; if any is refused,
        nothing is saved."""
        wanted = {v.choice("aspect", key, Aspect): edit for key, edit in edits.items()}
        return self._change(
            review_id,
            actor,
            None,
            lambda r, who, now: self._write_changed(review_id, r, wanted, who, now),
            retries=ASPECT_RETRIES,
        )

    def _write_changed(
        self,
        review_id: UUID,
        review: Review,
        wanted: Mapping[Aspect, AspectEdit],
        actor: UUID,
        now: datetime,
    ) -> None:
        texts: dict[Aspect, str] = {}
        drafts: dict[Aspect, int | None] = {}
        for aspect, edit in wanted.items():
            text = edit.text.strip()
            if text == review.aspect_text(aspect):
                continue
            # Someone else saved this aspect since it was read: if this text is what was
            # read, this user did not touch it; otherwise both texts are shown.
            if (
                edit.draft is not None
                and edit.draft != review.aspect_draft(aspect)
                and text == self._aspect_at(review_id, aspect, edit.draft)
            ):
                continue
            texts[aspect], drafts[aspect] = edit.text, edit.draft
        review.write_aspects(texts, actor, now, drafts)

    def _aspect_at(self, review_id: UUID, aspect: Aspect, draft: int) -> str:
        """The text of an aspect at one of its drafts, from the history."""
        seen = 0
        for event in self.events.get(review_id):
            if isinstance(event, review_events.AspectWritten) and event.aspect is aspect:
                seen += 1
                if seen == draft:
                    return str(event.text)
        return ""

    def record_risk_point(
        self,
        review_id: UUID,
        *,
        description: str,
        actor: UUID,
        expected_version: int | None = None,
        themes: Sequence[str] = (),
    ) -> Created:
        """Record a risk point or weak link, with its themes if chosen (one save)."""
        chosen = self.listed_themes(themes) if themes else []

        def record(r: Review, who: UUID, now: datetime) -> UUID:
            point = r.record_risk_point(description, who, now)
            if chosen:
                r.classify_risk_point(point, chosen, who, now)
            return point

        review, point = self._amend(review_id, actor, expected_version, record)
        return Created(point, review.version)

    def revise_risk_point(
        self,
        review_id: UUID,
        *,
        risk_point_id: UUID,
        description: str,
        reason: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Correct a risk point's description, with the reason."""
        point = v.an_id("risk_point_id", risk_point_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.revise_risk_point(point, description, reason, who, now),
        )

    def withdraw_risk_point(
        self,
        review_id: UUID,
        *,
        risk_point_id: UUID,
        reason: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Withdraw a risk point that no measure addresses, with the reason."""
        point = v.an_id("risk_point_id", risk_point_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.withdraw_risk_point(point, reason, who, now),
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
    ) -> Created:
        """Propose a prevention measure for named risk points."""
        links = ids("addresses", addresses)
        due = v.a_date("due_on", due_on)
        review, measure = self._amend(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.propose_measure(
                description=description,
                addresses=links,
                owner=owner,
                due_on=due,
                actor=who,
                now=now,
                horizon_years=self.measure_horizon_years,
            ),
        )
        return Created(measure, review.version)

    def revise_measure(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        reason: str,
        actor: UUID,
        description: str | None = None,
        addresses: list[UUID] | None = None,
        owner: str | None = None,
        due_on: date | str | None = None,
        expected_version: int | None = None,
    ) -> int:
        """Correct a measure as proposed (signed content), with the reason; a field not
        given keeps its value."""
        measure = v.an_id("measure_id", measure_id)
        links = ids("addresses", addresses) if addresses is not None else None
        due = v.a_date("due_on", due_on) if due_on is not None else None

        def revise(review: Review, who: UUID, now: datetime) -> None:
            review.check_measure_exists(measure)
            current = review.measures[str(measure)]
            review.revise_measure(
                measure,
                description=current.description if description is None else description,
                addresses=list(current.addresses) if links is None else links,
                owner=current.owner if owner is None else owner,
                due_on=current.due_on if due is None else due,
                reason=reason,
                actor=who,
                now=now,
                horizon_years=self.measure_horizon_years,
            )

        return self._change(review_id, actor, expected_version, revise)

    def withdraw_measure(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        reason: str,
        actor: UUID,
        expected_version: int | None = None,
    ) -> int:
        """Withdraw a proposed measure, with the reason."""
        measure = v.an_id("measure_id", measure_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.withdraw_measure(measure, reason, who, now),
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
        measure = v.an_id("measure_id", measure_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.record_measure_progress(measure, note, who, now),
        )

    def set_measure_owner_account(
        self,
        review_id: UUID,
        *,
        measure_id: UUID,
        account_id: UUID | None,
        actor: UUID,
    ) -> int:
        """Name the account reminded as the measure falls due (None: nobody)."""
        measure = v.an_id("measure_id", measure_id)
        owner = v.an_id("account_id", account_id) if account_id is not None else None
        if owner is not None:
            found = self._find_account(owner)
            if found is None or found.disabled:
                raise InvalidValue("account_id", Reason.NO_SUCH_ACCOUNT)
        return self._change(
            review_id,
            actor,
            None,
            lambda r, who, now: r.set_measure_owner_account(measure, owner, who, now),
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
        measure = v.an_id("measure_id", measure_id)
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.record_measure_taken(measure, evidence, who, now),
        )
