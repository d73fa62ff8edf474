"""Use cases on the sign-off: sending for signature, signing, sealing, declining, closing,
and opening a correction of a closed review."""

from __future__ import annotations

from uuid import UUID

from application.base import DeskBase
from application.command_inputs import not_awaiting
from application.errors import ConflictError
from domain import validation as v
from domain.errors import Code, RuleRefusal
from domain.signoff import SignOff
from domain.values import Mark, SignatureProof


class SignOffCommands(DeskBase):
    def send_for_signature(
        self, review_id: UUID, *, actor: UUID, expected_version: int | None = None
    ) -> UUID:
        """Start the sign-off of the current report revision; returns the sign-off id."""
        review = self._load(review_id, expected_version)
        signoff = review.send_for_signature(
            v.an_id("actor", actor),
            self.clock.now(),
            self.min_aspect_chars,
            self.keys.content_hash_algorithm(),
        )
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
        actor = v.an_id("actor", actor)
        _, signoff = self._load_current_signoff(review_id)
        if _already(signoff, slot, actor, mark):
            return signoff.version  # a repeated submission (a double-click): already done
        signoff.check_markable(slot, actor)
        signer = self._account(actor)
        if not signer.signing_key_id:  # revoked by a reset: the holder enrols again first
            raise RuleRefusal(Code.NO_SIGNING_KEY, "no signing key until the holder enrols")
        now = self.clock.now()
        payload = signoff.payload_for(
            slot=slot,
            signer=actor,
            mark=mark,
            key_id=signer.signing_key_id,
            signed_at=now,
            chain_head=self.store.chain_head(),
        )
        signature = self.signing_keys.sign(
            signer.sealed_private_key,
            v.text("password", password, max_len=128),
            actor,
            payload.encode("utf-8"),
        )
        proof = SignatureProof(payload, signature.hex(), signer.signing_key_id)
        (signoff.seal if mark is Mark.SEAL else signoff.sign)(slot, actor, now, proof)
        try:
            self._save(signoff)
        except ConflictError:
            _, again = self._load_current_signoff(review_id)
            if _already(again, slot, actor, mark):  # the same mark, saved a moment earlier
                return again.version
            raise
        return signoff.version

    def decline(self, review_id: UUID, *, slot: str, reason: str, actor: UUID) -> int:
        """Decline a slot with a reason: the sign-off is void and drafting resumes."""
        actor = v.an_id("actor", actor)
        declined = self._declined_by(review_id, slot, actor)
        if declined is not None:
            return declined  # a repeated submission: the decline already stands
        review, signoff = self._load_current_signoff(review_id)
        now = self.clock.now()
        signoff.decline(slot, reason, actor, now)
        review.void_signoff(signoff, "declined", actor, now)
        try:
            self._save(review, signoff)
        except ConflictError:
            declined = self._declined_by(review_id, slot, actor)
            if declined is None:
                raise
            return declined
        return review.version

    def _declined_by(self, review_id: UUID, slot: str, actor: UUID) -> int | None:
        """The review's version if its last sign-off was voided by this actor's decline of
        this slot (and nothing was sent since)."""
        review = self._load(review_id, None)
        last = review.last_signoff_id
        if last is None or review.signoff_id is not None:
            return None
        return (
            review.version if _already(self._get_signoff(last), slot, actor, Mark.DECLINE) else None
        )

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
        signoff = self._signoff_for(review)
        if signoff is None:
            review.check_not_closed()
            raise not_awaiting()
        review.close(signoff, v.an_id("actor", actor), self.clock.now(), late_reason)
        self._save(review)
        return review.version

    def open_correction(
        self, review_id: UUID, *, reason: str, actor: UUID, expected_version: int | None = None
    ) -> int:
        """Reopen a closed review for a new report revision, with a reason."""
        return self._change(
            review_id,
            actor,
            expected_version,
            lambda r, who, now: r.open_correction(reason, who, now),
        )


def _already(signoff: SignOff, slot: str, actor: UUID, mark: Mark) -> bool:
    found = signoff.marks.get(slot)
    return found is not None and found.actor == actor and found.mark is mark
