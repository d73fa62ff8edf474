"""Loading a stream that cannot be read back: every failure becomes a finding.

The mapper raises ``StoredRecordDamaged`` for a record that does not open or decode; the
projection below adds the stream's own damage: a version that does not follow the one
before (an event deleted), or an event that does not apply to the aggregate (a record
written outside fupan). The desk turns these into ``ReviewDamaged``, which the interfaces
show as such, never as a crash.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.domain import Snapshot

from application.errors import ReviewDamaged
from application.ports import ChainRecords, StoredRecordDamaged


def checked_projection(aggregate: Any, events: Iterable[Any]) -> Any:
    """``project_aggregate`` that names the damage it meets."""
    for event in events:
        expected = 1 if aggregate is None else aggregate.version + 1
        stream = str(event.originator_id)
        if not isinstance(event, Snapshot) and event.originator_version != expected:
            raise StoredRecordDamaged(
                f"version {event.originator_version} follows version {expected - 1}",
                stream=stream,
                version=expected,
                problem="version_gap",
            )
        try:
            aggregate = event.mutate(aggregate)
        except Exception as e:
            raise StoredRecordDamaged(
                f"the stored event does not apply ({type(e).__name__})",
                stream=stream,
                version=event.originator_version,
                problem="event_not_applicable",
            ) from e
    return aggregate


def finding(error: StoredRecordDamaged, position: int | None) -> dict[str, Any]:
    """A load failure as ``fupan verify`` names a problem."""
    found: dict[str, Any] = {
        "problem": error.problem,
        "stream": error.stream,
        "version": error.version,
        "detail": error.detail,
    }
    if position is not None:
        found["position"] = position
    return found


@contextmanager
def reading(store: ChainRecords) -> Iterator[None]:
    """Turn a load failure inside the block into ``ReviewDamaged``, with its position."""
    try:
        yield
    except StoredRecordDamaged as e:
        try:
            stream = UUID(e.stream)
            position = store.select_positions([stream]).get((str(stream), e.version))
        except ValueError:
            position = None
        raise ReviewDamaged(finding(e, position)) from None
