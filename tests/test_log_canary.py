"""The suite-wide log canary works: this process's log lines reach its file, the
processes the tests start are told where to write theirs, and a planted value is found."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from tests.log_canary import CANARY_ID, FOLDER, canary_lines


def test_this_processs_log_lines_reach_its_file(log_to_a_file: Path) -> None:
    logging.getLogger("fupan.test").info("a line for the canary's file")
    assert "a line for the canary's file" in log_to_a_file.read_text("utf-8")
    assert Path(os.environ["FUPAN_LOG_FILE"]).parent == log_to_a_file.parent


def test_a_planted_canary_value_is_found_wherever_it_is(tmp_path: Path) -> None:
    logs = tmp_path / "popen-gw1" / FOLDER
    logs.mkdir(parents=True)
    (logs / "gw1.log").write_text("a clean line\nanother\n", "utf-8")
    assert canary_lines(tmp_path) == []
    (logs / "gw1-processes.log").write_text(f"ok\nGET /x name=金丝雀某某 id={CANARY_ID}\n", "utf-8")
    [found] = canary_lines(tmp_path)
    assert found.startswith(f"{logs / 'gw1-processes.log'}:2: ")
