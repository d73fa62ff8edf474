"""Use cases that change a review: incident facts, team, report, signature, closing."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from application.base import DeskBase, flag, ids, not_awaiting, student_of
from domain import validation as v
from domain.review import Review
from domain.values import Aspect, Category, Mark, Party, SignatoryRole, SignatureProof


class ReviewCommands(DeskBase):
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
            on_premises=flag("on_premises", on_premises),
            student=student_of(student),
            actor=v.an_id("actor", actor),
            now=self.clock.now(),
        )
        self._save(review, **self.keys.create_key(review.id))
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
        facts = student_of(student)
        premises = flag("on_premises", on_premises)
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
        links = ids("addresses", addresses)
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
        links = ids("addresses", addresses)
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

    def sign(self, review_id: UUID, *, slot: str, actor: UUID, password: str) -> int:
        """Sign a slot of the current revision with the signatory's personal key, opened
        with their password; returns the sign-off's version."""
        return self._mark(review_id, slot, actor, password, Mark.SIGNATURE)

    def seal(self, review_id: UUID, *, slot: str, actor: UUID, password: str) -> int:
        """Seal a slot (盖章); counts like a signature and is signed the same way."""
        return self._mark(review_id, slot, actor, password, Mark.SEAL)

    def _mark(self, review_id: UUID, slot: str, actor: UUID, password: str, mark: Mark) -> int:
        _, signoff = self._load_current_signoff(review_id)
        signoff.check_markable(slot, actor)
        signer = self._account(actor)
        now = self.clock.now()
        payload = signoff.payload_for(
            slot=slot, signer=actor, mark=mark, key_id=signer.signing_key_id, signed_at=now,
            chain_head=self._chain_head(),
        )  # fmt: skip
        signature = self.signing_keys.sign(
            signer.sealed_private_key, v.text("password", password, max_len=128), actor,
            payload.encode("utf-8"),
        )  # fmt: skip
        proof = SignatureProof(payload, signature.hex(), signer.signing_key_id)
        (signoff.seal if mark is Mark.SEAL else signoff.sign)(slot, actor, now, proof)
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
            raise not_awaiting()
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
