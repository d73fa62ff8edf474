"""The suite-wide log canary: every log line the whole suite writes is scanned for the
canary personal values.

Each test process (each xdist worker) writes every log record, from INFO up, to a file of
its own under pytest's base temporary directory, and gives ``FUPAN_LOG_FILE`` to the
processes its tests start (``fupan serve``, gunicorn's workers, ``fupan checkpoint``), which
append their lines there too. When the session ends, the controller (after every worker
has finished) reads every line of every such file and fails the run if a canary value is
in one, naming the file and the line.

Canary values: the tests' planted personal data all begin with 金丝雀 ("canary"), and the
planted identity number is ``CANARY_ID``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CANARY_ID = "999999201001010016"
CANARIES = ("金丝雀", CANARY_ID)
FOLDER = "fupan-logs"


def log_files(base: Path) -> list[Path]:
    """The log files of the process whose base temporary directory is ``base`` and of its
    xdist workers (whose base directories lie one level down)."""
    return sorted([*base.glob(f"{FOLDER}/*.log"), *base.glob(f"*/{FOLDER}/*.log")])


def canary_lines(base: Path) -> list[str]:
    """Every line of those files holding a canary value, as 'file:line: text'."""
    found = []
    for file in log_files(base):
        with file.open(encoding="utf-8", errors="replace") as lines:
            for number, line in enumerate(lines, 1):
                if any(canary in line for canary in CANARIES):
                    found.append(f"{file}:{number}: {line.rstrip()[:300]}")
    return found


def _worker(config: pytest.Config) -> str:
    workerinput = getattr(config, "workerinput", None)
    return str(workerinput["workerid"]) if workerinput else "main"


@pytest.fixture(scope="session", autouse=True)
def log_to_a_file(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """This process's log file (and its subprocesses')."""
    folder = tmp_path_factory.getbasetemp() / FOLDER
    folder.mkdir(exist_ok=True)
    worker = _worker(request.config)
    path = folder / f"{worker}.log"
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    os.environ["FUPAN_LOG_FILE"] = str(folder / f"{worker}-processes.log")
    try:
        yield path
    finally:
        os.environ.pop("FUPAN_LOG_FILE", None)
        root.setLevel(old_level)
        root.removeHandler(handler)
        handler.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if hasattr(session.config, "workerinput"):
        return  # a worker: the controller scans once every worker is done
    base = session.config._tmp_path_factory.getbasetemp()  # pytest's own
    found = canary_lines(base)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    scanned = len(log_files(base))
    if found:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter is not None:
            reporter.write_line(
                f"LOG CANARY: a planted personal value is in {len(found)} log line(s):", red=True
            )
            for line in found[:50]:
                reporter.write_line(f"  {line}", red=True)
    elif reporter is not None and scanned:
        reporter.write_line(f"log canary: {scanned} log files scanned, no canary value found")
