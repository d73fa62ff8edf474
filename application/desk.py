"""ReviewDesk: fupan's application, the review process as use cases over event streams."""

from __future__ import annotations

from typing import Any, ClassVar

from application.account_commands import AccountCommands
from application.review_commands import ReviewCommands
from application.review_queries import ReviewQueries
from domain.review import Review

SNAPSHOT_INTERVAL = 50


class ReviewDesk(ReviewCommands, ReviewQueries, AccountCommands):
    """Registers incidents and carries each review through team, report, signature, closing."""

    name = "ReviewDesk"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Review: SNAPSHOT_INTERVAL}
