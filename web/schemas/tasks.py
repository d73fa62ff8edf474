"""My tasks: the cursor of the page shown of each kind."""

from __future__ import annotations

from dataclasses import dataclass

from web.schemas.base import FupanSchema, text
from web.schemas.lists import CURSOR


@dataclass(frozen=True)
class TaskQuery:
    write: str | None = None
    sign: str | None = None
    measures: str | None = None


class TaskCursors(FupanSchema[TaskQuery]):
    result = TaskQuery
    write = text(required=False, max_length=CURSOR)
    sign = text(required=False, max_length=CURSOR)
    measures = text(required=False, max_length=CURSOR)
