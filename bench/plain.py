"""The plain baseline of the benchmark: the library's SQLite recorder with nothing of
fupan's (no chain, no index, no key table). It answers the store contract's reads the
commands make with empty values, so that the same use cases run on it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteFactory


class PlainRecorder(SQLiteApplicationRecorder):
    def chain_head(self) -> str:
        return ""

    def select_positions(self, streams: Sequence[UUID]) -> dict[tuple[str, int], int]:
        return {}

    def select_review_index(self, **filters: Any) -> list[Any]:
        return []

    def rebuild_projections(self, shape: str, build: Any) -> bool:
        return False

    def projection_generation(self) -> int:
        return 0


class Factory(SQLiteFactory):
    application_recorder_class = PlainRecorder
