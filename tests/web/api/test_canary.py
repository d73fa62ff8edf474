"""A personal value planted in a review never appears in logs or error pages."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from application.desk import ReviewDesk
from tests import scenario as s

CANARY = "金丝雀姓名乙丙丁"


def test_the_canary_stays_out_of_logs_and_error_pages(
    as_user: Any, api: Any, desk: ReviewDesk, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rid = s.register(desk, student={"name": CANARY, "gender": "female"})
    officer = as_user("officer")
    other = as_user("officer.other")
    pages = [
        other.get(f"/reviews/{rid}"),  # 404: another jurisdiction
        other.get(f"/reviews/{rid}/history"),
        officer.client.post(f"/reviews/{rid}/aspects", data={"aspect": "x"}),  # 400: no CSRF
        as_user("inspector").get(f"/reviews/{rid}/access"),  # an inspector's page, no content
        as_user("admin").get(f"/reviews/{rid}"),  # 404 for administrators
        api("officer.other").call("GET", f"/reviews/{rid}"),
        api("officer").call("PUT", f"/reviews/{rid}/aspects/weather", {"text": "x"}),
        api("investigator").call("GET", f"/reviews/{rid}/history"),
    ]
    for response in pages:
        assert CANARY not in response.get_data(as_text=True)
    assert CANARY not in caplog.text
    assert CANARY in officer.post(f"/reviews/{rid}/personal-data").text, "it is there to find"
