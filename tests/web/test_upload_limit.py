"""The largest request body accepted is configured (FUPAN_MAX_UPLOAD_MB); a larger one is
refused with 413 before any view reads it."""

from __future__ import annotations

from pathlib import Path

from infrastructure.clock import SettableClock
from web import create_app
from web.app import services


def test_a_body_over_the_configured_limit_is_refused(tmp_path: Path, clock: SettableClock) -> None:
    environ = {"FUPAN_ENV": "test", "FUPAN_DATA_DIR": str(tmp_path / "var")}
    app = create_app({"environ": {**environ, "FUPAN_MAX_UPLOAD_MB": "2"}, "CLOCK": clock})
    try:
        assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
        client = app.test_client()
        refused = client.post("/login", data={"username": "x" * (3 * 1024 * 1024)})
        assert refused.status_code == 413
    finally:
        services(app).desk.close()
