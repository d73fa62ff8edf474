"""The projections rebuilt from the events alone: every review, sign-off and account read
back and turned into its rows (a damaged one is left out and logged; ``fupan verify`` names
it)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import ApplicationRecorder
from eventsourcing.utils import get_topic

from application.errors import ReviewDamaged
from application.index import IndexRow
from application.projection import Projections, account_row, reference_row, slot_rows
from domain.account import Account
from domain.reference import ReferenceEntry
from domain.signoff import SignOff

if TYPE_CHECKING:
    from application.base import DeskBase

_log = logging.getLogger(__name__)


def created_ids(recorder: ApplicationRecorder, created: type[Any]) -> list[UUID]:
    """The ids of every aggregate created with this event class, in order."""
    topic = get_topic(created)
    found: list[UUID] = []
    start = 1
    while True:
        batch = recorder.select_notifications(start, 500, topics=[topic])
        found += [UUID(str(n.originator_id)) for n in batch]
        if len(batch) < 500:
            return found
        start = batch[-1].id + 1


def rebuild_projections(
    desk: DeskBase, progress: Callable[[int, int], None] | None = None
) -> Projections:
    """Every projection, rebuilt from the events alone; ``progress(done, total)`` after
    each review."""
    reviews: list[IndexRow] = []
    review_ids = desk.review_ids()
    for done, review_id in enumerate(review_ids, 1):
        try:
            reviews.append(desk._index_row(desk._get(review_id, None)))
        except ReviewDamaged as e:
            # A damaged review is left out (``fupan verify`` names it); the rest stand.
            _log.warning("projections: review %s left out: %s", review_id, e.finding["problem"])
        if progress is not None:
            progress(done, len(review_ids))
    slots = []
    for signoff_id in created_ids(desk.recorder, SignOff.Started):
        try:
            slots += slot_rows(desk._get_signoff(signoff_id))
        except ReviewDamaged as e:
            _log.warning("projections: sign-off %s left out: %s", signoff_id, e.finding["problem"])
    accounts = []
    for account_id in created_ids(desk.recorder, Account.Created):
        try:
            accounts.append(account_row(desk._account(account_id)))
        except ReviewDamaged as e:
            _log.warning("projections: account %s left out: %s", account_id, e.finding["problem"])
    references = []
    for entry_id in created_ids(desk.recorder, ReferenceEntry.Added):
        try:
            references.append(reference_row(desk._reference(entry_id)))
        except ReviewDamaged as e:
            _log.warning("projections: entry %s left out: %s", entry_id, e.finding["problem"])
    return Projections(reviews=reviews, slots=slots, accounts=accounts, references=references)
