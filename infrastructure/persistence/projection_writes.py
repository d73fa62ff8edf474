"""Writing the projections (SQLite and PostgreSQL) inside the events' transaction, and
the hooks each dialect fills in."""

from __future__ import annotations

import json
from contextlib import AbstractContextManager
from typing import Any

from application.index import INDEX_COLUMNS, IndexRow
from application.projection import measures_of, people_of
from infrastructure.persistence.projection_tables import (
    ACCOUNT_COLUMNS,
    REFERENCE_COLUMNS,
    SLOT_COLUMNS,
    ProjectionTables,
)

# The keyword arguments of ``save()`` that carry projection rows.
PROJECTED = ("index_rows", "slot_rows", "account_rows", "reference_rows")


class ProjectionSQLMixin:
    projection: ProjectionTables

    def _transaction(self, *, commit: bool) -> AbstractContextManager[Any]:
        raise NotImplementedError

    def _param(self, value: Any) -> Any:
        """A Python value as the driver binds it."""
        raise NotImplementedError

    def _contains(self, column: str) -> str:
        """SQL: ``column`` contains the bound text (case-sensitive, no wildcards)."""
        raise NotImplementedError

    def _rowcount(self, c: Any) -> int:
        """How many rows the cursor's last statement changed."""
        return int(c.rowcount)

    def _order(self, column: str) -> str:
        """A sort column (text sorts by code point in every store)."""
        return column

    # ---- writing, inside the events' transaction -----------------------------------

    def _bump_generation(self, c: Any) -> None:
        raise NotImplementedError

    def _write_projections(self, c: Any, **kwargs: Any) -> None:
        t = self.projection
        for row in sorted(kwargs.get("index_rows") or (), key=lambda r: str(r.review_id)):
            c.execute(t.select_children, (self._param(row.review_id),))
            before = c.fetchone()
            c.execute(t.upsert_index, [self._param(getattr(row, k)) for k in INDEX_COLUMNS])
            if self._rowcount(c) == 0:
                continue  # a newer version of the row is stored
            if before is None or before["participants"] != row.participants:
                self._write_people(c, row)
            if before is None or (
                before["measures"],
                before["accepts"],
                before["jurisdiction"],
            ) != (row.measures, row.accepts, row.jurisdiction):
                self._write_measures(c, row)
        for slot in sorted(
            kwargs.get("slot_rows") or (), key=lambda s: (str(s.signoff_id), s.slot)
        ):
            c.execute(t.upsert_slot, [self._param(getattr(slot, k)) for k in SLOT_COLUMNS])
        for account in sorted(kwargs.get("account_rows") or (), key=lambda a: str(a.account_id)):
            values = {**vars(account), "jurisdictions": json.dumps(list(account.jurisdictions))}
            c.execute(t.upsert_account, [self._param(values[k]) for k in ACCOUNT_COLUMNS])
        for entry in sorted(kwargs.get("reference_rows") or (), key=lambda e: str(e.entry_id)):
            c.execute(
                t.upsert_reference, [self._param(getattr(entry, k)) for k in REFERENCE_COLUMNS]
            )
        if any(kwargs.get(k) for k in PROJECTED):
            # Last: on PostgreSQL this row's lock serialises writers until they commit.
            self._bump_generation(c)

    def _write_people(self, c: Any, row: IndexRow) -> None:
        rid = self._param(row.review_id)
        c.execute(self.projection.delete_people, (rid,))
        for account_id, kind in people_of(row):
            c.execute(self.projection.insert_person, (rid, self._param(account_id), kind))

    def _write_measures(self, c: Any, row: IndexRow) -> None:
        rid = self._param(row.review_id)
        c.execute(self.projection.delete_measures, (rid,))
        follow_up = "|follow_up|" in row.accepts
        for measure_id, n, due_on, status in measures_of(row):
            waiting = self._param(follow_up and status != "taken")
            values = (rid, self._param(measure_id), n, self._param(due_on), status, waiting)
            c.execute(self.projection.insert_measure, (*values, row.jurisdiction))
