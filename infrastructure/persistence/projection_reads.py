"""Lists in SQL over the projection tables (SQLite and PostgreSQL): a page of reviews with
keyset pagination, counts as SQL aggregates, the tasks waiting on a principal, accounts.

Every query is built from constant column names, a validated schema and placeholders; the
principal's sight (``application.policy.Sight``) becomes a WHERE clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from application.index import INDEX_COLUMNS, IndexRow
from application.listing import CountRow, Listed, ReviewFilter, TaskRow
from application.policy import Sight
from application.projection import AccountRow, ReferenceRow, SlotRow
from infrastructure.persistence.projection_rows import (
    account,
    index_row,
    reference,
    slot,
    task_row,
)
from infrastructure.persistence.projection_tables import (
    SLOT_COLUMNS,
)
from infrastructure.persistence.projection_writes import ProjectionSQLMixin

ROW = ", ".join(f"r.{c}" for c in INDEX_COLUMNS)
TEXT_SORTS = {"school", "jurisdiction", "status", "slot"}


class ProjectionReadsMixin(ProjectionSQLMixin):
    # ---- reviews ---------------------------------------------------------------------

    def select_review_index(
        self,
        *,
        jurisdiction: str | None = None,
        status: str | None = None,
        review_id: UUID | None = None,
        jurisdictions: list[str] | None = None,
        participant: UUID | None = None,
        duplicate_key: str | None = None,
    ) -> list[IndexRow]:
        """Rows matching every given filter; ``jurisdictions`` and ``participant`` together
        match either."""
        p = self.projection.p
        conditions: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("r.jurisdiction", jurisdiction),
            ("r.status", status),
            ("r.duplicate_key", duplicate_key),
            ("r.review_id", review_id),
        ):
            if value is not None:
                conditions.append(f"{column} = {p}")
                params.append(self._param(value))
        if jurisdictions is not None or participant is not None:
            where, more = self._sight(
                Sight(jurisdictions=tuple(jurisdictions or ()), participant=participant)
            )
            conditions.append(where)
            params += more
        where = " AND ".join(conditions) or "1=1"
        sql = (
            f"SELECT {ROW} FROM {self.projection.index} r WHERE {where} "
            "ORDER BY r.due_on, r.review_id"
        )
        with self._transaction(commit=False) as c:
            c.execute(sql, params)
            return [index_row(r) for r in c.fetchall()]

    def select_review_page(
        self, f: ReviewFilter, sort: Sequence[str], after: Sequence[Any] | None, limit: int
    ) -> list[Listed]:
        t, p = self.projection, self.projection.p
        where, params = self._where(f)
        if after is not None:
            left = ", ".join(self._order(f"r.{c}") for c in sort)
            where += f" AND ({left}) > ({', '.join(p for _ in sort)})"
            params += [self._param(v) for v in after]
        order = ", ".join(self._order(f"r.{c}") for c in sort)
        sql = (
            f"SELECT {ROW}, "
            f"(SELECT COUNT(*) FROM {t.slots} s WHERE s.signoff_id = r.signoff_id "
            "AND s.mark IS NULL) AS pending, "
            f"(SELECT COUNT(*) FROM {t.measures} m WHERE m.review_id = r.review_id "
            "AND m.status <> 'taken') AS measures_open, "
            f"(SELECT COUNT(*) FROM {t.measures} m WHERE m.review_id = r.review_id "
            f"AND m.status <> 'taken' AND m.due_on < {p}) AS measures_overdue "
            f"FROM {t.index} r WHERE {where} ORDER BY {order} LIMIT {int(limit)}"
        )
        with self._transaction(commit=False) as c:
            c.execute(sql, [self._param(f.today), *params])
            return [
                Listed(
                    index_row(r),
                    int(r["pending"]),
                    int(r["measures_open"]),
                    int(r["measures_overdue"]),
                )
                for r in c.fetchall()
            ]

    def count_reviews(self, f: ReviewFilter) -> int:
        where, params = self._where(f)
        with self._transaction(commit=False) as c:
            c.execute(f"SELECT COUNT(*) AS n FROM {self.projection.index} r WHERE {where}", params)
            return int(c.fetchone()["n"])

    def count_by(self, f: ReviewFilter) -> list[CountRow]:
        """Counts by jurisdiction, status, late and overdue, as SQL aggregates (two, each
        on a covering index: all reviews, then the overdue ones)."""
        p = self.projection.p
        where, params = self._where(f)
        t = self.projection.index
        overdue: dict[tuple[str, str], int] = {}
        with self._transaction(commit=False) as c:
            c.execute(
                f"SELECT r.jurisdiction, r.status, COUNT(*) AS n FROM {t} r WHERE {where} "
                f"AND r.lane = 0 AND r.due_on < {p} GROUP BY r.jurisdiction, r.status",
                [*params, self._param(f.today)],
            )
            for r in c.fetchall():
                overdue[(r["jurisdiction"], r["status"])] = int(r["n"])
            c.execute(
                f"SELECT r.jurisdiction, r.status, r.late, COUNT(*) AS n FROM {t} r "
                f"WHERE {where} GROUP BY r.jurisdiction, r.status, r.late",
                params,
            )
            found = []
            for r in c.fetchall():
                place, status, late, n = r["jurisdiction"], r["status"], bool(r["late"]), r["n"]
                # An overdue review was never closed: never late.
                overdue_n = 0 if late else overdue.get((place, status), 0)
                if n - overdue_n:
                    found.append(CountRow(place, status, late, False, int(n) - overdue_n))
                if overdue_n:
                    found.append(CountRow(place, status, late, True, overdue_n))
            return found

    def _where(self, f: ReviewFilter) -> tuple[str, list[Any]]:
        p = self.projection.p
        where, params = self._sight(f.sight)
        conditions = [where]
        for column, value in (
            ("r.jurisdiction", f.jurisdiction),
            ("r.status", f.status),
            ("r.student_key", f.student_key),
        ):
            if value is not None:
                conditions.append(f"{column} = {p}")
                params.append(value)
        if f.overdue is not None:
            conditions.append(("" if f.overdue else "NOT ") + f"(r.lane = 0 AND r.due_on < {p})")
            params.append(self._param(f.today))
        if f.paper_marks is not None:
            conditions.append(f"r.paper_marks = {p}")
            params.append(self._param(f.paper_marks))
        if f.school:
            conditions.append(self._contains("r.school"))
            params.append(f.school)
        if f.occurred_from is not None:
            conditions.append(f"r.occurred_on >= {p}")
            params.append(self._param(f.occurred_from))
        if f.occurred_to is not None:
            conditions.append(f"r.occurred_on <= {p}")
            params.append(self._param(f.occurred_to))
        return " AND ".join(conditions), params

    def _true(self) -> str:
        return "1"

    def _sight(self, sight: Sight, alias: str = "r") -> tuple[str, list[Any]]:
        """The reviews a principal reaches: everything, named jurisdictions, or those where
        they are among the participants of the given kinds (either)."""
        if sight.everything:
            return "1=1", []
        p, a = self.projection.p, alias
        parts, params = [], []
        if sight.jurisdictions:
            parts.append(f"{a}.jurisdiction IN ({', '.join(p for _ in sight.jurisdictions)})")
            params += list(sight.jurisdictions)
        if sight.participant is not None and sight.kinds:
            parts.append(
                f"{a}.review_id IN (SELECT review_id FROM {self.projection.people} "
                f"WHERE account_id = {p} AND kind IN ({', '.join(p for _ in sight.kinds)}))"
            )
            params += [self._param(sight.participant), *sight.kinds]
        return (f"({' OR '.join(parts)})" if parts else "1=0"), params

    # ---- tasks -------------------------------------------------------------------------

    def select_tasks(
        self,
        kind: str,
        who: UUID,
        reach: Sight,
        after: Sequence[Any] | None,
        limit: int | None,
    ) -> list[TaskRow]:
        """What waits on ``who``: ``write`` (aspects missing or short), ``sign`` (their
        pending slots), ``measures`` (not taken), where ``reach`` lets them act."""
        sql, params, keyset = self._tasks(kind, who, reach)
        if after is not None:
            sql += f" AND ({', '.join(keyset)}) > ({', '.join(self.projection.p for _ in keyset)})"
            params += [self._param(v) for v in after]
        sql += f" ORDER BY {', '.join(keyset)}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        with self._transaction(commit=False) as c:
            c.execute(sql, params)
            return [task_row(kind, r) for r in c.fetchall()]

    def _tasks(self, kind: str, who: UUID, reach: Sight) -> tuple[str, list[Any], list[str]]:
        t, p = self.projection, self.projection.p
        where, params = self._sight(reach)
        if kind == "write":
            sql = (
                f"SELECT {ROW} FROM {t.index} r WHERE {where} AND r.accepts LIKE {p} "
                "AND (r.aspects_missing <> '' OR r.aspects_short <> '')"
            )
            return sql, [*params, "%|write_report|%"], ["r.due_on", "r.review_id"]
        if kind == "sign":
            sql = (
                f"SELECT {ROW}, s.slot, s.role FROM {t.slots} s "
                f"JOIN {t.index} r ON r.signoff_id = s.signoff_id "
                f"WHERE s.holder = {p} AND s.mark IS NULL AND {where} AND r.accepts LIKE {p}"
            )
            return (
                sql,
                [self._param(who), *params, "%|sign|%"],
                ["r.due_on", "r.review_id", self._order("s.slot")],
            )
        where, params = self._sight(reach, "m")
        sql = (
            f"SELECT {ROW}, m.measure_id, m.n, m.due_on AS measure_due_on, m.status AS "
            f"measure_status FROM {t.measures} m JOIN {t.index} r ON r.review_id = m.review_id "
            f"WHERE m.waiting = {self._true()} AND {where}"
        )
        return sql, params, ["m.due_on", "m.review_id", "m.measure_id"]

    def count_tasks(self, kind: str, who: UUID, reach: Sight) -> int:
        sql, params, _ = self._tasks(kind, who, reach)
        if kind == "measures":  # the measures' own columns suffice
            where, params = self._sight(reach, "m")
            sql = (
                f"SELECT m.review_id FROM {self.projection.measures} m "
                f"WHERE m.waiting = {self._true()} AND {where}"
            )
        with self._transaction(commit=False) as c:
            c.execute(f"SELECT COUNT(*) AS n FROM ({sql}) AS counted", params)
            return int(c.fetchone()["n"])

    # ---- accounts --------------------------------------------------------------------

    def last_reference_number(self, prefix: str) -> str | None:
        """The highest reference number that starts with ``prefix`` (a year's)."""
        with self._transaction(commit=False) as c:
            c.execute(self.projection.select_references, (f"{prefix}%",))
            row = c.fetchone()
        return str(row["reference"]) if row else None

    def select_account_row(self, account_id: UUID) -> AccountRow | None:
        with self._transaction(commit=False) as c:
            c.execute(self.projection.select_account, (self._param(account_id),))
            row = c.fetchone()
        return account(row) if row else None

    def select_account_rows(self) -> list[AccountRow]:
        with self._transaction(commit=False) as c:
            c.execute(self.projection.select_accounts)
            return [account(r) for r in c.fetchall()]

    def select_reference_rows(self, kind: str) -> list[ReferenceRow]:
        with self._transaction(commit=False) as c:
            c.execute(self.projection.select_references, (kind,))
            return [reference(r) for r in c.fetchall()]

    def select_slot_rows(self, signoff_id: UUID | None = None) -> list[SlotRow]:
        p = self.projection.p
        where = f" WHERE signoff_id = {p}" if signoff_id is not None else ""
        sql = f"SELECT {', '.join(SLOT_COLUMNS)} FROM {self.projection.slots}{where}"
        with self._transaction(commit=False) as c:
            c.execute(sql, [self._param(signoff_id)] if signoff_id is not None else [])
            return sorted(
                (slot(r) for r in c.fetchall()), key=lambda s: (str(s.signoff_id), s.slot)
            )


# ---- decoding rows (typed in PostgreSQL, text in SQLite) -------------------------------
