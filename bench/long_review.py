"""A command on a review with 1,000 events, against the plain eventsourcing library doing
load + append of a similar event on the same SQLite file path with the same snapshot
interval (50).

fupan: ``write_aspect`` on a review whose stream holds 1,000 events (aspects rewritten),
with everything it does (sealed fields, data key, chain, projections). Plain: an aggregate
with one ``Written`` event of the same text, loaded and saved with the library's mapper
and SQLite recorder. Rounds alternate; the median is reported.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from bench.commands import fupan_desk
from tests import scenario as s

EVENTS = 1_000
ASPECTS = ["daily_conduct", "family_and_parenting", "trigger_and_course", "risks_and_measures"]


def text(n: int) -> str:
    return f"{s.SUBSTANTIVE}（第{n}稿）"


class Note(Aggregate):
    """The plain variant's aggregate: four texts, rewritten one at a time."""

    def __init__(self) -> None:
        self.texts: dict[str, str] = {}

    @event("Written")
    def write(self, aspect: str, text: str) -> None:
        self.texts[aspect] = text


class Plain(Application[UUID]):
    snapshotting_intervals = {Note: 50}  # noqa: RUF012 - the library reads a class attribute


class PlainSide:
    def __init__(self, folder: Path) -> None:
        env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(folder / "p.db")}
        self.app = Plain(env=env)
        note = Note()
        self.app.save(note)
        for n in range(EVENTS - 1):
            note.write(ASPECTS[n % 4], text(n))
            self.app.save(note)
        self.id = note.id
        self.n = EVENTS

    def command(self) -> None:
        loaded: Any = self.app.repository.get(self.id)
        loaded.write(ASPECTS[self.n % 4], text(self.n))
        self.app.save(loaded)
        self.n += 1

    def close(self) -> None:
        self.app.close()


class FupanSide:
    def __init__(self, folder: Path) -> None:
        self.desk = fupan_desk(folder)
        self.id = s.register(self.desk)  # version 1
        for n in range(EVENTS - 1):
            self.desk.write_aspect(self.id, aspect=ASPECTS[n % 4], text=text(n), actor=s.OFFICER)
        assert self.desk.get_review(self.id)["version"] == EVENTS
        self.n = EVENTS

    def command(self) -> None:
        aspect = ASPECTS[self.n % 4]
        self.desk.write_aspect(self.id, aspect=aspect, text=text(self.n), actor=s.OFFICER)
        self.n += 1

    def close(self) -> None:
        self.desk.close()


def rate(side: PlainSide | FupanSide, commands: int) -> tuple[float, float]:
    """Commands per second of wall-clock time and of this process's CPU time (the machine
    is shared: CPU time does not count the moments another program had the core)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(commands):
        side.command()
    return commands / (time.perf_counter() - wall), commands / (time.process_time() - cpu)


def measure(
    rounds: int, commands: int
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Both streams made first (1,000 events each, in two folders); then, in each round, a
    block of commands on one and a block on the other, so that the machine's load drifts
    alike for both. The streams grow by the commands measured (well past 1,000 by the end:
    snapshots keep a load's cost flat)."""
    plain, fupan = [], []
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        sides = PlainSide(Path(a)), FupanSide(Path(b))
        rate(sides[0], 50)  # warm up
        rate(sides[1], 50)
        for _ in range(rounds):
            plain.append(rate(sides[0], commands))
            fupan.append(rate(sides[1], commands))
        for side in sides:
            side.close()
    print(
        f"  plain {statistics.median(x[0] for x in plain):.0f}/s, "
        f"fupan {statistics.median(x[0] for x in fupan):.0f}/s (wall clock)",
        flush=True,
    )
    return plain, fupan


def section(rounds: int, commands: int, when: str) -> str:
    plain, fupan = measure(rounds, commands)
    rows, ratios = [], {}
    for k, clock in enumerate(("wall clock", "CPU time")):
        p = statistics.median(x[k] for x in plain)
        f = statistics.median(x[k] for x in fupan)
        pairs = [b[k] / a[k] for a, b in zip(plain, fupan, strict=True)]
        ratios[clock] = (statistics.median(pairs), min(pairs), max(pairs))
        rows.append(f"| {clock} | {p:.0f} | {f:.0f} | **{ratios[clock][0]:.2f}** |")
    cpu, wall = ratios["CPU time"], ratios["wall clock"]
    table = "\n".join(rows)
    return f"""## A command on a review with {EVENTS:,} events

Measured {when} by `python -m bench.run --parts long-review --blocks {rounds} --block
{commands}`: both streams made first with {EVENTS:,} events, then {rounds} rounds, each a
block of {commands} commands on the plain stream and a block on fupan's (so that the
shared machine's load drifts alike for both); SQLite, snapshots every 50 events in both;
medians. Plain: eventsourcing's own mapper and SQLite recorder, load + append of a
`Written` event with the same text. fupan: `write_aspect` with everything it does (sealed
text, data key, chain, projections), with its defaults: reviews in the aggregate cache
(decision 17); the plain variant has snapshots and no cache.

| measured in | plain, commands/s | fupan, commands/s | ratio (median of the rounds) |
|---|---|---|---|
{table}

Ratio: **{cpu[0]:.2f}** of plain in CPU time (rounds {cpu[1]:.2f}–{cpu[2]:.2f}),
{wall[0]:.2f} in wall-clock time (rounds {wall[1]:.2f}–{wall[2]:.2f}; the machine was
shared); target: at least 0.70."""
