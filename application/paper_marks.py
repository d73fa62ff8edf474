"""Seals applied on paper (the notice allows signatures **or seals**, and a head of
department may seal the paper copy rather than sign online): a case officer records that a
slot was signed or sealed on paper, naming the scan of the signed paper copy among the
review's attachments; the holder is told and may dispute it, which takes the mark away."""

from __future__ import annotations

from uuid import UUID

from application.base import DeskBase
from domain import validation as v
from domain.values import Mark


class PaperMarks(DeskBase):
    def record_paper_mark(
        self, review_id: UUID, *, slot: str, mark: str, scan: UUID, actor: UUID
    ) -> int:
        """Record the slot as signed or sealed on the paper copy whose scan is the
        attachment ``scan``; the sign-off's version."""
        actor = v.an_id("actor", actor)
        review, signoff = self._load_current_signoff(v.an_id("review_id", review_id))
        chosen = v.choice("mark", mark, Mark)
        found = review.paper_copy_scan(v.an_id("scan", scan))
        slot = v.text("slot", slot)
        existing = signoff.marks.get(slot)
        if (
            existing
            and existing.paper
            and existing.scan == str(found.id)
            and existing.mark is chosen
        ):
            return signoff.version  # a repeated submission (a double-click): already recorded
        signoff.record_paper_mark(
            slot,
            chosen,
            scan=found.id,
            scan_sha256=found.sha256,
            actor=actor,
            now=self.clock.now(),
        )
        self._save(signoff)
        return signoff.version

    def dispute_paper_mark(self, review_id: UUID, *, slot: str, reason: str, actor: UUID) -> int:
        """The holder says they did not sign or seal it: the slot waits again."""
        actor = v.an_id("actor", actor)
        _, signoff = self._load_current_signoff(v.an_id("review_id", review_id))
        signoff.dispute_paper_mark(v.text("slot", slot), reason, actor, self.clock.now())
        self._save(signoff)
        return signoff.version
