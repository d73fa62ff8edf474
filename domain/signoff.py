"""The SignOff aggregate: the signatures on one exact report revision (brief, rule 4).

One per revision sent for signature, bound to the revision's content hash. Each slot (an
investigator, the school's Party secretary, the principal, the head of the local education
department) gets a signature, a seal, or a decline with a reason. A decline, or any change to
the content, voids the sign-off: its signatures no longer count.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import validation as v
from domain.errors import (
    Code,
    InvalidTransition,
    InvalidValue,
    NotFoundInReview,
    NotSlotHolder,
    Reason,
    RuleRefusal,
)
from domain.values import Mark, SignatureProof, Slot, SlotMark

INTENTS = {
    Mark.SIGNATURE: "本人已完整阅读本复盘报告第{revision}修订版（内容哈希 {content_hash}），"
    "确认其内容，并以本人身份签字。",
    Mark.SEAL: "本人已完整阅读本复盘报告第{revision}修订版（内容哈希 {content_hash}），"
    "确认其内容，并代表本单位盖章。",
}


def intent(mark: Mark, revision: int, content_hash: str) -> str:
    """The statement of intent a signatory makes, shown on the signing page and signed."""
    return INTENTS[mark].format(revision=revision, content_hash=content_hash)


SIGNOFF_NAMESPACE = uuid5(NAMESPACE_URL, "urn:fupan:signoff")


class SignOff(Aggregate):
    class Event(Aggregate.Event):
        actor: UUID

        # Fields sealed under the review's data key at rest.
        sensitive_fields: ClassVar[tuple[str, ...]] = ()

    class Started(Event, Aggregate.Created):
        review_id: UUID
        revision: int
        content_hash: str
        slots: tuple[Slot, ...]

        def apply(self, signoff: SignOff) -> None:
            signoff.review_id = self.review_id
            signoff.revision = self.revision
            signoff.content_hash = self.content_hash
            signoff.slots = {s.key: s for s in self.slots}

    class Marked(Event):
        slot: str
        content_hash: str
        payload: str
        signature: str
        key_id: str

        def apply(self, signoff: SignOff) -> None:
            signoff.marks[self.slot] = SlotMark(
                self.mark(),
                self.actor,
                self.timestamp,
                key_id=self.key_id,
                signature=self.signature,
                payload=self.payload,
            )

        def mark(self) -> Mark:
            raise NotImplementedError

    class Signed(Marked):
        def mark(self) -> Mark:
            return Mark.SIGNATURE

    class Sealed(Marked):
        def mark(self) -> Mark:
            return Mark.SEAL

    class Declined(Event):
        sensitive_fields = ("reason",)

        slot: str
        reason: str

        def apply(self, signoff: SignOff) -> None:
            signoff.marks[self.slot] = SlotMark(
                Mark.DECLINE, self.actor, self.timestamp, self.reason
            )
            signoff.voided_because = "declined"

    class PaperMarked(Event):
        """A case officer recorded that the slot was signed or sealed on the paper copy,
        whose scan is the attachment ``scan`` (kind ``signed_paper_copy``)."""

        slot: str
        mark: str
        scan: UUID
        scan_sha256: str

        def apply(self, signoff: SignOff) -> None:
            signoff.marks[self.slot] = SlotMark(
                Mark(self.mark),
                self.actor,
                self.timestamp,
                paper=True,
                scan=str(self.scan),
                scan_sha256=self.scan_sha256,
            )

    class PaperMarkDisputed(Event):
        """The slot's holder says they did not sign or seal the paper copy: the mark goes,
        the slot waits again."""

        sensitive_fields = ("reason",)
        slot: str
        reason: str

        def apply(self, signoff: SignOff) -> None:
            signoff.marks.pop(self.slot, None)

    class Voided(Event):
        cause: str

        def apply(self, signoff: SignOff) -> None:
            signoff.voided_because = self.cause

    def __init__(self) -> None:
        self.review_id: UUID
        self.revision: int
        self.content_hash: str
        self.slots: dict[str, Slot] = {}
        self.marks: dict[str, SlotMark] = {}
        self.voided_because = ""

    @staticmethod
    def create_id(review_id: UUID, revision: int) -> UUID:
        """Deterministic: one sign-off per review revision, never two."""
        return uuid5(SIGNOFF_NAMESPACE, f"{review_id}/{revision}")

    @classmethod
    def start(
        cls,
        *,
        review_id: UUID,
        revision: int,
        content_hash: str,
        slots: list[Slot],
        actor: UUID,
        now: datetime,
    ) -> SignOff:
        return cls._create(
            cls.Started,
            id=cls.create_id(review_id, revision),
            timestamp=now,
            actor=actor,
            review_id=review_id,
            revision=revision,
            content_hash=content_hash,
            slots=tuple(slots),
        )

    def payload_for(
        self,
        *,
        slot: str,
        signer: UUID,
        mark: Mark,
        key_id: str,
        signed_at: datetime,
        chain_head: str,
    ) -> str:
        """The exact statement a signatory signs: review, revision, content hash, slot,
        intent, time and the history's chain head, as canonical JSON."""
        return json.dumps(
            {
                "review_id": str(self.review_id),
                "revision": self.revision,
                "content_hash": self.content_hash,
                "slot": slot,
                "mark": mark.value,
                "intent": intent(mark, self.revision, self.content_hash),
                "signer": str(signer),
                "key_id": key_id,
                "signed_at": signed_at.isoformat(),
                "chain_head": chain_head,
            },
            sort_keys=True,
            ensure_ascii=False,
            separators=(",", ":"),
        )

    def sign(self, slot: str, actor: UUID, now: datetime, proof: SignatureProof) -> None:
        self._mark(self.Signed, slot, actor, now, proof)

    def seal(self, slot: str, actor: UUID, now: datetime, proof: SignatureProof) -> None:
        self._mark(self.Sealed, slot, actor, now, proof)

    def _mark(
        self, event: type[Marked], slot: str, actor: UUID, now: datetime, proof: SignatureProof
    ) -> None:
        self.check_markable(slot, actor)
        self.check_proof(proof, slot, actor, Mark.SEAL if event is self.Sealed else Mark.SIGNATURE)
        self.trigger_event(
            event,
            actor=actor,
            timestamp=now,
            slot=slot,
            content_hash=self.content_hash,
            payload=proof.payload,
            signature=proof.signature,
            key_id=proof.key_id,
        )

    def check_proof(self, proof: SignatureProof, slot: str, actor: UUID, mark: Mark) -> None:
        """The signed statement must name this review, revision, content, slot and signer."""
        try:
            stated = json.loads(proof.payload)
        except ValueError:
            stated = {}
        expected = {
            "review_id": str(self.review_id),
            "revision": self.revision,
            "content_hash": self.content_hash,
            "slot": slot,
            "signer": str(actor),
            "mark": mark.value,
            "key_id": proof.key_id,
        }
        if any(stated.get(k) != v for k, v in expected.items()) or not proof.signature:
            raise InvalidValue("signature", Reason.SIGNATURE_UNBOUND)

    def decline(self, slot: str, reason: str, actor: UUID, now: datetime) -> None:
        self.check_markable(slot, actor)
        reason = v.text("reason", reason, max_len=v.LONG)
        self.trigger_event(self.Declined, actor=actor, timestamp=now, slot=slot, reason=reason)

    def record_paper_mark(
        self, slot: str, mark: Mark, *, scan: UUID, scan_sha256: str, actor: UUID, now: datetime
    ) -> None:
        """Record a signature or seal put on the paper copy (by a case officer)."""
        self._check_slot(slot)
        self._check_unmarked(slot)
        if mark not in (Mark.SIGNATURE, Mark.SEAL):
            raise InvalidValue("mark", Reason.NOT_ALLOWED)
        self.trigger_event(
            self.PaperMarked,
            actor=actor,
            timestamp=now,
            slot=slot,
            mark=mark.value,
            scan=scan,
            scan_sha256=scan_sha256,
        )

    def dispute_paper_mark(self, slot: str, reason: str, actor: UUID, now: datetime) -> None:
        """The holder disputes a paper mark recorded for their slot."""
        self._check_slot(slot)
        if self.slots[slot].holder != actor:
            raise NotSlotHolder("only the slot's holder can dispute its mark", slot=slot)
        found = self.marks.get(slot)
        if found is None or not found.paper:
            raise RuleRefusal(Code.NO_PAPER_MARK, "no paper mark on this slot", slot=slot)
        reason = v.text("reason", reason, max_len=v.LONG)
        self.trigger_event(
            self.PaperMarkDisputed, actor=actor, timestamp=now, slot=slot, reason=reason
        )

    def void(self, cause: str, actor: UUID, now: datetime) -> None:
        if not self.voided_because:
            self.trigger_event(self.Voided, actor=actor, timestamp=now, cause=cause)

    @property
    def is_void(self) -> bool:
        return bool(self.voided_because)

    def unsigned_slots(self) -> list[str]:
        """Slots without a signature or seal, in slot order."""
        done = (Mark.SIGNATURE, Mark.SEAL)
        return [k for k in self.slots if k not in self.marks or self.marks[k].mark not in done]

    @property
    def is_complete(self) -> bool:
        return not self.is_void and not self.unsigned_slots()

    def slots_held_by(self, account_id: UUID) -> list[str]:
        return [k for k, s in self.slots.items() if s.holder == account_id]

    def check_markable(self, slot: str, actor: UUID) -> None:
        self._check_slot(slot)
        if self.slots[slot].holder != actor:
            raise NotSlotHolder("only the slot's holder can sign, seal or decline it", slot=slot)
        self._check_unmarked(slot)

    def _check_slot(self, slot: str) -> None:
        if self.is_void:
            raise InvalidTransition(
                Code.SIGNOFF_VOID, "this sign-off is void; its revision was replaced"
            )
        if slot not in self.slots:
            raise NotFoundInReview(Code.UNKNOWN_SLOT, "no such slot on this sign-off", slot=slot)

    def _check_unmarked(self, slot: str) -> None:
        if slot in self.marks:
            raise RuleRefusal(
                Code.SLOT_ALREADY_MARKED, "this slot is already signed or sealed", slot=slot
            )
