"""Installed as a package, fupan speaks Chinese: the wheel, built from the sources alone
(no compiled catalogue among them), carries the compiled catalogue; installed into a fresh
virtual environment it serves a login page in Chinese. The build warns about nothing.

The wheel is installed with ``--no-deps`` into a virtual environment made with
``--system-site-packages``; the dependencies installed in the project's ``.venv`` are made
visible to it by a ``.pth`` line naming that environment's site-packages, written after the
install. A directory named in a ``.pth`` line joins ``sys.path`` without its own ``.pth``
files being run, so the project's editable install (a finder started by such a file) stays
out: ``web`` is imported from the wheel, which the test checks.
"""

from __future__ import annotations

import os
import shutil
import signal
import site
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["domain", "application", "infrastructure", "web", "setup.py", "pyproject.toml"]
IGNORED = shutil.ignore_patterns("__pycache__", "*.mo", "*.orig", "*.pyc")


def quiet_environ() -> dict[str, str]:
    """The environment for building: byte-compiling allowed (its absence is warned about)."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """(the wheel, the build's output), built once from a copy of the sources: sdist, then
    the wheel from the sdist, as ``python -m build`` does."""
    tree = tmp_path_factory.mktemp("sources")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=IGNORED)
        else:
            shutil.copy2(source, tree / name)
    (tree / "README.md").write_text("# fupan\n", "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--outdir", str(tree / "dist")],
        cwd=tree,
        env=quiet_environ(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    [wheel] = (tree / "dist").glob("fupan-*.whl")
    return wheel, done.stdout + done.stderr


@pytest.fixture(scope="session")
def installed(built: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment holding the wheel; returns its bin directory."""
    wheel, _ = built
    venv = tmp_path_factory.mktemp("venv") / "fupan"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
        check=True,
        timeout=120,
    )
    python = venv / "bin" / "python"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--no-deps",
            "-q",
            "--no-index",
            str(wheel),
        ],
        check=True,
        timeout=300,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    [target] = subprocess.run(
        [str(python), "-c", "import site; print(site.getsitepackages()[0])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    Path(target, "project-dependencies.pth").write_text(
        "".join(f"{p}\n" for p in site.getsitepackages()), "utf-8"
    )
    return venv / "bin"


def test_the_build_warns_about_nothing(built: tuple[Path, str]) -> None:
    _, output = built
    assert "would be ignored" not in output
    assert "warning" not in output.lower(), output


def test_the_wheel_carries_the_compiled_catalogue(built: tuple[Path, str]) -> None:
    wheel, _ = built
    names = zipfile.ZipFile(wheel).namelist()
    assert "web/translations/zh_Hans_CN/LC_MESSAGES/messages.mo" in names
    assert "web/templates/login.html" in names
    assert "web/static/fupan.css" in names
    assert "infrastructure/common_passwords_zh.txt" in names
    assert not [n for n in names if n.startswith(("tests/", "bench/"))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(installed: Path, tmp_path: Path) -> Iterator[str]:
    """``fupan serve`` of the installed wheel, run outside the source tree."""
    port = free_port()
    environ = {
        "PATH": os.defpath,
        "FUPAN_ENV": "test",
        "FUPAN_DATA_DIR": str(tmp_path / "var"),
        "FUPAN_LOG_FILE": os.environ.get("FUPAN_LOG_FILE", str(tmp_path / "fupan.log")),
    }
    process = subprocess.Popen(
        [str(installed / "fupan"), "serve", "--port", str(port), "--workers", "1"],
        cwd=tmp_path,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5):
                    break
            except OSError:
                assert process.poll() is None, "fupan serve stopped"
                assert time.monotonic() < deadline, "fupan serve did not answer"
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_the_installed_wheel_serves_the_login_page_in_chinese(
    installed: Path, served: str, tmp_path: Path
) -> None:
    where = subprocess.run(
        [str(installed / "python"), "-c", "import web; print(web.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(installed.parent)), f"web comes from {where}, not the wheel"
    with urllib.request.urlopen(f"{served}/login", timeout=30) as answer:
        page = answer.read().decode("utf-8")
    assert 'lang="zh-CN"' in page
    assert "登录" in page
    assert "Sign in" not in page
