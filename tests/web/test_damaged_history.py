"""Issue 13: tampering with a stream that has a snapshot is a finding on the integrity page,
in the API and in ``fupan verify`` (never a crash), and the review page and the API show
the review as damaged, naming the damage, instead of a stale snapshot or a 500."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

from application.desk import ReviewDesk
from tests.integration.raw import Raw
from tests.integration.tampering import TAMPERING, long_review
from web.cli import main


@pytest.mark.parametrize("name", list(TAMPERING))
def test_a_damaged_review_is_a_finding_everywhere_and_never_a_crash(
    app: Flask, desk: ReviewDesk, as_user: Any, api: Any, tmp_path: Path, name: str
) -> None:
    rid = long_review(desk)
    assert "第52稿" in as_user("officer").get(f"/reviews/{rid}").text
    problem, version = TAMPERING[name](Raw(desk), rid)
    desk._uncache(rid)  # this process's aggregate cache holds the copy it read before

    # The operator's command reports, exit 1, no traceback.
    environ = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "var")}
    result = CliRunner().invoke(main, ["verify"], env=environ, catch_exceptions=False)
    assert result.exit_code == 1
    assert f"[{problem}]" in result.output
    assert "Traceback" not in result.output

    # The inspector's page and API answer 200 with the finding.
    answer = api("inspector").call("GET", "/integrity")
    assert answer.status_code == 200
    assert answer.json["ok"] is False
    [message] = {p["message"] for p in answer.json["problems"] if p["problem"] == problem}
    assert any("\u4e00" <= c <= "\u9fff" for c in message), "explained in Chinese"
    page = as_user("inspector").get("/audit/integrity")
    assert page.status_code == 200
    assert problem in page.text
    assert message in page.text

    # The review shows the damage, in Chinese by default, not the snapshot's content.
    officer = as_user("officer")
    shown = officer.get(f"/reviews/{rid}")
    assert shown.status_code == 409
    assert "该复盘的存储历史已损坏" in shown.text
    assert problem in shown.text
    assert "第52稿" not in shown.text
    officer.client.set_cookie("fupan_lang", "en")
    assert "stored history is damaged" in officer.get(f"/reviews/{rid}").text
    refused = api("officer").call("GET", f"/reviews/{rid}")
    assert refused.status_code == 409
    assert refused.json["code"] == "review_damaged"
    [damage] = refused.json["errors"]["damage"]
    assert (damage["problem"], damage["stream"], damage["version"]) == (problem, str(rid), version)
    # The dashboard still lists it; an officer of another district learns nothing.
    assert officer.get("/").status_code == 200
    assert as_user("officer.other").get(f"/reviews/{rid}").status_code == 404
    assert api("officer.other").call("GET", f"/reviews/{rid}").status_code == 404
