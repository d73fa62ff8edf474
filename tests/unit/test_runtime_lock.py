"""The runtime lock (requirements-runtime.txt, what `make wheelhouse` downloads) is current:
it is what pyproject.toml's dependencies need at the versions of constraints.txt, and it
holds no development tool."""

from __future__ import annotations

from pathlib import Path

from tools.runtime_lock import lock

ROOT = Path(__file__).resolve().parents[2]


def test_the_runtime_lock_is_current() -> None:
    assert (ROOT / "requirements-runtime.txt").read_text("utf-8") == lock(), (
        "run `make runtime-lock` after changing the dependencies"
    )


def test_the_runtime_lock_holds_no_development_tool() -> None:
    pinned = {
        line.split("==")[0]
        for line in (ROOT / "requirements-runtime.txt").read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    }
    assert {"flask", "eventsourcing", "cryptography", "gunicorn", "psycopg-binary"} <= pinned
    assert not pinned & {"pytest", "ruff", "mypy", "playwright", "schemathesis", "build"}
    constraints = (ROOT / "constraints.txt").read_text("utf-8").lower().replace("_", "-")
    for line in (ROOT / "requirements-runtime.txt").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            assert line in constraints, f"{line} is not constraints.txt's version"
