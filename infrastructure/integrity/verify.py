"""Verification of the stored history, with no key: the chain, per-stream contiguity and
signed checkpoints. The same walk serves the database (``fupan verify``) and an exported
audit bundle (``fupan verify-bundle``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from infrastructure.integrity.chain import GENESIS, Linked, Row, link_of
from infrastructure.integrity.checkpoints import signature_valid

MAX_PROBLEMS = 100
PROGRESS_EVERY = 10_000


@dataclass(frozen=True)
class Start:
    """Where a walk starts other than at the first event: after ``position``, whose link is
    ``head`` (a signed checkpoint's), with each stream's version there from ``versions``."""

    position: int
    head: bytes
    versions: Callable[[str], int]


@dataclass
class Problem:
    position: int | None
    problem: str
    detail: str
    stream: str | None = None
    version: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass
class Report:
    events: int = 0
    streams: int = 0
    head_position: int = 0
    head: str = GENESIS.hex()
    checkpoints: int = 0
    snapshots: int = 0
    problems: list[Problem] = field(default_factory=list)
    scope: str = "everything"  # or "since_checkpoint"
    from_position: int = 0  # the walk began after this position
    seen: set[str] = field(default_factory=set, repr=False)  # the streams walked

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: Problem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "events": self.events,
            "streams": self.streams,
            "head": {"position": self.head_position, "link": self.head},
            "checkpoints": self.checkpoints,
            "snapshots": self.snapshots,
            "scope": self.scope,
            "from_position": self.from_position,
            "first_problem": self.problems[0].as_dict() if self.problems else None,
            "problems": [p.as_dict() for p in self.problems],
        }


def walk(
    events: Iterable[Linked],
    orphans: Iterable[int],
    checkpoints: list[dict[str, Any]],
    public_keys: dict[str, bytes],
    *,
    start: Start | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Recompute the chain over ``events`` (in position order, each with its stored link or
    None) and name every difference; ``orphans``: positions, in order, of stored links whose
    event is missing. From ``start`` on when given (the checkpoints before it were checked by
    an earlier walk). ``progress(events so far)`` every ``PROGRESS_EVERY`` events."""
    report = Report()
    previous = GENESIS
    base: Callable[[str], int] = _nothing_before
    if start is not None:
        previous, base = start.head, start.versions
        report.scope, report.from_position = "since_checkpoint", start.position
        report.head_position = start.position
        checkpoints = [c for c in checkpoints if int(c["position"]) >= start.position]
    wanted = {int(c["position"]) for c in checkpoints}
    heads: dict[int, bytes] = {start.position: start.head} if start is not None else {}
    versions: dict[str, int] = {}
    missing = iter(orphans)
    orphan = next(missing, None)
    count = 0
    for row in events:
        position, stream, version = row[0], row[1], row[2]
        while orphan is not None and orphan < position:
            _orphan(report, orphan)
            orphan = next(missing, None)
        stored = row[5]
        expected = link_of(previous, row)
        if stored != expected:
            _link_problem(report, stored, row)
        previous = stored or expected
        if position in wanted:
            heads[position] = previous
        before = versions.get(stream)
        if before is None:
            before = base(stream)
        if version != before + 1:
            _version_gap(report, position, stream, version, before)
        versions[stream] = version if version > before else before
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count)
    while orphan is not None:
        _orphan(report, orphan)
        orphan = next(missing, None)
    report.events = count
    if count:
        report.head_position = position
    report.head = previous.hex()
    report.streams = len(versions)
    report.seen = set(versions)
    for checkpoint in checkpoints:
        _check_checkpoint(report, checkpoint, heads, public_keys)
    if progress is not None:
        progress(count)
    return report


def _orphan(report: Report, position: int) -> None:
    report.add(
        Problem(
            position,
            "event_missing",
            "a chain link exists for an event that is not stored (deleted?)",
        )
    )


def _link_problem(report: Report, stored: bytes | None, row: Row | Linked) -> None:
    position, stream, version = row[0], row[1], row[2]
    if stored is None:
        detail = "the event has no chain link (inserted?)"
        report.add(Problem(position, "link_missing", detail, stream, version))
    else:
        detail = (
            "the stored event does not hash to its link: edited, moved, reordered, or an "
            "earlier event was deleted"
        )
        report.add(Problem(position, "link_mismatch", detail, stream, version))


def _nothing_before(stream: str) -> int:
    del stream
    return 0


def _version_gap(report: Report, position: int, stream: str, version: int, before: int) -> None:
    report.add(
        Problem(
            position,
            "version_gap",
            f"version {version} follows version {before} in its stream",
            stream,
            version,
        )
    )


def _check_checkpoint(
    report: Report,
    checkpoint: dict[str, Any],
    heads: dict[int, bytes],
    public_keys: dict[str, bytes],
) -> None:
    position = int(checkpoint["position"])
    report.checkpoints += 1
    if not signature_valid(checkpoint, public_keys):
        report.add(
            Problem(
                position,
                "checkpoint_signature_invalid",
                f"checkpoint signature does not verify with key {checkpoint['key_id']}",
            )
        )
    elif position not in heads:
        report.add(
            Problem(
                position,
                "truncated_below_checkpoint",
                f"a signed checkpoint names position {position}, which the chain "
                f"no longer reaches (it ends at {report.head_position})",
            )
        )
    elif heads[position].hex() != checkpoint["head"]:
        report.add(
            Problem(
                position,
                "checkpoint_head_mismatch",
                "the chain at this position differs from the signed checkpoint (history rewritten)",
            )
        )
