"""What the notifications page shows: one line per notification, rendered when read."""

from __future__ import annotations

from typing import NotRequired, TypedDict


class NotificationView(TypedDict):
    key: str
    kind: str  # application.notifying.KINDS
    review_id: str
    reference_number: str | None
    subject: str  # a slot or a measure, when the kind names one
    at: str
    read: bool
    digest: NotRequired[dict[str, int]]  # a weekly digest: overdue, late, withdrawn
    place: NotRequired[str]  # a work list reminder: the jurisdiction's column of the round
    said: NotRequired[str]  # a 催办's note, a declined slot's reason (in the site only)
