"""One jurisdiction's work on a checklist round (issue 23): each item recorded as done, in
progress or not applicable (with the reason), a note, evidence files, and the county's
submissions of its round. A stream of its own per round and jurisdiction, sealed with a data
key of its own (notes, reasons and file names are sealed fields).

An item fupan's own data carries (the reviews of the round's period) records the figures
the officer confirmed with it, as they stood then (``reviews``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain import validation as v
from domain.checklist_round import ChecklistRound, RoundItem
from domain.errors import Code, InvalidValue, Reason, RuleRefusal

MAX_EVIDENCE = 20  # files per item


class ItemStatus(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_APPLICABLE = "not_applicable"


class Standing(StrEnum):
    """An item's cell in the city's matrix, on a given day."""

    DONE = "done"
    IN_PROGRESS = "in_progress"
    NOT_APPLICABLE = "not_applicable"
    NOT_STARTED = "not_started"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class ItemRecord:
    status: ItemStatus
    note: str
    reason: str
    reviews: dict[str, Any]
    by: UUID
    at: datetime


@dataclass(frozen=True)
class Evidence:
    id: UUID
    number: int
    name: str
    media_type: str
    size: int
    sha256: str
    added_by: UUID
    added_at: datetime
    withdrawn_at: datetime | None = None
    withdrawn_by: UUID | None = None
    withdraw_reason: str = ""


@dataclass(frozen=True)
class Submission:
    number: int  # 1, 2, …: a county may submit again after a change
    version: int  # the stream's version at the submission: its report replays to it
    by: UUID
    at: datetime


def standing(record: ItemRecord | None, item: RoundItem, today: date) -> Standing:
    """Done and not applicable stand; anything else past its due date (in Shanghai's days)
    is overdue."""
    if record is not None and record.status is ItemStatus.DONE:
        return Standing.DONE
    if record is not None and record.status is ItemStatus.NOT_APPLICABLE:
        return Standing.NOT_APPLICABLE
    if today > item.due_on:
        return Standing.OVERDUE
    return Standing.IN_PROGRESS if record is not None else Standing.NOT_STARTED


class RoundProgress(Aggregate):
    class Event(Aggregate.Event):
        actor: UUID

    class Opened(Event, Aggregate.Created):
        round_id: UUID
        jurisdiction: str

        def apply(self, progress: RoundProgress) -> None:
            progress.round_id = self.round_id
            progress.jurisdiction = self.jurisdiction

    class ItemRecorded(Event):
        sensitive_fields = ("note", "reason")
        number: int
        status: str
        note: str
        reason: str
        reviews: dict[str, Any]

        def apply(self, progress: RoundProgress) -> None:
            progress.items[self.number] = ItemRecord(
                ItemStatus(self.status),
                self.note,
                self.reason,
                dict(self.reviews),
                self.actor,
                self.timestamp,
            )
            progress.changed = True

    class EvidenceAdded(Event):
        sensitive_fields = ("name",)
        number: int
        attachment_id: UUID
        name: str
        media_type: str
        size: int
        sha256: str

        def apply(self, progress: RoundProgress) -> None:
            progress.evidence[str(self.attachment_id)] = Evidence(
                self.attachment_id,
                self.number,
                self.name,
                self.media_type,
                self.size,
                self.sha256,
                self.actor,
                self.timestamp,
            )
            progress.changed = True

    class EvidenceWithdrawn(Event):
        sensitive_fields = ("reason",)
        attachment_id: UUID
        reason: str

        def apply(self, progress: RoundProgress) -> None:
            key = str(self.attachment_id)
            progress.evidence[key] = replace(
                progress.evidence[key],
                withdrawn_at=self.timestamp,
                withdrawn_by=self.actor,
                withdraw_reason=self.reason,
            )
            progress.changed = True

    class Submitted(Event):
        def apply(self, progress: RoundProgress) -> None:
            progress.submissions.append(
                Submission(
                    len(progress.submissions) + 1,
                    self.originator_version,
                    self.actor,
                    self.timestamp,
                )
            )
            progress.changed = False

    def __init__(self) -> None:
        self.round_id: UUID
        self.jurisdiction: str
        self.items: dict[int, ItemRecord] = {}
        self.evidence: dict[str, Evidence] = {}
        self.submissions: list[Submission] = []
        self.changed = False  # since the last submission

    @staticmethod
    def create_id(round_id: UUID, jurisdiction: str) -> UUID:
        """Stable: one stream per round and jurisdiction."""
        return uuid5(round_id, jurisdiction)

    @classmethod
    def open(cls, checklist_round: ChecklistRound, jurisdiction: str, actor: UUID) -> RoundProgress:
        checklist_round.check_jurisdiction(jurisdiction)
        return cls._create(
            cls.Opened,
            id=cls.create_id(checklist_round.id, jurisdiction),
            timestamp=checklist_round.issued_at,
            actor=actor,
            round_id=checklist_round.id,
            jurisdiction=jurisdiction,
        )

    # ---- commands ----------------------------------------------------------------------

    def record_item(
        self,
        checklist_round: ChecklistRound,
        *,
        number: object,
        status: object,
        note: object = "",
        reason: object = "",
        reviews: dict[str, Any] | None = None,
        actor: UUID,
        now: datetime,
    ) -> bool:
        """Record an item's status; False when it already stands so (a second click)."""
        item = checklist_round.item(number)
        the_status = v.choice("status", status, ItemStatus)
        the_note = v.text("note", note, max_len=v.LONG, required=False)
        the_reason = v.text("reason", reason, max_len=v.LONG, required=False)
        if the_status is ItemStatus.NOT_APPLICABLE and not the_reason:
            raise InvalidValue("reason", Reason.SAY_WHY)
        if the_status is not ItemStatus.NOT_APPLICABLE:
            the_reason = ""
        figures = dict(reviews or {}) if item.reviews else {}
        now_standing = self.items.get(item.number)
        if now_standing is not None and (
            now_standing.status,
            now_standing.note,
            now_standing.reason,
            now_standing.reviews,
        ) == (the_status, the_note, the_reason, figures):
            return False
        self.trigger_event(
            self.ItemRecorded,
            actor=actor,
            timestamp=now,
            number=item.number,
            status=the_status.value,
            note=the_note,
            reason=the_reason,
            reviews=figures,
        )
        return True

    def add_evidence(
        self,
        checklist_round: ChecklistRound,
        *,
        number: object,
        attachment_id: UUID,
        name: str,
        media_type: str,
        size: int,
        sha256: str,
        actor: UUID,
        now: datetime,
    ) -> None:
        item = checklist_round.item(number)
        if len(self.current_evidence(item.number)) >= MAX_EVIDENCE:
            raise InvalidValue("file", Reason.OUT_OF_RANGE, limit=MAX_EVIDENCE)
        self.trigger_event(
            self.EvidenceAdded,
            actor=actor,
            timestamp=now,
            number=item.number,
            attachment_id=attachment_id,
            name=name,
            media_type=media_type,
            size=size,
            sha256=sha256,
        )

    def withdraw_evidence(
        self, attachment_id: UUID, reason: object, actor: UUID, now: datetime
    ) -> None:
        found = self.evidence_file(attachment_id)
        if found.withdrawn_at is not None:
            raise RuleRefusal(Code.ATTACHMENT_WITHDRAWN, "the file was already withdrawn")
        self.trigger_event(
            self.EvidenceWithdrawn,
            actor=actor,
            timestamp=now,
            attachment_id=found.id,
            reason=v.text("reason", reason, max_len=v.LONG),
        )

    def submit(self, checklist_round: ChecklistRound, actor: UUID, now: datetime) -> Submission:
        """Submit the round: every item must have a status. Submitting again with nothing
        changed since is the same submission (a second click)."""
        missing = [i.number for i in checklist_round.items if i.number not in self.items]
        if missing:
            raise RuleRefusal(
                Code.ITEMS_NOT_RECORDED,
                "every item needs a status before the round is submitted",
                items=missing,
            )
        if self.submissions and not self.changed:
            return self.submissions[-1]
        self.trigger_event(self.Submitted, actor=actor, timestamp=now)
        return self.submissions[-1]

    # ---- reading -----------------------------------------------------------------------

    def evidence_file(self, attachment_id: object) -> Evidence:
        aid = v.an_id("attachment_id", attachment_id)
        found = self.evidence.get(str(aid))
        if found is None:
            raise RuleRefusal(Code.UNKNOWN_ATTACHMENT, "no such file on this round")
        return found

    def current_evidence(self, number: int) -> list[Evidence]:
        return [e for e in self.evidence.values() if e.number == number and e.withdrawn_at is None]

    def submission(self, number: int) -> Submission:
        for found in self.submissions:
            if found.number == number:
                return found
        raise InvalidValue("submission", Reason.OUT_OF_RANGE, limit=len(self.submissions))
