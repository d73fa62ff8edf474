"""The list pages and the API under load: a kept store of N reviews (bench.population),
``fupan serve`` with two workers on it, wrk with a signed-in city-wide case officer.

The reference is ``GET /api/v1/me`` (it authenticates and answers the username); the
dashboard, the task list and the API's list are measured in the same run with the same
wrk threads and connections, and reported as a ratio of its rate.
"""

from __future__ import annotations

import platform
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import population
from bench.serving import Figure, Load, api_token, get_json, server, session_cookie, wrk

STORES = Path("var/bench")


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str
    auth: str  # "cookie" or "bearer"
    target: bool = False  # held to ≥ 0.5× /api/v1/me and p99 < 100 ms


ENDPOINTS = [
    Endpoint("`/static/fupan.css` (same server, same cookie)", "/static/fupan.css", "cookie"),
    Endpoint("`GET /api/v1/me` (the reference)", "/api/v1/me", "bearer"),
    Endpoint("dashboard `/`", "/", "cookie", target=True),
    Endpoint("dashboard `/?status=closed`", "/?status=closed", "cookie"),
    Endpoint("my tasks `/tasks`", "/tasks", "cookie", target=True),
    Endpoint("`GET /api/v1/reviews?limit=50`", "/api/v1/reviews?limit=50", "bearer", target=True),
    Endpoint("`GET /api/v1/reviews/{id}` (an open review)", "/api/v1/reviews/{id}", "bearer"),
]


@dataclass(frozen=True)
class Measured:
    figure: Figure
    ratio: float  # to /api/v1/me measured just before and after
    reference: float  # that /api/v1/me rate
    ratios: list[float]  # of every round


@dataclass(frozen=True)
class Run:
    label: str
    reviews: int
    load: Load
    figures: list[Measured]
    when: str
    rounds: int


def store_dir(reviews: int) -> Path:
    return STORES / f"serving-{reviews}"


def prepare(reviews: int) -> Path:
    """The kept store of ``reviews`` reviews, made or extended through the application."""
    folder = store_dir(reviews)
    print(f"store {folder}: {reviews} reviews (made once, then kept)", flush=True)
    population.ensure(folder, reviews)
    return folder


def measure(reviews: int, load: Load, label: str, rounds: int = 3) -> Run:
    """Each endpoint in ``rounds`` rounds; in each, ``/api/v1/me`` is measured just before
    and just after it, so that its ratio compares like with like even when the machine's
    load drifts. The figure kept is the round with the median ratio."""
    folder = prepare(reviews)
    environ = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(folder.resolve())}
    figures = []
    with server(environ, workers=2) as base:
        cookie = {"Cookie": session_cookie(base, population.OFFICER, population.PASSWORD)}
        token = api_token(base, population.OFFICER, population.PASSWORD)
        bearer = {"Authorization": f"Bearer {token}"}
        first = get_json(f"{base}/api/v1/reviews?limit=1&status=investigating", bearer)
        review_id = first["items"][0]["id"]
        me = ENDPOINTS[1]
        for endpoint in ENDPOINTS:
            path = endpoint.path.replace("{id}", review_id)
            headers = cookie if endpoint.auth == "cookie" else bearer
            url = base + urllib.parse.quote(path, safe="/?=&")
            tried = []
            for _ in range(rounds):
                before = wrk(me.name, base + me.path, load, bearer)
                figure = wrk(endpoint.name, url, load, headers)
                after = wrk(me.name, base + me.path, load, bearer)
                reference = (before.rate + after.rate) / 2
                tried.append((figure.rate / reference if reference else 0.0, figure, reference))
            ratio, figure, reference = sorted(tried, key=lambda x: x[0])[len(tried) // 2]
            print(
                f"  {endpoint.path}: {figure.rate:.1f}/s p99 {figure.p99_ms:.1f} ms, "
                f"{ratio:.2f}× /api/v1/me ({reference:.0f}/s around it), {figure.failed} failed",
                flush=True,
            )
            figures.append(Measured(figure, ratio, reference, [x[0] for x in tried]))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return Run(label, reviews, load, figures, when, rounds)


def section(runs: list[Run], *, command: str, note: str = "") -> str:
    """The runs as a Markdown section (one table per run)."""
    out = []
    for run in runs:
        out.append(
            f"**{run.label}**: measured {run.when} on {platform.machine()}, Python "
            f"{platform.python_version()}, `fupan serve` (gunicorn, 2 sync workers, SQLite), "
            f"`{run.load.describe()}` per measurement; each endpoint in {run.rounds} rounds, "
            "each round `/api/v1/me`, the endpoint, `/api/v1/me` again (the ratio is to the "
            "mean of the two); the round with the median ratio is shown. "
            f"Command: `{command}`.\n"
        )
        out.append(
            "| request | req/s | × `/api/v1/me` (rounds) | `/api/v1/me` req/s | p50 ms | "
            "p99 ms | failed | KiB |"
        )
        out.append("|---|---|---|---|---|---|---|---|")
        for endpoint, m in zip(ENDPOINTS, run.figures, strict=True):
            f = m.figure
            mark = ""
            if endpoint.target:
                held = m.ratio >= 0.5 and f.p99_ms < 100 and f.failed == 0
                mark = " ✔" if held else " ✘"
            rounds = ", ".join(f"{r:.2f}" for r in m.ratios)
            out.append(
                f"| {f.name} | {f.describe_rate()} | **{m.ratio:.2f}**{mark} ({rounds}) | "
                f"{m.reference:,.0f} | {f.p50_ms:.1f} | {f.p99_ms:.1f} | {f.failed} | "
                f"{f.kib:.1f} |"
            )
        out.append("")
    if note:
        out.append(note)
    return "\n".join(out)
