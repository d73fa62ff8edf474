"""Verification of the stored history, with no key: the chain, per-stream contiguity and
signed checkpoints. The same walk serves the database (``fupan verify``) and an exported
audit bundle (``fupan verify-bundle``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from infrastructure.integrity.chain import GENESIS, link
from infrastructure.integrity.checkpoints import signature_valid

MAX_PROBLEMS = 100


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
    signatures: list[dict[str, Any]] = field(default_factory=list)

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
            "signatures": self.signatures,
            "first_problem": self.problems[0].as_dict() if self.problems else None,
            "problems": [p.as_dict() for p in self.problems],
        }


def walk(
    events: Iterable[Any],
    links: Iterable[tuple[int, str, bytes]],
    checkpoints: list[dict[str, Any]],
    public_keys: dict[str, bytes],
) -> Report:
    """Recompute the chain over ``events`` (in position order) against the stored ``links``."""
    report = Report()
    wanted = {int(c["position"]) for c in checkpoints}
    heads: dict[int, bytes] = {}
    versions: dict[str, int] = {}
    pending = _Peek(iter(links))
    previous = GENESIS
    for event in events:
        position = int(event.id)
        _orphan_links(report, pending, before=position)
        stored = pending.next()[2] if pending.head and pending.head[0] == position else None
        expected = link(previous, position, event)
        stream = str(event.originator_id)
        if stored is None:
            report.add(
                Problem(
                    position,
                    "link_missing",
                    "the event has no chain link (inserted?)",
                    stream,
                    event.originator_version,
                )
            )
        elif stored != expected:
            report.add(
                Problem(
                    position,
                    "link_mismatch",
                    "the stored event does not hash to its link: edited, moved, "
                    "reordered, or an earlier event was deleted",
                    stream,
                    event.originator_version,
                )
            )
        previous = stored or expected
        if position in wanted:
            heads[position] = previous
        _check_contiguity(report, versions, position, stream, int(event.originator_version))
        report.events += 1
        report.head_position = position
    _orphan_links(report, pending, before=None)
    report.head = previous.hex()
    report.streams = len(versions)
    for checkpoint in checkpoints:
        _check_checkpoint(report, checkpoint, heads, public_keys)
    return report


def _orphan_links(report: Report, pending: _Peek, before: int | None) -> None:
    """Links (before ``before``, or all that remain) whose events are not stored."""
    while pending.head is not None and (before is None or pending.head[0] < before):
        report.add(
            Problem(
                pending.head[0],
                "event_missing",
                "a chain link exists for an event that is not stored (deleted?)",
            )
        )
        pending.next()


def _check_contiguity(
    report: Report, versions: dict[str, int], position: int, stream: str, version: int
) -> None:
    expected = versions.get(stream, 0) + 1
    if version != expected:
        report.add(
            Problem(
                position,
                "version_gap",
                f"version {version} follows version {expected - 1} in its stream",
                stream,
                version,
            )
        )
    versions[stream] = max(version, versions.get(stream, 0))


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


class _Peek:
    def __init__(self, items: Iterator[tuple[int, str, bytes]]) -> None:
        self.items = items
        self.head: tuple[int, str, bytes] | None = next(items, None)

    def next(self) -> tuple[int, str, bytes]:
        current = self.head
        assert current is not None
        self.head = next(self.items, None)
        return current
