"""The two crypto suites side by side (decision 27): command throughput of the review
lifecycle and ``fupan verify`` speed on a store of the ``standard`` suite (AES-256-GCM,
SHA-256, Ed25519) and on one of the ``sm`` suite (SM4-GCM, SM3, SM2), alternating, several
rounds, medians.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any
from uuid import uuid4

from eventsourcing.persistence import StoredEvent

from bench import commands
from bench.verification import PER_STREAM, STATE, fupan_rate

SUITES = ("standard", "sm")


def store(events: int, suite: str) -> Path:
    """A kept store of ``events`` stored events of ``suite`` (made once, through the
    recorder, so with the suite's links and MACs)."""
    folder = Path("var/bench") / f"verify-{suite}-{events}"
    desk = commands.fupan_desk(folder, suite)
    have = desk.store.max_notification_id() or 0
    recorder: Any = desk.recorder
    for _ in range(have // PER_STREAM, events // PER_STREAM):
        stream = uuid4()
        batch = [StoredEvent(stream, v, "bench:Event", STATE) for v in range(1, PER_STREAM + 1)]
        recorder.insert_events(batch)
    desk.close()
    return folder


def section(reviews: int, events: int, rounds: int, when: str) -> str:
    throughput: dict[str, list[float]] = {s: [] for s in SUITES}
    makers = {"standard": commands.fupan_desk, "sm": commands.sm_desk}
    verify: dict[str, list[float]] = {s: [] for s in SUITES}
    folders = {s: store(events, s) for s in SUITES}
    for n in range(rounds):
        for suite in SUITES:
            throughput[suite].append(commands.throughput(makers[suite], reviews))
            verify[suite].append(fupan_rate(folders[suite])[0])
        print(
            f"round {n + 1}: "
            + ", ".join(
                f"{s} {throughput[s][-1]:.0f} commands/s, verify {verify[s][-1]:,.0f}/s"
                for s in SUITES
            ),
            flush=True,
        )
    t = {s: statistics.median(v) for s, v in throughput.items()}
    v = {s: statistics.median(x) for s, x in verify.items()}

    def rounds_of(values: list[float]) -> str:
        return ", ".join(f"{x:,.0f}" for x in values)

    names = {"standard": "standard (AES-256-GCM, SHA-256, Ed25519)", "sm": "sm (SM4-GCM, SM3, SM2)"}
    rows = "\n".join(
        f"| {names[s]} | {t[s]:.0f} | {rounds_of(throughput[s])} | {v[s]:,.0f} "
        f"| {rounds_of(verify[s])} |"
        for s in SUITES
    )

    return f"""## The crypto suites: standard against sm

Measured {when} by `python -m bench.run --parts suites --reviews {reviews} --suite-events
{events} --rounds {rounds}`: the review lifecycle of the command benchmark
({commands.COMMANDS_PER_REVIEW} commands each, {reviews} lifecycles a round), and `fupan
verify --all` over a kept store of {events:,} stored events made through the recorder, on
a store of each suite; SQLite, {rounds} rounds alternating, medians (verify in CPU time).

| suite | commands/s | rounds | verify events/s | rounds |
|---|---|---|---|---|
{rows}

Ratio sm / standard: commands **{t["sm"] / t["standard"]:.2f}**, verify
**{v["sm"] / v["standard"]:.2f}**. Each command seals its sensitive fields (SM4-GCM against
AES-256-GCM), and appends links (SM3) with their MAC (HMAC-SM3); each signature of the
lifecycle is SM2 against Ed25519. The verify walk recomputes each link with the suite it
names and checks its MAC.

Where the difference comes from (profiled on this machine): SQLite's commits (fsync) are
about half of a command's time under either suite and make the rounds noisy; of the CPU
time, an SM2 signature from GmSSL (`gmssl-pyx`) takes about 3 to 4 ms against Ed25519's
tenths of a millisecond, and a lifecycle signs 7 times; SM4-GCM, SM3 and HMAC-SM3 through
`cryptography` cost about twice their AES and SHA-256 counterparts per call, which the
verify ratio shows."""
