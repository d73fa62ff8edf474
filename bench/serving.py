"""Serving figures: ``fupan serve`` (gunicorn) processes on a kept store, loaded by wrk.

wrk is a real load generator (``apt-get install wrk``; ``make bench`` installs it when
missing). Every endpoint is measured with the same wrk threads and connections, one after
the other in one run, so that ratios between endpoints cancel most of the machine's noise.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

HERE = Path(__file__).parent
REPORT_SCRIPT = HERE / "report.lua"


@dataclass(frozen=True)
class Load:
    threads: int = 1
    connections: int = 4
    seconds: int = 10
    timeout: int = 30

    def describe(self) -> str:
        return f"wrk -t{self.threads} -c{self.connections} -d{self.seconds}s --latency"


@dataclass(frozen=True)
class Figure:
    name: str
    rate: float  # successful requests per second
    p50_ms: float
    p99_ms: float
    requests: int
    failed: int  # non-2xx/3xx, timeouts and socket errors
    kib: float  # mean response size

    def describe_rate(self) -> str:
        if self.requests == 0 or self.rate == 0:
            return "none finished"
        return f"{self.rate:,.1f}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fupan_command() -> str:
    return shutil.which("fupan", path=os.path.dirname(sys.executable)) or "fupan"


@contextmanager
def server(
    environ: Mapping[str, str], *, workers: int = 2, port: int | None = None
) -> Iterator[str]:
    """``fupan serve`` with this environment; yields its base URL once /healthz answers."""
    port = port or free_port()
    env = {**os.environ, **environ}
    # The logs (a line per request) go to a file: a pipe nobody reads would fill and stall
    # the workers under load.
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed below, after the server
    process = subprocess.Popen(
        [fupan_command(), "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process, log)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def wait_until_up(
    base: str, process: subprocess.Popen[bytes], log: IO[bytes], limit: float = 900
) -> None:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        if process.poll() is not None:
            log.seek(0)
            error = log.read().decode(errors="replace")
            raise RuntimeError(f"fupan serve exited: {error[-2000:]}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    raise RuntimeError("fupan serve did not answer /healthz in time")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def session_cookie(base: str, username: str, password: str) -> str:
    """Sign in through the login form (CSRF token included); the session cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "the login page has a CSRF token"
    body = urllib.parse.urlencode(
        {"csrf_token": token.group(1), "username": username, "password": password}
    ).encode()
    try:
        opener.open(f"{base}/login", body)
    except urllib.error.HTTPError as e:
        if e.code != 302:
            raise
    # As a browser does: follow the redirect and keep the cookie that page set (it carries
    # the CSRF secret the pages' forms are signed with; an older cookie would have every
    # request set it again).
    opener.open(f"{base}/").read()
    cookies = {c.name: c.value for c in jar}
    assert "fupan_session" in cookies, "signed in"
    return f"fupan_session={cookies['fupan_session']}"


def api_token(base: str, username: str, password: str) -> str:
    request = urllib.request.Request(
        f"{base}/api/v1/tokens",
        data=json.dumps({"username": username, "password": password}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        return str(json.loads(response.read())["token"])


def get_json(url: str, headers: Mapping[str, str]) -> Any:
    request = urllib.request.Request(url, headers=dict(headers))
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read())


def wrk(
    name: str,
    url: str,
    load: Load,
    headers: Mapping[str, str] | None = None,
    script: Path = REPORT_SCRIPT,
    env: Mapping[str, str] | None = None,
) -> Figure:
    """Run wrk against ``url``; the figure counts only successful requests."""
    command = [
        shutil.which("wrk") or "wrk",
        f"-t{load.threads}",
        f"-c{load.connections}",
        f"-d{load.seconds}s",
        f"--timeout={load.timeout}s",
        "--latency",
        "-s",
        str(script),
    ]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    done = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    line = next(x for x in done.stdout.splitlines() if x.startswith("WRK-JSON "))
    r = json.loads(line.removeprefix("WRK-JSON "))
    failed = r["status"] + r["timeout"] + r["connect"] + r["read"] + r["write"]
    ok = max(r["requests"] - r["status"] - r["timeout"], 0)
    seconds = r["duration_us"] / 1e6
    return Figure(
        name=name,
        rate=ok / seconds if seconds else 0.0,
        p50_ms=r["p50_us"] / 1000,
        p99_ms=r["p99_us"] / 1000,
        requests=r["requests"],
        failed=failed,
        kib=r["bytes"] / max(r["requests"], 1) / 1024,
    )
