"""Two hosts' worth: two ``fupan serve`` processes on different ports, each with its own
data directory, over one PostgreSQL, sharing only their configuration (the server secret
and the master key). A session started on one is valid on the other; failed password
checks counted on one lock the other; two writes of one review, one through each, race:
one wins, the other is a conflict."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from infrastructure.settings import Settings
from tests import scenario as s
from tests.conftest import postgres_params
from web.app import build_desk

pytestmark = pytest.mark.postgres
PASSWORD = "two-hosts-passphrase-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Host:
    """One ``fupan serve`` process (one gunicorn worker) and a client for it."""

    def __init__(self, environ: dict[str, str], log: Path) -> None:
        self.base = f"http://127.0.0.1:{free_port()}"
        self.log = log.open("wb")
        fupan = str(Path(sys.executable).with_name("fupan"))
        port = self.base.rsplit(":", 1)[1]
        self.process = subprocess.Popen(
            [fupan, "serve", "--port", port, "--workers", "1"],
            env={**os.environ, **environ},
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5):
                    return
            except OSError:  # refused, reset, timed out: not up yet
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("fupan serve did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()

    def call(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as refused:
            with refused:
                return refused.code, json.loads(refused.read() or b"null")

    def token(self, username: str, password: str = PASSWORD) -> tuple[int, Any]:
        return self.call("POST", "/api/v1/tokens", {"username": username, "password": password})


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def page(
    opener: urllib.request.OpenerDirector,
    url: str | urllib.request.Request,
    data: bytes | None = None,
) -> tuple[int, str]:
    """(status, body) of a page; redirects are answers too."""
    try:
        with opener.open(url, data, timeout=30) as answer:
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as answer:
        with answer:
            return answer.code, answer.read().decode()


@pytest.fixture
def hosts(tmp_path: Path, postgres_schema: str) -> Iterator[tuple[Host, Host]]:
    shared = {
        "FUPAN_ENV": "test",
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_SCHEMA": postgres_schema,
        "FUPAN_SECRET_KEY": "two-hosts-share-this-server-secret-of-48-characters",
        **postgres_params(),
    }
    first_dir = tmp_path / "host-a"
    desk = build_desk(Settings.from_environ({**shared, "FUPAN_DATA_DIR": str(first_dir)}))
    desk.create_account(
        username="two.officer",
        display_name="专员",
        role="case_officer",
        password=PASSWORD,
        city_wide=True,
        actor=s.OFFICER,
    )
    desk.add_reference(kind="jurisdiction", code="测试区", label="测试区", actor=s.OFFICER)
    desk.close()
    key = {"FUPAN_MASTER_KEY_FILE": str(first_dir / "master.key")}
    started: list[Host] = []
    try:
        for name in ("host-a", "host-b"):
            data_dir = {"FUPAN_DATA_DIR": str(tmp_path / name)}
            started.append(Host({**shared, **key, **data_dir}, tmp_path / f"{name}.log"))
        yield started[0], started[1]
    finally:
        for host in started:
            host.stop()


def test_a_session_started_on_one_host_is_valid_on_the_other(hosts: tuple[Host, Host]) -> None:
    a, b = hosts
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    _, login = page(opener, f"{a.base}/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', login)
    assert token
    form = {"csrf_token": token.group(1), "username": "two.officer", "password": PASSWORD}
    status, _ = page(opener, f"{a.base}/login", urllib.parse.urlencode(form).encode())
    assert status == 302
    [cookie] = [c for c in jar if c.name == "fupan_session"]
    request = urllib.request.Request(
        f"{b.base}/tasks", headers={"Cookie": f"{cookie.name}={cookie.value}"}
    )
    status, body = page(urllib.request.build_opener(NoRedirect), request)
    assert status == 200, "the other host knows the session"
    assert "专员" in body


def test_failed_password_checks_counted_on_one_host_hold_on_the_other(
    hosts: tuple[Host, Host],
) -> None:
    a, b = hosts
    for _ in range(5):
        assert a.token("two.officer", "a wrong password")[0] == 401
    assert b.token("two.officer")[0] == 401, "locked everywhere, the right password too"


def test_two_writes_of_one_review_through_two_hosts_one_wins_one_conflicts(
    hosts: tuple[Host, Host],
) -> None:
    a, b = hosts
    token_a, token_b = a.token("two.officer")[1]["token"], b.token("two.officer")[1]["token"]
    status, created = a.call(
        "POST",
        "/api/v1/reviews",
        {
            "incident": {
                "occurred_on": "2026-01-05",
                "school": "两地中学",
                "jurisdiction": "测试区",
                "category": "other",
                "on_premises": False,
                "student": {"name": "测试学生"},
            }
        },
        {"Authorization": f"Bearer {token_a}"},
    )
    assert status == 201
    review = created["id"]
    gate = threading.Barrier(2)
    answers: dict[str, int] = {}

    def appoint(host: Host, token: str, party: str) -> None:
        gate.wait()
        answers[party] = host.call(
            "PATCH",
            f"/api/v1/reviews/{review}/incident",
            {"school": f"{party}更正", "reason": "校名登记有误", "expected_version": 1},
            {"Authorization": f"Bearer {token}"},
        )[0]

    threads = [
        threading.Thread(target=appoint, args=(a, token_a, "甲")),
        threading.Thread(target=appoint, args=(b, token_b, "乙")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers.values()) == [200, 409]
    status, shown = b.call(
        "GET", f"/api/v1/reviews/{review}", headers={"Authorization": f"Bearer {token_b}"}
    )
    assert (status, shown["version"]) == (200, 2)
