"""The statistics page and its exports, as use cases (issue 21): figures from the
projections within a principal's sight; the published export suppressed (decision 26),
the internal one exact, marked 不公开 and recorded as an access."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from application.base import DeskBase
from application.index import IndexRow
from application.memo import generation
from application.policy import Sight
from application.statistics import Statistics, Summary, compute
from application.suppression import Published, exact, publish
from domain import validation as v
from domain.access import AccessRecord
from domain.deadline import local_date
from domain.errors import InvalidValue, Reason

FIRST_YEAR, LAST_YEAR = 2000, 2100
# The stream an internal export's access record names: no review, the city's statistics
# of one year (an access record names what was read; here, every review of that year).
STATISTICS_NAMESPACE = uuid5(NAMESPACE_URL, "urn:fupan:statistics")


def statistics_id(year: int) -> UUID:
    return uuid5(STATISTICS_NAMESPACE, str(year))


@dataclass(frozen=True)
class StatisticsExport:
    """What an export holds: the tables (suppressed, or exact for internal use), and for
    internal use the summary too."""

    year: int
    internal: bool
    threshold: int
    generated_at: datetime
    tables: list[Published]
    summary: Summary | None  # internal only (rates and days late over small counts)


class StatisticsQueries(DeskBase):
    def statistics(self, *, sight: Sight, year: int | str | None = None) -> Statistics:
        """Every figure for one year (by incident date) within ``sight``."""
        today = local_date(self.clock.now())
        the_year = check_year(year, today.year)
        # Kept until the projections change, like the lists' answers (application.memo).
        key = ("statistics", sight, the_year, today, generation(self.store.projection_generation))
        return self.list_memo.get(key, lambda: compute(self._rows_within(sight), the_year, today))

    def statistics_export(
        self,
        *,
        sight: Sight,
        year: int | str | None,
        internal: bool,
        actor: UUID,
        threshold: int | None = None,
    ) -> StatisticsExport:
        """The tables to export: published (suppressed below the threshold, with
        complementary suppression) or internal (exact; the export is recorded as an
        access)."""
        stats = self.statistics(sight=sight, year=year)
        limit = self.stats_threshold if threshold is None else threshold
        if not 2 <= limit <= 100:
            raise InvalidValue("threshold", Reason.OUT_OF_RANGE)
        if internal:
            self.save(
                AccessRecord.record(
                    actor=v.an_id("actor", actor),
                    review_id=statistics_id(stats.year),
                    what=f"statistics_internal:{stats.year}",
                    now=self.clock.now(),
                )
            )
        return StatisticsExport(
            year=stats.year,
            internal=internal,
            threshold=limit,
            generated_at=self.clock.now(),
            tables=[exact(t) if internal else publish(t, limit) for t in stats.tables.values()],
            summary=stats.summary if internal else None,
        )

    def _rows_within(self, sight: Sight) -> list[IndexRow]:
        """The projection rows of the reviews within reach (jurisdictions only: the
        statistics are for officers and inspectors)."""
        if sight.everything:
            return self.index.select_review_index()
        if sight.jurisdictions:
            return self.index.select_review_index(jurisdictions=list(sight.jurisdictions))
        return []


def check_year(year: int | str | None, default: int) -> int:
    if year is None or year == "":
        return default
    try:
        the_year = int(year)
    except (TypeError, ValueError):
        raise InvalidValue("year", Reason.NOT_A_NUMBER) from None
    if not FIRST_YEAR <= the_year <= LAST_YEAR:
        raise InvalidValue("year", Reason.OUT_OF_RANGE)
    return the_year
