"""Verification of the stored history: the chain (and its MACs), per-stream contiguity and
signed checkpoints. The same walk serves the database (``fupan verify``, which also checks
each link's MAC with the server's key) and an exported audit bundle (``fupan
verify-bundle``, keyless: it sees which links carry a MAC, not whether it is valid).

Damage is reported, never raised: every finding is a ``Problem`` with its position (or
stream and version) and kind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from application.ports import ChainLink
from infrastructure.crypto import suite
from infrastructure.crypto.suite import Suite
from infrastructure.integrity.chain import GENESIS, link
from infrastructure.integrity.checkpoints import signature_valid
from infrastructure.integrity.report import Problem, Report, Start, nothing_before

PROGRESS_EVERY = 10_000
MacCheck = Callable[[ChainLink], bool]


@dataclass
class _Walk:
    report: Report
    mac_check: MacCheck | None
    macs_from: int | None  # named by a signed checkpoint: links from there carry a MAC
    first_mac: int | None = None
    versions: dict[str, int] = field(default_factory=dict)
    base: Callable[[str], int] = nothing_before
    suite: Suite = suite.STANDARD


def walk(
    events: Iterable[Any],
    links: Iterable[ChainLink],
    checkpoints: list[dict[str, Any]],
    public_keys: dict[str, bytes],
    *,
    mac_check: MacCheck | None = None,
    report: Report | None = None,
    start: Start | None = None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Recompute the chain over ``events`` (in position order) against the stored ``links``;
    with ``mac_check``, check each link's MAC too. From ``start`` on when given (the events
    and links given begin after it; the checkpoints before it were checked by an earlier
    walk). ``progress(events so far)`` every ``PROGRESS_EVERY`` events."""
    report = report or Report()
    report.macs_checked = mac_check is not None
    valid = signed(checkpoints, public_keys)
    declared = [int(c["macs_from"]) for c in valid if c.get("macs_from") is not None]
    state = _Walk(report, mac_check, min(declared, default=None))
    heads: dict[int, bytes] = {}
    previous = GENESIS
    if start is not None:
        previous = start.head
        state.base, state.first_mac = start.versions, start.first_mac
        report.scope, report.from_position = "since_checkpoint", start.position
        report.head_position = start.position
        heads[start.position] = start.head
        checkpoints = [c for c in checkpoints if not 0 <= _position(c) < start.position]
    wanted = {int(c["position"]) for c in valid}
    pending = _Peek(iter(links))
    for event in events:
        position = int(event.id)
        _orphan_links(report, pending, before=position)
        row = pending.next() if pending.head and pending.head.position == position else None
        expected = link(previous, position, event, _suite_of(row, state))
        stream = str(event.originator_id)
        version = int(event.originator_version)
        if row is None:
            report.add(
                Problem(
                    position,
                    "link_missing",
                    "the event has no chain link (inserted?)",
                    stream,
                    version,
                )
            )
        elif row.link != expected:
            report.add(
                Problem(
                    position,
                    "link_mismatch",
                    "the stored event does not hash to its link: edited, moved, "
                    "reordered, or an earlier event was deleted",
                    stream,
                    version,
                )
            )
        if row is not None:
            _check_mac(state, row, stream, version)
        previous = row.link if row is not None else expected
        if position in wanted:
            heads[position] = previous
        _check_contiguity(state, position, stream, version)
        report.events += 1
        report.head_position = position
        if progress is not None and report.events % PROGRESS_EVERY == 0:
            progress(report.events)
    _orphan_links(report, pending, before=None)
    if progress is not None:
        progress(report.events)
    report.head = previous.hex()
    report.streams = len(state.versions)
    report.seen = set(state.versions)
    for checkpoint in checkpoints:
        _check_checkpoint(report, checkpoint, heads, public_keys)
    return report


def _suite_of(row: ChainLink | None, state: _Walk) -> Suite:
    """The suite a link names; a missing link, or one naming an unknown suite (reported as
    a mismatch), is recomputed with the suite of the link before it."""
    if row is not None:
        with contextlib.suppress(suite.UnknownSuite):
            state.suite = suite.by_name(row.suite)
    return state.suite


def _check_mac(state: _Walk, row: ChainLink, stream: str, version: int) -> None:
    """A link without a MAC is an earlier release's, unless a MAC'd link came before it
    (or a signed checkpoint says MACs start at or before it)."""
    report = state.report
    if row.mac is None:
        after_first = state.first_mac is not None
        if after_first or (state.macs_from is not None and row.position >= state.macs_from):
            report.add(
                Problem(
                    row.position,
                    "link_unauthenticated",
                    "the link carries no MAC although links before it do: written "
                    "without the server's key (a forged or rewritten event?)",
                    stream,
                    version,
                )
            )
        else:
            report.unauthenticated_links += 1
        return
    if state.first_mac is None:
        state.first_mac = row.position
    report.authenticated_links += 1
    if state.mac_check is not None and not state.mac_check(row):
        report.add(
            Problem(
                row.position,
                "link_mac_invalid",
                f"the link's MAC does not verify with server key {row.mac_key}: the link "
                "was written or rewritten without the key",
                stream,
                version,
            )
        )


def _orphan_links(report: Report, pending: _Peek, before: int | None) -> None:
    """Links (before ``before``, or all that remain) whose events are not stored."""
    while pending.head is not None and (before is None or pending.head.position < before):
        report.add(
            Problem(
                pending.head.position,
                "event_missing",
                "a chain link exists for an event that is not stored (deleted?)",
            )
        )
        pending.next()


def _check_contiguity(state: _Walk, position: int, stream: str, version: int) -> None:
    versions = state.versions
    before = versions.get(stream)
    if before is None:
        before = state.base(stream)
        versions[stream] = before
    expected = before + 1
    if version != expected:
        state.report.add(
            Problem(
                position,
                "version_gap",
                f"version {version} follows version {expected - 1} in its stream",
                stream,
                version,
            )
        )
    versions[stream] = max(version, versions.get(stream, 0))


def _position(checkpoint: dict[str, Any]) -> int:
    try:
        return int(checkpoint["position"])
    except (KeyError, ValueError, TypeError):
        return -1


def signed(
    checkpoints: list[dict[str, Any]], public_keys: dict[str, bytes]
) -> list[dict[str, Any]]:
    """The checkpoints whose signature verifies."""
    return [c for c in checkpoints if _signed(c, public_keys)]


def _signed(checkpoint: dict[str, Any], public_keys: dict[str, bytes]) -> bool:
    try:
        return signature_valid(checkpoint, public_keys)
    except (KeyError, ValueError, TypeError, AttributeError):
        return False


def _check_checkpoint(
    report: Report,
    checkpoint: dict[str, Any],
    heads: dict[int, bytes],
    public_keys: dict[str, bytes],
) -> None:
    report.checkpoints += 1
    try:
        position = int(checkpoint["position"])
    except (KeyError, ValueError, TypeError):
        report.add(Problem(None, "checkpoint_malformed", "a checkpoint names no position"))
        return
    if not _signed(checkpoint, public_keys):
        report.add(
            Problem(
                position,
                "checkpoint_signature_invalid",
                f"checkpoint signature does not verify with key {checkpoint.get('key_id')}",
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
    def __init__(self, items: Iterator[ChainLink]) -> None:
        self.items = items
        self.head: ChainLink | None = next(items, None)

    def next(self) -> ChainLink:
        current = self.head
        assert current is not None
        self.head = next(self.items, None)
        return current
