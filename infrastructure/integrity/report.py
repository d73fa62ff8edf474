"""What an integrity check reports: where it started, the problems found (at most
``MAX_PROBLEMS`` kept), and a step guarded so that one failing check does not hide the rest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from infrastructure.integrity.chain import GENESIS

MAX_PROBLEMS = 100


def nothing_before(stream: str) -> int:
    return 0


@dataclass(frozen=True)
class Start:
    """Where a walk starts other than at the first event: after ``position``, whose link is
    ``head`` (a signed checkpoint's), with each stream's version there from ``versions``;
    ``first_mac``: the first link with a MAC, if it lies at or before ``position``."""

    position: int
    head: bytes
    versions: Callable[[str], int] = nothing_before
    first_mac: int | None = None


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
    authenticated_links: int = 0
    unauthenticated_links: int = 0  # older than the first MAC'd link: an earlier release's
    macs_checked: bool = False
    warnings: list[dict[str, Any]] = field(default_factory=list)
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
            "links": {
                "authenticated": self.authenticated_links,
                "unauthenticated": self.unauthenticated_links,
                "macs_checked": self.macs_checked,
            },
            "signatures": self.signatures,
            "first_problem": self.problems[0].as_dict() if self.problems else None,
            "problems": [p.as_dict() for p in self.problems],
            "warnings": self.warnings,
        }


def guarded(report: Report, step: str, check: Callable[[], None]) -> None:
    """Run one step of a verification; whatever it raises becomes a finding."""
    try:
        check()
    except Exception as e:
        report.add(
            Problem(
                None,
                "verification_incomplete",
                f"{step} stopped: {type(e).__name__}: {str(e)[:200]}",
            )
        )
