"""Benchmarks, run on demand (``make bench``); figures go to docs/performance.md.

Each part rewrites its own section of docs/performance.md (between ``<!-- bench:NAME -->``
markers) and leaves the others as they are, so that a part can be run alone
(``python -m bench.run --parts serving``) and recorded figures (the baseline of main before
a change) stay:

- ``commands``: command throughput of the whole review lifecycle, fupan against plain
  eventsourcing (bench.commands);
- ``long-review``: a command on a review with 1,000 events against the plain library
  (bench.long_review);
- ``verify``: ``fupan verify`` over 1,000,000 stored events against a reference loop
  (bench.verification);
- ``serving``: the list pages and the API under wrk on a kept store of 10,000 reviews
  (bench.pages);
- ``postgres-writes``: writes through 1, 2 and 4 server processes over one PostgreSQL
  (bench.pg_writes);
- ``suites``: command throughput and ``fupan verify`` speed on a store of the ``sm`` crypto
  suite beside the ``standard`` one (bench.suites, decision 27).
"""

from __future__ import annotations

import argparse
import platform
import re
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import commands, long_review, pages, pg_writes, suites, verification
from bench.serving import Load

PARTS = ("commands", "long-review", "verify", "serving", "postgres-writes", "suites")
TITLE = "# Performance\n"


def replace_section(document: str, name: str, body: str) -> str:
    """``document`` with the section ``name`` set to ``body`` (appended if new)."""
    begin, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.S)
    if pattern.search(document):
        return pattern.sub(lambda _: block, document)
    return document.rstrip() + "\n\n" + block + "\n"


def commands_section(args: Any) -> str:
    plain, sealed = [], []
    for n in range(args.rounds):
        plain.append(commands.throughput(commands.plain_desk, args.reviews))
        sealed.append(commands.throughput(commands.fupan_desk, args.reviews))
        print(f"round {n + 1}: plain {plain[-1]:.0f}/s, fupan {sealed[-1]:.0f}/s", file=sys.stderr)
    p, f = statistics.median(plain), statistics.median(sealed)
    when = now()
    plain_rounds = ", ".join(f"{x:.0f}" for x in plain)
    sealed_rounds = ", ".join(f"{x:.0f}" for x in sealed)
    return f"""## Command throughput: encryption and chain against plain eventsourcing

Measured by `make bench` (`python -m bench.run --parts commands`) on {when},
{platform.machine()}, Python {platform.python_version()}, SQLite (WAL, synchronous=FULL),
{args.rounds} rounds of {args.reviews} review lifecycles ({commands.COMMANDS_PER_REVIEW}
commands each), median.

| variant | commands/s (median) | rounds |
|---|---|---|
| plain eventsourcing (library mapper and recorder) | {p:.0f} | {plain_rounds} |
| fupan (sealed fields, data keys, hash chain, projections) | {f:.0f} | {sealed_rounds} |

Ratio: **{f / p:.2f}** of plain (target: at least 0.70).

Each command loads the review (replaying its stream, opening its sealed fields), runs the
rule, and saves the new events in one transaction with their chain links (and the
projection rows, and for a new review its wrapped data key). The plain variant does the same
load, rule and save without sealing, chain, key table or projections."""


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def verify_section(args: Any) -> str:
    return verification.section(args.events, args.rounds, now())


def long_review_section(args: Any) -> str:
    return long_review.section(args.blocks, args.block, now())


def suites_section(args: Any) -> str:
    return suites.section(args.reviews, args.suite_events, args.rounds, now())


def writes_section(args: Any) -> str:
    return pg_writes.section(args.write_seconds, now())


def serving_section(args: Any) -> str:
    load = Load(args.threads, args.connections, args.seconds)
    sizes = [int(n) for n in str(args.serving_reviews).split(",")]
    runs = [pages.measure(n, load, f"{args.label}, {n:,} reviews") for n in sizes]
    command = (
        f"python -m bench.run --parts serving --serving-reviews {args.serving_reviews} "
        f"--seconds {args.seconds} --connections {args.connections} --threads {args.threads}"
    )
    return f"## {args.heading}\n\n" + pages.section(runs, command=command, note=args.note)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--parts", default=",".join(PARTS), help=f"some of {', '.join(PARTS)}")
    parser.add_argument("--reviews", type=int, default=40, help="lifecycles per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument(
        "--suite-events", type=int, default=100_000, help="suites: events of each verify store"
    )
    parser.add_argument("--blocks", type=int, default=10, help="long-review: rounds")
    parser.add_argument("--block", type=int, default=50, help="long-review: commands a round")
    parser.add_argument("--write-seconds", type=int, default=10)
    parser.add_argument("--serving-reviews", default="10000", help="store sizes, e.g. 1000,10000")
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per endpoint")
    parser.add_argument("--section", default="serving", help="the serving section's name")
    parser.add_argument("--label", default="this branch")
    parser.add_argument("--heading", default="Lists at scale: pages and API under load")
    parser.add_argument("--note", default="")
    parser.add_argument("--out", type=Path, default=Path("docs/performance.md"))
    args = parser.parse_args()
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown parts: {', '.join(sorted(unknown))}")
    document = args.out.read_text("utf-8") if args.out.exists() else TITLE
    makers = {
        "commands": commands_section,
        "long-review": long_review_section,
        "verify": verify_section,
        "serving": serving_section,
        "postgres-writes": writes_section,
        "suites": suites_section,
    }
    for part in parts:
        name = args.section if part == "serving" else part
        document = replace_section(document, name, makers[part](args))
        args.out.write_text(document, "utf-8")  # after each part: a long run keeps its figures
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
