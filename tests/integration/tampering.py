"""Storage edits that tests make, as someone holding the database would: on a review with
a snapshot, and a forged event appended with the link the chain's code would compute."""

from __future__ import annotations

import json
from collections.abc import Callable
from uuid import UUID

from application.desk import SNAPSHOT_INTERVAL, ReviewDesk
from tests import scenario as s
from tests.integration.raw import Raw, flip_a_bit


def long_review(desk: ReviewDesk) -> UUID:
    """A review with a snapshot (at version 50) and a few events after it."""
    rid = s.register(desk)
    for n in range(SNAPSHOT_INTERVAL + 3):
        text = f"第{n}稿{s.SUBSTANTIVE}"
        desk.write_aspect(rid, aspect="daily_conduct", text=text, actor=s.OFFICER)
    return rid


def forge_a_member(raw: Raw, rid: UUID, version: int) -> int:
    """Append a MemberAppointed (it has no sealed field) naming an account of the
    forger's choice, and the link the chain's code would compute; no MAC (no key)."""
    genuine = json.loads(raw.state(rid, 2))  # the first MemberAppointed of the review
    genuine["account_id"]["_data_"] = UUID(int=7).hex
    genuine["name"] = "伪造成员"
    position = raw.append_event(rid, version + 1, raw.topic(rid, 2), json.dumps(genuine).encode())
    raw.rechain_from(position)
    return position


Tamper = Callable[[Raw, UUID], tuple[str, int]]


def flipped_sealed_bit(raw: Raw, rid: UUID) -> tuple[str, int]:
    """A bit of an aspect's sealed text (below the snapshot), the chain recomputed from
    there by a writer who wants the hashes to agree."""
    raw.set_state(rid, 10, flip_a_bit(raw.state(rid, 10), "text"))
    raw.rechain_from(raw.position_of(rid, 10))
    return "event_unreadable", 10


def deleted_event(raw: Raw, rid: UUID) -> tuple[str, int]:
    raw.delete_event(rid, 10, with_link=True)
    return "version_gap", 10


def flipped_snapshot_bit(raw: Raw, rid: UUID) -> tuple[str, int]:
    raw.set_snapshot_state(rid, flip_a_bit(raw.snapshot_state(rid) or b"", "state"))
    return "snapshot_tampered", SNAPSHOT_INTERVAL


TAMPERING: dict[str, Tamper] = {
    "a flipped bit in a sealed field": flipped_sealed_bit,
    "a deleted event": deleted_event,
    "a flipped bit in the snapshot": flipped_snapshot_bit,
}
