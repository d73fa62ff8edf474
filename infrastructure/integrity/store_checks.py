"""Checks of ``fupan verify`` beyond the chain: snapshots against a replay of their stream,
and the age of the newest checkpoint (a warning, not a problem)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, cast
from uuid import UUID

from eventsourcing.domain import Snapshot

from application.damage import checked_projection
from application.desk import ReviewDesk
from application.ports import SnapshotRecords, SnapshotRow, StoredRecordDamaged
from infrastructure.integrity.report import Problem, Report


def check_snapshots(desk: ReviewDesk, report: Report, only: set[str] | None = None) -> None:
    """Snapshots live outside the chain: each must open, still be vouched for by the stored
    history (its chain link, every version below it), and equal a replay of its stream (of
    the streams in ``only`` when given)."""
    if desk.snapshots is None:
        return
    recorder = cast(SnapshotRecords, desk.snapshots.recorder)
    for review_id in desk.review_ids():
        if only is not None and str(review_id) not in only:
            continue
        rows = recorder.select_snapshots(review_id)
        if rows:
            positions = desk.store.select_positions([review_id])
            for row in rows:
                report.snapshots += 1
                version = row.stored.originator_version
                position = positions.get((str(review_id), version))
                try:
                    _check_snapshot(desk, report, review_id, row, position)
                except Exception as e:
                    report.add(
                        Problem(
                            position,
                            "snapshot_unverifiable",
                            f"the snapshot could not be checked: {type(e).__name__}",
                            str(review_id),
                            version,
                        )
                    )


def _check_snapshot(
    desk: ReviewDesk, report: Report, review_id: UUID, row: SnapshotRow, position: int | None
) -> None:
    stream, version = str(review_id), row.stored.originator_version
    if row.linked is False:
        report.add(
            Problem(
                position,
                "snapshot_outdated",
                "the stored history below the snapshot changed (the chain link at its "
                "version differs from the one stored with it, or versions are missing): "
                "the snapshot is not used, the stream is replayed",
                stream,
                version,
            )
        )
    try:
        snapshot = cast(Snapshot, desk.mapper.to_domain_event(row.stored))
    except StoredRecordDamaged as e:
        report.add(Problem(position, "snapshot_tampered", e.detail, stream, version))
        return
    try:
        replayed = checked_projection(None, desk.events.get(review_id, lte=version))
    except StoredRecordDamaged as e:
        where = desk.store.select_positions([review_id]).get((stream, e.version))
        report.add(
            Problem(
                where,
                e.problem,
                f"the stream does not replay to its snapshot at version {version}: {e.detail}",
                stream,
                e.version,
            )
        )
        return
    if snapshot.mutate(None) != replayed:
        report.add(
            Problem(
                position,
                "snapshot_mismatch",
                "the snapshot differs from a replay of its stream",
                stream,
                version,
            )
        )


def checkpoint_age(
    report: Report, checkpoints: list[dict[str, Any]], now: datetime, max_age: timedelta
) -> None:
    """Warn when events were written after the newest checkpoint and that checkpoint is
    older than ``max_age`` (or there is none): a truncation above it would go unseen."""
    if report.events == 0:
        return
    newest = max(checkpoints, key=lambda c: int(c["position"]), default=None)
    if newest is None:
        report.warnings.append(
            {
                "warning": "no_checkpoint",
                "detail": "no checkpoint was ever signed: a truncation of the history "
                "would go unseen",
            }
        )
        return
    signed_at = datetime.fromisoformat(newest["created_at"])
    age = now - signed_at
    after = report.head_position - int(newest["position"])
    if after > 0 and age > max_age:
        report.warnings.append(
            {
                "warning": "checkpoint_stale",
                "detail": f"the newest checkpoint was signed {_hours(age)} hours ago and "
                f"events were written after it (position {newest['position']}, head "
                f"{report.head_position}): a truncation above it would go unseen",
                "newest_checkpoint": {
                    "position": int(newest["position"]),
                    "created_at": newest["created_at"],
                },
                "age_hours": _hours(age),
                "max_age_hours": _hours(max_age),
            }
        )


def _hours(span: timedelta) -> float:
    return round(span.total_seconds() / 3600, 1)
