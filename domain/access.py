"""Access records (brief, rule 6): every read of confidential content is itself recorded.

Each record is a stream of one event, so that concurrent readers never conflict; inspectors
read them through the notification log.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate


class AccessRecord(Aggregate):
    class Recorded(Aggregate.Created):
        actor: UUID
        review_id: UUID
        what: str

        def apply(self, record: AccessRecord) -> None:
            record.actor = self.actor
            record.review_id = self.review_id
            record.what = self.what

    def __init__(self) -> None:
        self.actor: UUID
        self.review_id: UUID
        self.what: str

    @classmethod
    def record(cls, *, actor: UUID, review_id: UUID, what: str, now: datetime) -> AccessRecord:
        return cls._create(
            cls.Recorded, id=uuid4(), timestamp=now, actor=actor, review_id=review_id, what=what
        )
