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
class Run:
    label: str
    reviews: int
    load: Load
    figures: list[Figure]
    when: str


def store_dir(reviews: int) -> Path:
    return STORES / f"serving-{reviews}"


def prepare(reviews: int) -> Path:
    """The kept store of ``reviews`` reviews, made or extended through the application."""
    folder = store_dir(reviews)
    print(f"store {folder}: {reviews} reviews (made once, then kept)", flush=True)
    population.ensure(folder, reviews)
    return folder


def measure(reviews: int, load: Load, label: str) -> Run:
    folder = prepare(reviews)
    environ = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(folder.resolve())}
    figures = []
    with server(environ, workers=2) as base:
        cookie = {"Cookie": session_cookie(base, population.OFFICER, population.PASSWORD)}
        token = api_token(base, population.OFFICER, population.PASSWORD)
        bearer = {"Authorization": f"Bearer {token}"}
        first = get_json(f"{base}/api/v1/reviews?limit=1&status=investigating", bearer)
        review_id = first["items"][0]["id"]
        for endpoint in ENDPOINTS:
            path = endpoint.path.replace("{id}", review_id)
            headers = cookie if endpoint.auth == "cookie" else bearer
            figure = wrk(endpoint.name, base + urllib.parse.quote(path, safe="/?=&"), load, headers)
            print(
                f"  {endpoint.path}: {figure.rate:.1f}/s p99 {figure.p99_ms:.1f} ms "
                f"({figure.failed} failed)",
                flush=True,
            )
            figures.append(figure)
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return Run(label, reviews, load, figures, when)


def section(runs: list[Run], *, command: str, note: str = "") -> str:
    """The runs as a Markdown section (one table per run)."""
    out = []
    for run in runs:
        reference = next(f for f in run.figures if "/api/v1/me" in f.name).rate
        out.append(
            f"**{run.label}**: {run.reviews:,} reviews, measured {run.when} on "
            f"{platform.machine()}, Python {platform.python_version()}, `fupan serve` "
            f"(gunicorn, 2 sync workers, SQLite), `{run.load.describe()}` per endpoint, "
            f"one after the other. Command: `{command}`.\n"
        )
        out.append("| request | req/s | × `/api/v1/me` | p50 ms | p99 ms | failed | KiB |")
        out.append("|---|---|---|---|---|---|---|")
        for endpoint, f in zip(ENDPOINTS, run.figures, strict=True):
            ratio = f"{f.rate / reference:.2f}" if reference else "—"
            mark = ""
            if endpoint.target and reference:
                held = f.rate >= 0.5 * reference and f.p99_ms < 100 and f.failed == 0
                mark = " ✔" if held else " ✘"
            out.append(
                f"| {f.name} | {f.describe_rate()} | {ratio}{mark} | {f.p50_ms:.1f} | "
                f"{f.p99_ms:.1f} | {f.failed} | {f.kib:.1f} |"
            )
        out.append("")
    if note:
        out.append(note)
    return "\n".join(out)
