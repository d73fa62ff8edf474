"""What the notifications page shows: one line per notification, rendered when read."""

from __future__ import annotations

from typing import TypedDict


class NotificationView(TypedDict):
    key: str
    kind: str  # application.notifying.KINDS
    review_id: str
    reference_number: str | None
    subject: str  # a slot or a measure, when the kind names one
    at: str
    read: bool
