"""Lists in SQL over the projection tables (SQLite and PostgreSQL): a page of reviews with
keyset pagination, counts as SQL aggregates, the tasks waiting on a principal, accounts.

Every query is built from constant column names, a validated schema and placeholders; the
principal's sight (``application.policy.Sight``) becomes a WHERE clause.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Any
from uuid import UUID

from application.index import INDEX_COLUMNS, IndexRow
from application.listing import CountRow, Listed, ReviewFilter, TaskRow
from application.policy import Sight
from application.projection import AccountRow, SlotRow, measures_of, people_of
from infrastructure.persistence.projection_tables import (
    ACCOUNT_COLUMNS,
    INDEX_TYPES,
    SLOT_COLUMNS,
    ProjectionTables,
)

ROW = ", ".join(f"r.{c}" for c in INDEX_COLUMNS)
TEXT_SORTS = {"school", "jurisdiction", "status", "slot"}


class ProjectionReadsMixin:
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
        if any(kwargs.get(k) for k in ("index_rows", "slot_rows", "account_rows")):
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
            return [_task(kind, r) for r in c.fetchall()]

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

    def select_account_row(self, account_id: UUID) -> AccountRow | None:
        with self._transaction(commit=False) as c:
            c.execute(self.projection.select_account, (self._param(account_id),))
            row = c.fetchone()
        return account(row) if row else None

    def select_account_rows(self) -> list[AccountRow]:
        with self._transaction(commit=False) as c:
            c.execute(self.projection.select_accounts)
            return [account(r) for r in c.fetchall()]

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


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _time(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


_DECODE: dict[str, Callable[[Any], Any]] = {
    "uuid": _uuid,
    "date": _date,
    "time": _time,
    "bool": bool,
    "int": int,
    "bigint": int,
}


_DECODERS = [_DECODE.get(INDEX_TYPES.get(c, "")) for c in INDEX_COLUMNS]


def index_row(r: Any) -> IndexRow:
    """A row selected with ``ROW`` first (in ``INDEX_COLUMNS`` order)."""
    values = list(r.values()) if isinstance(r, dict) else list(r)
    for i, decode in enumerate(_DECODERS):
        if decode is not None and values[i] is not None:
            values[i] = decode(values[i])
    return IndexRow(*values[: len(INDEX_COLUMNS)])


def slot(r: Any) -> SlotRow:
    return SlotRow(
        signoff_id=_uuid(r["signoff_id"]),
        review_id=_uuid(r["review_id"]),
        revision=int(r["revision"]),
        slot=r["slot"],
        holder=_uuid(r["holder"]),
        role=r["role"],
        mark=r["mark"],
        version=int(r["version"]),
    )


def account(r: Any) -> AccountRow:
    return AccountRow(
        account_id=_uuid(r["account_id"]),
        version=int(r["version"]),
        username=r["username"],
        display_name=r["display_name"],
        unit=r["unit"],
        role=r["role"],
        jurisdictions=tuple(json.loads(r["jurisdictions"])),
        city_wide=bool(r["city_wide"]),
        disabled=bool(r["disabled"]),
    )


def _task(kind: str, r: Any) -> TaskRow:
    row = index_row(r)
    if kind == "sign":
        return TaskRow(row, slot=r["slot"], role=r["role"])
    if kind == "measures":
        return TaskRow(
            row,
            measure_id=_uuid(r["measure_id"]),
            measure_n=int(r["n"]),
            measure_due_on=_date(r["measure_due_on"]),
            measure_status=r["measure_status"],
        )
    return TaskRow(row)
