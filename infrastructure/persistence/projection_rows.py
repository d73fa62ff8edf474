"""Projection rows as read back from SQL: typed values from each driver's columns."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from uuid import UUID

from application.index import INDEX_COLUMNS, IndexRow
from application.listing import TaskRow
from application.projection import AccountRow, ReferenceRow, SlotRow
from infrastructure.persistence.projection_tables import (
    INDEX_TYPES,
)


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


def reference(r: Any) -> ReferenceRow:
    return ReferenceRow(
        entry_id=_uuid(r["entry_id"]),
        version=int(r["version"]),
        kind=r["kind"],
        code=r["code"],
        label=r["label"],
        parent=r["parent"],
        active=bool(r["active"]),
        details=r["details"],
    )


def task_row(kind: str, r: Any) -> TaskRow:
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
