"""In-memory store (plain Python objects), for fast tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder, POPOFactory

from application.index import IndexRow


class POPOReviewRecorder(POPOApplicationRecorder):
    def __init__(self) -> None:
        super().__init__()
        self._review_index: dict[str, IndexRow] = {}

    def _insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        with self._database_lock:
            ids = super()._insert_events(stored_events, **kwargs)
            for row in kwargs.get("index_rows") or ():
                self._review_index[str(row.review_id)] = row
            return ids

    def select_review_index(
        self, *, jurisdiction: str | None = None, status: str | None = None
    ) -> list[IndexRow]:
        with self._database_lock:
            rows = [
                r
                for r in self._review_index.values()
                if (jurisdiction is None or r.jurisdiction == jurisdiction)
                and (status is None or r.status == status)
            ]
        return sorted(rows, key=lambda r: (r.due_on, str(r.review_id)))

    def replace_review_index(self, rows: Sequence[IndexRow]) -> None:
        with self._database_lock:
            self._review_index = {str(r.review_id): r for r in rows}


class Factory(POPOFactory):
    def application_recorder(self) -> ApplicationRecorder:
        return POPOReviewRecorder()
