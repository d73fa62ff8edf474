"""The sign-off as a principal: sending, the signing page, signing, declining, closing,
and opening a correction."""

from __future__ import annotations

from uuid import UUID

from application.errors import AccessDenied
from application.policy import Action
from application.views import SigningPage
from application.workspace.base import requires
from application.workspace.reading import Reading
from domain.signoff import intent
from domain.values import Mark


class Signing(Reading):
    @requires(Action.SEND_FOR_SIGNATURE)
    def send_for_signature(self, review_id: UUID, *, expected_version: int | None = None) -> UUID:
        """Send this exact revision of the report for signature; returns the sign-off id."""
        return self.desk.send_for_signature(
            review_id, actor=self.actor, expected_version=expected_version
        )

    @requires(Action.SIGN)
    def signing_page(self, review_id: UUID, slot: str) -> SigningPage:
        """What a signatory reads before signing a slot: the review, the intent statements,
        and what changed since the last revision they were asked to sign."""
        view = self.get_review(review_id)
        signoff = view["signoff"]
        held = [
            s
            for s in (signoff["slots"] if signoff else [])
            if s["slot"] == slot and s["holder"] == str(self.actor)
        ]
        if signoff is None or not held:
            raise AccessDenied("this slot is not yours to sign")
        revision = signoff["revision"]
        earlier = [r for r in self.desk.revisions_held_by(review_id, self.actor) if r < revision]
        mine = self.desk.get_account(self.actor)
        key_id = mine["signing_key_id"]
        return {
            "key": mine["keys"].get(key_id) if key_id else None,
            "fingerprint": self.desk.signing_keys.fingerprint(mine["public_keys"][key_id])
            if key_id
            else "",
            "review": view,
            "slot": held[0],
            "intents": {
                m.value: intent(m, revision, signoff["content_hash"])
                for m in (Mark.SIGNATURE, Mark.SEAL)
            },
            "since": earlier[-1] if earlier else None,
            "changes": self.desk.revision_diff(review_id, earlier[-1], None) if earlier else [],
        }

    @requires(Action.SIGN)
    def sign(self, review_id: UUID, *, slot: str, password: str) -> int:
        """Sign one's own slot with the personal key, opened by the password."""
        return self._guarded(
            lambda: self.desk.sign(review_id, slot=slot, password=password, actor=self.actor)
        )

    @requires(Action.SIGN)
    def seal(self, review_id: UUID, *, slot: str, password: str) -> int:
        """Seal one's own slot (盖章), signed the same way."""
        return self._guarded(
            lambda: self.desk.seal(review_id, slot=slot, password=password, actor=self.actor)
        )

    @requires(Action.SIGN)
    def decline(self, review_id: UUID, *, slot: str, reason: str) -> int:
        """Decline one's own slot, with a reason: the sign-off is void."""
        return self.desk.decline(review_id, slot=slot, reason=reason, actor=self.actor)

    @requires(Action.CLOSE)
    def close_review(
        self, review_id: UUID, *, late_reason: str = "", expected_version: int | None = None
    ) -> int:
        """Close the review once every slot of the current revision is signed or sealed."""
        return self.desk.close_review(
            review_id, late_reason=late_reason, actor=self.actor, expected_version=expected_version
        )

    @requires(Action.OPEN_CORRECTION)
    def open_correction(
        self, review_id: UUID, *, reason: str, expected_version: int | None = None
    ) -> int:
        """Open a correction of a closed review, with a reason."""
        return self.desk.open_correction(
            review_id, reason=reason, actor=self.actor, expected_version=expected_version
        )
