"""An API client with bearer tokens, on the web tests' app and accounts."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from tests.web.conftest import PASSWORD


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
