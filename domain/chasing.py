"""Chasing the deadline on a review: 催办, an officer pressing the holders of its pending
items, at most once an hour, recorded in the review's history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from uuid import UUID

from domain import review_events as events
from domain import validation as v
from domain.errors import Code, InvalidTransition, RuleRefusal
from domain.review_base import ReviewBase

URGE_EVERY = timedelta(hours=1)


class Chasing(ReviewBase):
    def urge(self, note: str, recipients: Sequence[UUID], actor: UUID, now: datetime) -> None:
        """Press ``recipients`` (the holders of what is pending), with an optional note."""
        self.check_not_closed()
        if self.last_urged_at is not None and now - self.last_urged_at < URGE_EVERY:
            raise RuleRefusal(Code.URGED_RECENTLY, "this review was urged less than an hour ago")
        if not recipients:
            raise InvalidTransition(Code.NOTHING_PENDING, "nothing is pending on anyone")
        self._trigger(
            events.Urged,
            actor,
            now,
            note=v.text("note", note, max_len=v.LONG, required=False),
            recipients=tuple(dict.fromkeys(recipients)),
        )
