"""The SignOff aggregate: the signatures on one exact report revision (brief, rule 4).

One per revision sent for signature, bound to the revision's content hash. Each slot (an
investigator, the school's Party secretary, the principal, the head of the local education
department) gets a signature, a seal, or a decline with a reason. A decline, or any change to
the content, voids the sign-off: its signatures no longer count.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import validation as v
from domain.errors import Conflict, InvalidTransition, NotFoundInReview, NotSlotHolder
from domain.values import Mark, Slot, SlotMark

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

        def apply(self, signoff: SignOff) -> None:
            signoff.marks[self.slot] = SlotMark(self.mark(), self.actor, self.timestamp)

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

    def sign(self, slot: str, actor: UUID, now: datetime) -> None:
        self._check_markable(slot, actor)
        self.trigger_event(
            self.Signed, actor=actor, timestamp=now, slot=slot, content_hash=self.content_hash
        )

    def seal(self, slot: str, actor: UUID, now: datetime) -> None:
        self._check_markable(slot, actor)
        self.trigger_event(
            self.Sealed, actor=actor, timestamp=now, slot=slot, content_hash=self.content_hash
        )

    def decline(self, slot: str, reason: str, actor: UUID, now: datetime) -> None:
        self._check_markable(slot, actor)
        reason = v.text("reason", reason, max_len=v.LONG)
        self.trigger_event(self.Declined, actor=actor, timestamp=now, slot=slot, reason=reason)

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

    def _check_markable(self, slot: str, actor: UUID) -> None:
        if self.is_void:
            raise InvalidTransition(
                "signoff_void", "this sign-off is void; its revision was replaced"
            )
        if slot not in self.slots:
            raise NotFoundInReview("unknown_slot", "no such slot on this sign-off", slot=slot)
        if self.slots[slot].holder != actor:
            raise NotSlotHolder("only the slot's holder can sign, seal or decline it", slot=slot)
        if slot in self.marks:
            raise Conflict(
                "slot_already_marked", "this slot is already signed or sealed", slot=slot
            )
