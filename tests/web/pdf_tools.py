"""The report PDF tests' helpers: Poppler's and zbar's tools (skipped locally without
them, failed in CI, like the PostgreSQL tests), a fully signed review, and downloads."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from application.desk import ReviewDesk
from tests import scenario as s
from tests.web.conftest import PASSWORD, account, own_review

TOOLS = ("pdftotext", "pdffonts", "pdfsig", "pdftoppm", "zbarimg")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pdf"


def require_tools() -> None:
    """Skip (fail under CI=true) without Poppler's utilities, zbar or WeasyPrint's fonts."""
    missing = [t for t in TOOLS if shutil.which(t) is None]
    fonts = subprocess.run(["fc-list"], capture_output=True, text=True, check=False).stdout
    if "Noto Sans CJK SC" not in fonts:
        missing.append("fonts-noto-cjk")
    try:
        import weasyprint  # loads Pango
    except OSError:
        missing.append("libpango-1.0-0 libpangoft2-1.0-0")
    else:
        del weasyprint
    if missing:
        message = (
            f"missing {', '.join(missing)}: apt-get install poppler-utils zbar-tools "
            "fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 (README, setup)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)


def run(*command: str | Path) -> str:
    done = subprocess.run(
        [str(c) for c in command], capture_output=True, text=True, check=False, timeout=120
    )
    return done.stdout


def signed_review(desk: ReviewDesk) -> UUID:
    """A review sent, signed in every slot (the web tests' own accounts with their
    password) and closed."""
    rid = own_review(desk)
    desk.send_for_signature(rid, actor=s.OFFICER)
    sign_every_slot(desk, rid)
    desk.close_review(rid, actor=s.OFFICER)
    return rid


def sign_every_slot(desk: ReviewDesk, rid: UUID) -> None:
    mine = {account("investigator"), account("signatory")}
    for slot in s.slots(desk, rid):
        holder = UUID(slot["holder"])
        if holder in mine:
            desk.sign(rid, slot=slot["slot"], actor=holder, password=PASSWORD)
        else:
            s.sign(desk, rid, slot["slot"], holder)


def download(browser: Any, path: str, target: Path) -> Path:
    response = browser.get(path)
    assert response.status_code == 200, response.text[:500]
    assert response.mimetype == "application/pdf"
    target.write_bytes(response.data)
    return target
