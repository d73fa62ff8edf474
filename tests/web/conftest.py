"""A real app on a temporary SQLite store, a settable clock, accounts per role, and a
signed-in test client helper that goes through the login form (CSRF included)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from flask import Flask
from flask.testing import FlaskClient

from application.desk import ReviewDesk
from infrastructure.clock import SettableClock
from tests import scenario as s
from tests.files import samples
from web import create_app
from web.app import desk as desk_of

PASSWORD = "correct-horse-battery-9"
ACCOUNTS = {
    # username: (role, jurisdictions, display name)
    "officer": ("case_officer", ["测试区"], "测试区案件专员"),
    "officer.other": ("case_officer", ["另一区"], "另一区案件专员"),
    "officer.city": ("case_officer", [], "市级案件专员"),
    "investigator": ("investigator", [], "调查人员甲"),
    "signatory": ("signatory", [], "签字人甲"),
    "inspector": ("inspector", [], "督导甲"),
    "admin": ("administrator", [], "管理员甲"),
    "admin.second": ("administrator", [], "管理员乙"),
}


@pytest.fixture
def extra_environ() -> dict[str, str]:
    """More of the app's environment, for a test module to override (an SMTP server)."""
    return {}


@pytest.fixture
def app(tmp_path: Path, clock: SettableClock, extra_environ: dict[str, str]) -> Iterator[Flask]:
    environ = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "var"), **extra_environ}
    app = create_app({"environ": environ, "CLOCK": clock})
    desk = desk_of(app)
    for username, (role, jurisdictions, name) in ACCOUNTS.items():
        desk.create_account(
            city_wide=username == "officer.city",
            username=username,
            display_name=name,
            role=role,
            password=PASSWORD,
            jurisdictions=jurisdictions,
            actor=s.OFFICER,
        )
    yield app
    desk.close()


@pytest.fixture
def desk(app: Flask) -> ReviewDesk:
    return desk_of(app)


def token_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "the page has a CSRF token"
    return found.group(1)


class Browser:
    """A test client used as a person would: pages, forms with their CSRF token."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client
        self.token = ""

    def get(self, url: str, **kwargs: Any) -> Any:
        response = self.client.get(url, **kwargs)
        if b'name="csrf_token"' in response.data:
            self.token = token_of(response.text)
        return response

    def post(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        if not self.token:
            self.get("/login")
        return self.client.post(url, data={"csrf_token": self.token, **(data or {})}, **kwargs)

    def login(self, username: str, password: str = PASSWORD) -> Any:
        self.get("/login")
        response = self.post("/login", {"username": username, "password": password})
        self.get("/", follow_redirects=True) if response.status_code == 302 else None
        return response


@pytest.fixture
def browser(app: Flask) -> Browser:
    return Browser(app.test_client())


@pytest.fixture
def as_user(app: Flask) -> Any:
    """A factory of signed-in browsers, one per username."""

    def sign_in(username: str) -> Browser:
        b = Browser(app.test_client())
        assert b.login(username).status_code == 302
        return b

    return sign_in


def account(username: str) -> UUID:
    return s.account_id_for(username)


def own_review(desk: ReviewDesk) -> UUID:
    """A review of 测试区 with the test investigator and signatory appointed, all four
    parties covered, ready to be sent."""
    rid = s.ready(desk)
    desk.remove_member(rid, account_id=s.MEMBERS["expert"], actor=s.OFFICER)
    desk.appoint_member(
        rid, account_id=account("investigator"), name="调查人员甲", party="expert", actor=s.OFFICER
    )
    desk.designate_signatory(
        rid, role="principal", account_id=account("signatory"), name="签字人甲", actor=s.OFFICER
    )
    return rid


ROUND_TITLE = "测试区与另一区的工作清单"


def checklist_round(desk: ReviewDesk) -> UUID:
    """A round of the shipped work list issued to 测试区 and 另一区, with an evidence file
    for item 1 in each column."""
    desk.ensure_shipped_templates(actor=s.OFFICER)
    places = ["测试区", "另一区"]
    for place in places:
        desk.ensure_reference(kind="jurisdiction", code=place, actor=s.OFFICER, source="test")
    rid = desk.issue_round(
        template="notice-2023-autumn",
        title=ROUND_TITLE,
        starts_on="2026-08-01",
        ends_on="2026-12-31",
        jurisdictions=places,
        actor=s.OFFICER,
    )
    for place in places:
        desk.add_round_evidence(
            rid,
            place,
            number=1,
            content=samples.pdf(),
            filename="专题会议纪要.pdf",
            actor=s.OFFICER,
        )
    return rid


def other_review(desk: ReviewDesk) -> UUID:
    """A review of another jurisdiction, with none of the test accounts on it."""
    return s.ready(desk, jurisdiction="另一区", school="另一区中学")


class Client:
    def __init__(self, app: Flask, token: str | None = None) -> None:
        self.client = app.test_client()
        self.token = token

    def call(self, method: str, path: str, body: Any = None, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return self.client.open(
            f"/api/v1{path}", method=method, json=body, headers=headers, **kwargs
        )


@pytest.fixture
def api(app: Flask) -> Any:
    """A factory of clients signed in as a username (or anonymous)."""

    def sign_in(username: str | None = None) -> Client:
        if username is None:
            return Client(app)
        response = Client(app).call("POST", "/tokens", {"username": username, "password": PASSWORD})
        assert response.status_code == 201, response.json
        return Client(app, response.json["token"])

    return sign_in
