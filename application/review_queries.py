"""Reading reviews: now, at a version or an instant, their history, the indexed list."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from application.base import DeskBase
from application.diff import revision_changes
from application.list_queries import row_summary
from application.policy import ReviewScope, Sight
from application.presenters import event_view, key_provenance, review_view, signoff_view
from application.views import (
    AccessRecordView,
    Change,
    EventView,
    ReviewSummary,
    ReviewView,
    SignatureCheck,
    SlotView,
)
from domain import review_events
from domain import validation as v
from domain.access import AccessRecord
from domain.deadline import local_date
from domain.errors import InvalidValue, Reason
from domain.values import Mark, Status


class ReviewQueries(DeskBase):
    # ---- queries ------------------------------------------------------------------

    def review_scope(self, review_id: UUID) -> ReviewScope:
        """What the policy needs of one review, from the review itself (its events), never
        from the list index: a row edited in the database grants nothing."""
        review = self._get(v.an_id("review_id", review_id), None)
        return ReviewScope(
            jurisdiction=review.incident.jurisdiction,
            members=frozenset(UUID(m) for m in review.team),
            signatories=frozenset(s.account_id for s in review.signatories.values()),
        )

    def get_review(
        self, review_id: UUID, *, version: int | None = None, as_of: datetime | None = None
    ) -> ReviewView:
        """The review now, at an event version, or as it stood at an instant."""
        review_id = v.an_id("review_id", review_id)
        if as_of is not None:
            version = self._version_at(review_id, as_of)
        review = self._get(review_id, version)
        cutoff = review.modified_on if version is not None else None
        signoff = self._signoff_for(review, cutoff)
        declines: list[SlotView] = []
        if signoff is None and review.last_signoff_id is not None:
            previous = signoff_view(self._get_signoff(review.last_signoff_id, cutoff))
            declines = [x for x in previous["slots"] if x["mark"] == Mark.DECLINE.value]
        # Days left (and overdue) as of the moment shown: the instant asked for, or the
        # time of the version shown; now otherwise.
        now = as_of or (review.modified_on if version is not None else self.clock.now())
        return review_view(review, signoff, now, self.min_aspect_chars, declines)

    def history(self, review_id: UUID) -> list[EventView]:
        """Every event of the review and of its sign-offs, in order: what, when, by whom."""
        review_id = v.an_id("review_id", review_id)
        self._get(review_id, None)
        with self._reading():
            streams: list[tuple[str, UUID]] = [("review", review_id)]
            streams += [
                ("signoff", e.signoff_id)
                for e in self.events.get(review_id)
                if isinstance(e, review_events.SentForSignature)
            ]
            positions = self.store.select_positions([stream_id for _, stream_id in streams])
            items = [
                event_view(kind, e, positions.get((str(stream_id), e.originator_version)))
                for kind, stream_id in streams
                for e in self.events.get(stream_id)
            ]
        return sorted(items, key=lambda i: (i["position"] or 0, i["at"], i["version"]))

    def list_reviews(
        self,
        *,
        jurisdiction: str | None = None,
        status: str | None = None,
        sight: Sight | None = None,
    ) -> list[ReviewSummary]:
        """Reviews from the index, with due date, days left and late/overdue flags;
        ``sight`` limits them to what a principal may see (everything when None)."""
        if status is not None:
            status = v.choice("status", status, Status).value
        limited = sight is not None and not sight.everything
        rows = self.index.select_review_index(
            jurisdiction=jurisdiction,
            status=status,
            jurisdictions=list(sight.jurisdictions) if sight and limited else None,
            participant=sight.participant if sight and limited else None,
        )
        today = local_date(self.clock.now())
        return [row_summary(row, today) for row in rows]

    def revision_content(self, review_id: UUID, revision: int) -> dict[str, Any]:
        """The signed content of a report revision, exactly as it was sent for signature."""
        review_id = v.an_id("review_id", review_id)
        for item in self.history(review_id):
            if item["event"] == "SentForSignature" and item["data"]["revision"] == revision:
                return self._get(review_id, item["version"]).signed_content()
        raise InvalidValue("revision", Reason.NO_SUCH_REVISION)

    def revision_diff(self, review_id: UUID, before: int, after: int | None) -> list[Change]:
        """What changed from one report revision to another (``None``: the current text)."""
        old = self.revision_content(review_id, before)
        new = (
            self.revision_content(review_id, after)
            if after is not None
            else self._get(v.an_id("review_id", review_id), None).signed_content()
        )
        return revision_changes(old, new)

    def revisions_held_by(self, review_id: UUID, account_id: UUID) -> list[int]:
        """The report revisions on whose sign-off this account held a slot."""
        held = []
        for item in self.history(v.an_id("review_id", review_id)):
            if item["event"] == "SentForSignature":
                signoff = self._get_signoff(UUID(item["data"]["signoff_id"]))
                if signoff.slots_held_by(account_id):
                    held.append(signoff.revision)
        return held

    def verify_signatures(self, review_id: UUID) -> list[SignatureCheck]:
        """Every signature and seal on every revision, checked against the signer's public
        key as recorded in their account's history, and against the revision's content."""
        review_id = v.an_id("review_id", review_id)
        results: list[SignatureCheck] = []
        for item in self.history(review_id):
            if item["event"] != "SentForSignature":
                continue
            signoff = self._get_signoff(UUID(item["data"]["signoff_id"]))
            for slot, mark in signoff.marks.items():
                if mark.mark is Mark.DECLINE or mark.paper:
                    continue  # a paper mark has no electronic signature to check
                account = self._find_account(mark.actor)
                public = account.public_keys.get(mark.key_id, "") if account else ""
                # A key revoked before the signature's time signs nothing.
                revoked = account is not None and account.key_revoked_before(mark.key_id, mark.at)
                statement = json.loads(mark.payload or "{}")
                valid = bool(public) and statement.get("content_hash") == signoff.content_hash
                valid = (
                    valid
                    and not revoked
                    and self.signing_keys.verify(
                        public, bytes.fromhex(mark.signature), mark.payload.encode("utf-8")
                    )
                )
                results.append(
                    {
                        "revision": signoff.revision,
                        "slot": slot,
                        "mark": mark.mark.value,
                        "signer": str(mark.actor),
                        "key_id": mark.key_id,
                        "public_key": public,
                        "fingerprint": self.signing_keys.fingerprint(public) if public else "",
                        "signed_at": mark.at.isoformat(),
                        "payload": mark.payload,
                        "signature": mark.signature,
                        "valid": valid,
                        "key": key_provenance(account, mark.key_id) if account else None,
                        "revoked": revoked,
                    }
                )
        return results

    def record_access(self, review_id: UUID, *, actor: UUID, what: str) -> None:
        """Record that ``actor`` read confidential content of a review (brief, rule 6)."""
        self.save(
            AccessRecord.record(actor=actor, review_id=review_id, what=what, now=self.clock.now())
        )

    def access_records(self, review_id: UUID | None = None) -> list[AccessRecordView]:
        """Who read what of which review, and when, oldest first."""
        topic = get_topic(AccessRecord.Recorded)
        found: list[AccessRecordView] = []
        start = 1
        while True:
            batch = self.recorder.select_notifications(start, 1000, topics=[topic])
            for notification in batch:
                event: Any = self.mapper.to_domain_event(notification)
                if review_id is None or event.review_id == review_id:
                    found.append(
                        {
                            "review_id": str(event.review_id),
                            "actor": str(event.actor),
                            "what": event.what,
                            "at": event.timestamp.isoformat(),
                        }
                    )
            if len(batch) < 1000:
                return found
            start = batch[-1].id + 1

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild every projection from the events alone; returns the number of reviews.
        ``progress(done, total)`` as the reviews are read."""
        rebuilt = self.projections(progress)
        self.store.replace_projections(rebuilt)
        return len(rebuilt.reviews)
