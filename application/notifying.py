"""Who hears what, in the site: notifications made from the history (``fupan notify``,
``make_notifications``) and reminders made from the projections as the deadline nears
(``fupan remind``, ``make_reminders``).

The notifier follows the application's notification log from the position it last reached
and records each batch's notifications together with the new position, in one
transaction: a crash mid-way neither loses nor repeats one, and two notifiers at once record
each once (a notification's key is the event's position, its kind and its recipient).
Reminders are read from the review list (no replay) and recorded under the key (review,
kind, threshold, recipient), so running them twice, or on two hosts at once, records each
once.

A notification holds no text; the workspace renders it when it is read.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification
from eventsourcing.utils import get_topic

from application.checklist_rounds import ChecklistRounds
from application.index import IndexRow
from application.numbering import ReferenceNumbers
from application.ports import InboxRow, OutboxRow
from application.views import ReviewCounts
from domain import review_events as events
from domain.account_rules import Role
from domain.deadline import CHINA, days_left
from domain.review import Review
from domain.round_progress import Standing, standing
from domain.signoff import SignOff
from domain.values import SignatoryRole, Status

_log = logging.getLogger(__name__)

BATCH = 500
SETTLED = (Standing.DONE, Standing.NOT_APPLICABLE)
MEASURE_NOTICE_DAYS = 7  # a measure not yet taken: reminded a week before it is due
DIGEST_HOUR = 8  # the weekly digest: from Monday 08:00 in Shanghai
CITY = UUID(int=0)  # what a digest is about: the whole city, not one review


def digest_of(counts: ReviewCounts) -> dict[str, int]:
    """What a weekly digest says, from a dashboard's counts: how many reviews are overdue
    now, were closed late, and were withdrawn."""
    withdrawn = sum(counts["withdrawn_by"].values())
    return {"overdue": counts["overdue"], "late": counts["late"], "withdrawn": withdrawn}


# The kinds of notification, each rendered by the workspace (``application.views.inbox``).
APPOINTED = "appointed"
DESIGNATED = "designated"
SIGN_REQUESTED = "sign_requested"
SLOT_DECLINED = "slot_declined"
READY_TO_CLOSE = "ready_to_close"
DUE_IN_3 = "due_in_3"
DUE_IN_1 = "due_in_1"
OVERDUE = "overdue"
MEASURE_DUE = "measure_due"
MEASURE_OVERDUE = "measure_overdue"
URGED = "urged"
PAPER_MARKED = "paper_marked"
WEEKLY_DIGEST = "weekly_digest"
CHECKLIST_DUE = "checklist_due"  # a work list item due within CHECKLIST_NOTICE_DAYS
CHECKLIST_OVERDUE = "checklist_overdue"
CHECKLIST_KINDS = (CHECKLIST_DUE, CHECKLIST_OVERDUE)
CHECKLIST_NOTICE_DAYS = 3
KINDS = (
    APPOINTED,
    DESIGNATED,
    SIGN_REQUESTED,
    SLOT_DECLINED,
    READY_TO_CLOSE,
    DUE_IN_3,
    DUE_IN_1,
    OVERDUE,
    MEASURE_DUE,
    MEASURE_OVERDUE,
    URGED,
    PAPER_MARKED,
    WEEKLY_DIGEST,
    *CHECKLIST_KINDS,
)

_APPOINTED = get_topic(events.MemberAppointed)
_DESIGNATED = get_topic(events.SignatoryDesignated)
_STARTED = get_topic(SignOff.Started)
_DECLINED = get_topic(SignOff.Declined)
_MARKED = {get_topic(SignOff.Signed), get_topic(SignOff.Sealed)}
_URGED = get_topic(events.Urged)
_PAPER = get_topic(SignOff.PaperMarked)
TOPICS = (_APPOINTED, _DESIGNATED, _STARTED, _DECLINED, *_MARKED, _URGED, _PAPER)


class Notifying(ReferenceNumbers, ChecklistRounds):
    # ---- from the history --------------------------------------------------------------

    def make_notifications(self, batch: int = BATCH) -> int:
        """Make the notifications of every event after the notifier's position; how many
        were recorded."""
        recorded = 0
        start = self.store.notifier_position() + 1
        while True:
            found = self.recorder.select_notifications(start, batch)
            if not found:
                return recorded
            rows = [row for n in found if n.topic in TOPICS for row in self._of_event(n)]
            recorded += self.store.record_notifications(
                rows, tracked=found[-1].id, outbox=self._outbox(rows)
            )
            start = found[-1].id + 1

    def _of_event(self, n: Notification) -> list[InboxRow]:
        try:
            event = self.mapper.to_domain_event(n)
            made = list(self._made_of(n.topic, event))
        except Exception as e:  # an erased or damaged stream: nothing to tell
            _log.warning("notify: event %s skipped: %s", n.id, type(e).__name__)
            return []
        at: datetime = getattr(event, "timestamp")  # noqa: B009 - every fupan event has one
        return [
            InboxRow(f"{n.id}:{kind}:{who}", who, review_id, kind, n.id, at, subject)
            for kind, who, review_id, subject in made
        ]

    def _made_of(self, topic: str, event: Any) -> Iterable[tuple[str, UUID, UUID, str]]:
        """(kind, recipient, review id, subject) of each notification an event makes."""
        if topic == _APPOINTED:
            yield APPOINTED, event.account_id, event.originator_id, ""
        elif topic == _DESIGNATED:
            yield DESIGNATED, event.account_id, event.originator_id, event.role.value
        elif topic == _STARTED:
            for slot in event.slots:
                yield SIGN_REQUESTED, slot.holder, event.review_id, slot.key
        elif topic == _URGED:
            for who in event.recipients:
                yield URGED, who, event.originator_id, ""
        else:
            yield from self._of_signoff_event(topic, event)

    def _of_signoff_event(self, topic: str, event: Any) -> Iterable[tuple[str, UUID, UUID, str]]:
        """A slot declined, signed, sealed or marked on paper."""
        signoff = self._signoff_at(event.originator_id, event.originator_version)
        row = self._row(signoff.review_id)
        if row is None:
            return
        if topic == _DECLINED:
            for officer in self.officers_of(row.jurisdiction):
                yield SLOT_DECLINED, officer, signoff.review_id, event.slot
            return
        if topic == _PAPER:  # the holder is told, and may dispute it
            yield PAPER_MARKED, signoff.slots[event.slot].holder, signoff.review_id, event.slot
        if signoff.is_complete:
            for officer in self.officers_of(row.jurisdiction):
                yield READY_TO_CLOSE, officer, signoff.review_id, ""

    def said_with(self, position: int, kind: str) -> str:
        """What a notification may quote in the site: the officer's note of a 催办, the reason
        of a declined slot (read from the event itself; "" when there is none)."""
        field = {URGED: "note", SLOT_DECLINED: "reason"}.get(kind)
        if field is None or position <= 0:
            return ""
        found = self.recorder.select_notifications(position, 1)
        if not found or found[0].id != position:
            return ""
        try:
            event = self.mapper.to_domain_event(found[0])
        except Exception:  # erased or damaged: nothing to quote
            return ""
        return str(getattr(event, field, "") or "")

    def _signoff_at(self, signoff_id: UUID, version: int) -> SignOff:
        with self._reading():
            found: SignOff = self.uncached.get(signoff_id, version=version)
        return found

    def _row(self, review_id: UUID) -> IndexRow | None:
        rows = self.index.select_review_index(review_id=review_id)
        return rows[0] if rows else None

    def officers_of(self, jurisdiction: str) -> set[UUID]:
        """The active case officers whose scope names the jurisdiction (or the whole city)."""
        return {
            a.account_id
            for a in self.store.select_account_rows()
            if a.role == Role.CASE_OFFICER.value
            and not a.disabled
            and (a.city_wide or jurisdiction in a.jurisdictions)
        }

    # ---- as the deadline nears ---------------------------------------------------------

    def make_reminders(self) -> int:
        """Record the reminders due now (each once); how many were new."""
        now = self.clock.now()
        rows: list[InboxRow] = []
        for row in self.index.select_review_index():
            if row.status == Status.WITHDRAWN.value or row.erased:
                continue
            if row.first_closed_at is None:
                rows += self._deadline_reminders(row, now)
            rows += self._measure_reminders(row, now)
        rows += self._weekly_digests(now)
        rows += self._checklist_reminders(now)
        made = self.store.record_notifications(rows, tracked=None, outbox=self._outbox(rows))
        self.store.note("reminders_ran", now.isoformat())  # for fupan doctor
        return made

    def _weekly_digests(self, now: datetime) -> list[InboxRow]:
        """From Monday 08:00 (Shanghai), once a week: inspectors and city-wide officers get a
        digest of overdue, late and withdrawn reviews (counted when read)."""
        local = now.astimezone(CHINA)
        year, week, day = local.isocalendar()
        if day == 1 and local.hour < DIGEST_HOUR:
            return []
        label = f"{year}-W{week:02d}"
        readers = [
            a.account_id
            for a in self.store.select_account_rows()
            if not a.disabled
            and (
                a.role == Role.INSPECTOR.value
                or (a.role == Role.CASE_OFFICER.value and a.city_wide)
            )
        ]
        return [
            InboxRow(f"digest:{label}:{who}", who, CITY, WEEKLY_DIGEST, 0, now, label)
            for who in readers
        ]

    def _checklist_reminders(self, now: datetime) -> list[InboxRow]:
        """Work list items (issue 23) not done nor found not applicable: the county's own
        officers are reminded within three days of the due date and once it has passed
        (in Shanghai's days), each once per item and officer."""
        today = now.astimezone(CHINA).date()
        officers = [
            a
            for a in self.store.select_account_rows()
            if a.role == Role.CASE_OFFICER.value and not a.disabled
        ]
        made: list[InboxRow] = []
        for issued in self.checklist_rounds():
            for place in issued.jurisdictions:
                who = {a.account_id for a in officers if place in a.jurisdictions}
                if not who:
                    continue
                progress = self.progress_in(issued, place)
                for item in issued.items:
                    if standing(progress.items.get(item.number), item, today) in SETTLED:
                        continue
                    left = (item.due_on - today).days
                    kind = (
                        CHECKLIST_OVERDUE
                        if left < 0
                        else CHECKLIST_DUE
                        if left <= CHECKLIST_NOTICE_DAYS
                        else None
                    )
                    if kind is None:
                        continue
                    made += [
                        InboxRow(
                            f"{progress.id}:{kind}:{item.number}:{w}",
                            w,
                            progress.id,
                            kind,
                            0,
                            now,
                            str(item.number),
                        )
                        for w in who
                    ]
        return made

    def _outbox(self, rows: list[InboxRow]) -> list[OutboxRow]:
        """The messages to send outside fupan for these notifications (``Delivering``)."""
        return []

    def _deadline_reminders(self, row: IndexRow, now: datetime) -> list[InboxRow]:
        left = days_left(row.due_on, now)
        kind = OVERDUE if left < 0 else DUE_IN_1 if left <= 1 else DUE_IN_3 if left <= 3 else None
        if kind is None:
            return []
        people = json.loads(row.participants)
        who = self.officers_of(row.jurisdiction) | {UUID(m) for m in people["members"]}
        if row.signoff_id is not None:
            who |= {s.holder for s in self.store.select_slot_rows(row.signoff_id) if not s.mark}
        if kind == OVERDUE:
            who |= self._department_head(row.review_id)
        return [
            InboxRow(f"{row.review_id}:{kind}:{w}", w, row.review_id, kind, 0, now) for w in who
        ]

    def _department_head(self, review_id: UUID) -> set[UUID]:
        review: Review = self._get(review_id, None)
        head = review.signatories.get(SignatoryRole.DEPARTMENT_HEAD.value)
        return {head.account_id} if head is not None else set()

    def _measure_reminders(self, row: IndexRow, now: datetime) -> list[InboxRow]:
        made = []
        for m in json.loads(row.measures):
            if m["status"] == "taken":
                continue
            left = days_left(datetime.fromisoformat(m["due_on"]).date(), now)
            soon = left <= MEASURE_NOTICE_DAYS
            kind = MEASURE_OVERDUE if left < 0 else MEASURE_DUE if soon else None
            if kind is None:
                continue
            who = self.officers_of(row.jurisdiction)
            if m.get("owner_account"):
                who.add(UUID(m["owner_account"]))
            for w in who:
                key = f"{row.review_id}:{kind}:{m['id']}:{w}"
                made.append(InboxRow(key, w, row.review_id, kind, 0, now, str(m["id"])))
        return made
