"""What the application needs from the outside, as protocols."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from application.index import IndexRow


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware."""
        ...


class ReviewIndexRecorder(Protocol):
    """An application recorder that also keeps the review index in the events' transaction.

    ``insert_events(..., index_rows=[...])`` upserts the rows in the same transaction.
    """

    def select_review_index(
        self, *, jurisdiction: str | None = None, status: str | None = None
    ) -> list[IndexRow]: ...

    def replace_review_index(self, rows: Sequence[IndexRow]) -> None: ...
