"""Odd input is refused cleanly, never a 500 and never a traceback in the log (issue 13);
implausible dates are refused; 405 keeps ``Allow``; personal data is masked in the API
unless revealed, and the reveal is recorded."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from application.desk import ReviewDesk
from tests import scenario as s
from tests.web.conftest import account, own_review

INCIDENT = {
    "occurred_on": "2026-11-18",
    "school": "测试区第二中学",
    "jurisdiction": "测试区",
    "category": "other",
    "on_premises": False,
    "student": {"name": "测试学生乙", "gender": "female"},
}


def body(**school: str) -> str:
    return json.dumps({"incident": {**INCIDENT, **school}, "confirm_duplicate": True})


ODD: dict[str, tuple[str, str, int, str]] = {
    # name: (path, raw body, status, the field the refusal names)
    "lone surrogate in the username": (
        "/tokens",
        '{"username": "a\\ud800", "password": "x"}',
        422,
        "username",
    ),
    "lone surrogate in the password": (
        "/tokens",
        '{"username": "officer", "password": "\\udfff"}',
        422,
        "password",
    ),
    "lone surrogate in a key": ("/tokens", '{"user\\ud800": "a", "password": "x"}', 422, "user?"),
    "arrays nested 100,000 deep": ("/tokens", "[" * 100_000 + "]" * 100_000, 400, "_body"),
    "objects nested 50,000 deep": ("/reviews", '{"a":' * 50_000 + "1" + "}" * 50_000, 400, "_body"),
    "a 5,000-digit number": ("/reviews", '{"incident": ' + "9" * 5000 + "}", 400, "_body"),
    "lone surrogate in the school": ("/reviews", body(school="\ud800"), 422, "incident.school"),
    "a bidirectional override": ("/reviews", body(school="东湖\u202e中学"), 422, "incident.school"),
    "a C1 control character": ("/reviews", body(school="东湖\u0085中学"), 422, "incident.school"),
    "a NUL": ("/reviews", body(school="东湖\u0000中学"), 422, "incident.school"),
    "not JSON": ("/reviews", '{"incident": ', 400, "_body"),
    "bad UTF-8": ("/tokens", '{"username": "\xff"}', 400, "_body"),
}


@pytest.mark.parametrize("case", list(ODD), ids=list(ODD))
def test_odd_input_is_a_clean_refusal_naming_the_place(
    api: Any, desk: ReviewDesk, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    path, raw, status, field = ODD[case]
    client = api("officer")
    before = len(desk.list_reviews())
    data = raw.encode("latin-1") if case == "bad UTF-8" else raw.encode("utf-8", "surrogatepass")
    with caplog.at_level(logging.INFO):
        response = client.call("POST", path, None, data=data, content_type="application/json")
    assert response.status_code == status, response.json
    assert field in response.json["errors"]
    assert len(desk.list_reviews()) == before
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_a_text_field_keeps_line_breaks_and_tabs(api: Any, desk: ReviewDesk) -> None:
    rid = own_review(desk)
    text = (
        "第一段：\t该生平时表现良好，学习成绩中等。\r\n"
        "第二段：事发前两周情绪有明显波动，同学有所察觉。"
    )
    answer = api("investigator").call(
        "PUT", f"/reviews/{rid}/aspects/daily_conduct", {"text": text}
    )
    assert answer.status_code == 200, answer.json


@pytest.mark.parametrize(
    ("occurred_on", "reason"), [("0001-01-01", "2000"), ("1999-12-31", "2000")]
)
def test_an_implausible_incident_date_is_refused(api: Any, occurred_on: str, reason: str) -> None:
    answer = api("officer").call("POST", "/reviews", json.loads(body(occurred_on=occurred_on)))
    assert answer.status_code == 422
    assert reason in answer.json["errors"]["occurred_on"][0]


@pytest.mark.parametrize(
    ("due_on", "why"),
    [("9999-12-31", "3"), ("2029-11-21", "3"), ("2026-11-17", "事件")],
)
def test_a_measure_due_before_the_incident_or_past_the_horizon_is_refused(
    api: Any, desk: ReviewDesk, due_on: str, why: str
) -> None:
    rid = own_review(desk)
    risk = desk.get_review(rid)["risk_points"][0]["id"]
    answer = api("investigator").call(
        "POST",
        f"/reviews/{rid}/measures",
        {"description": "家校联系", "addresses": [risk], "owner": "德育处", "due_on": due_on},
    )
    assert answer.status_code == 422
    assert why in answer.json["errors"]["due_on"][0]
    ok = api("investigator").call(
        "POST",
        f"/reviews/{rid}/measures",
        {"description": "家校联系", "addresses": [risk], "owner": "德育处", "due_on": "2029-11-20"},
    )
    assert ok.status_code == 201, ok.json


def test_a_405_keeps_the_allow_header(api: Any) -> None:
    answer = api("officer").call("PUT", "/tokens", {})
    assert answer.status_code == 405
    assert "POST" in answer.headers["Allow"]


# ---- personal data in the API ------------------------------------------------------


def test_the_api_masks_the_student_unless_revealed_and_records_the_reveal(
    api: Any, desk: ReviewDesk
) -> None:
    rid = own_review(desk)
    client = api("investigator")
    shown = client.call("GET", f"/reviews/{rid}").json["incident"]["student"]
    assert shown == {"name": "测**", "gender": "female", "grade": "初二（3）班"}
    history = json.dumps(client.call("GET", f"/reviews/{rid}/history").json, ensure_ascii=False)
    assert s.STUDENT["name"] not in history
    assert s.SYNTHETIC_ID_NUMBER not in history
    reads = [
        r["what"] for r in desk.access_records(rid) if r["actor"] == str(account("investigator"))
    ]
    assert "personal_data" not in reads
    revealed = client.call("GET", f"/reviews/{rid}?reveal=personal_data").json
    assert revealed["incident"]["student"]["name"] == s.STUDENT["name"]
    assert revealed["incident"]["student"]["id_number"] == s.SYNTHETIC_ID_NUMBER
    full = client.call("GET", f"/reviews/{rid}/history?reveal=personal_data").json
    assert s.SYNTHETIC_ID_NUMBER in json.dumps(full)
    reads = [
        r["what"] for r in desk.access_records(rid) if r["actor"] == str(account("investigator"))
    ]
    assert reads.count("personal_data") == 2
    refused = client.call("GET", f"/reviews/{rid}?reveal=everything")
    assert refused.status_code == 422
