"""Statistics as a principal (issue 21): inspectors and city-wide officers see every
jurisdiction, a county officer their own; investigators, signatories and administrators
none. The internal export is recorded as an access."""

from __future__ import annotations

from application.policy import Action, reach
from application.statistics import Statistics
from application.statistics_queries import StatisticsExport
from application.workspace.base import WorkspaceBase, requires_global


class StatisticsView(WorkspaceBase):
    @requires_global(Action.VIEW_STATISTICS)
    def statistics(self, *, year: int | str | None = None) -> Statistics:
        """Every figure of one year within this principal's sight."""
        return self.desk.statistics(sight=reach(self.principal, Action.VIEW_REVIEW), year=year)

    @requires_global(Action.VIEW_STATISTICS)
    def statistics_export(
        self, *, year: int | str | None = None, internal: bool = False
    ) -> StatisticsExport:
        """The tables to export: published (suppressed) or internal (exact, recorded)."""
        return self.desk.statistics_export(
            sight=reach(self.principal, Action.VIEW_REVIEW),
            year=year,
            internal=internal,
            actor=self.actor,
        )
