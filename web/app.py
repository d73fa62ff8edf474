"""The composition root: configuration in, a ready application out. Nothing at import time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, jsonify

from application.desk import ReviewDesk
from application.ports import Clock
from infrastructure.clock import SystemClock
from infrastructure.crypto.keystore import DataKeyStore
from infrastructure.crypto.master import load_keyring
from infrastructure.integrity.server_keys import ServerKeys
from infrastructure.settings import Settings

DESK = "fupan.desk"
SETTINGS = "fupan.settings"


def build_desk(settings: Settings, clock: Clock | None = None) -> ReviewDesk:
    """A ReviewDesk on the configured store, with its master keyring.

    The data directory is created if needed; outside production a master key is generated
    there when none is configured.
    """
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    keyring = load_keyring(settings, create=settings.mode != "production")
    return ReviewDesk(
        settings.desk_env(),
        clock=clock or SystemClock(),
        keys=DataKeyStore(keyring),
        min_aspect_chars=settings.min_aspect_chars,
    )


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the web app; ``config`` may hold ``environ`` (a mapping) and Flask settings."""
    config = dict(config or {})
    settings = Settings.from_environ(config.pop("environ", None))
    app = Flask(__name__)
    app.config.update(config)
    app.extensions[SETTINGS] = settings
    app.extensions[DESK] = build_desk(settings, config.get("CLOCK"))

    @app.get("/healthz")
    def healthz() -> Any:
        """Liveness: the process is up and the store answers."""
        desk(app).list_reviews(status="registered")
        return jsonify(status="ok")

    return app


def desk(app: Flask) -> ReviewDesk:
    return app.extensions[DESK]  # type: ignore[no-any-return]


def server_keys(app: Flask) -> ServerKeys:
    """The server's signing keys (checkpoints, audit bundles), wrapped by the master key."""
    app_desk = desk(app)
    return ServerKeys(app_desk.recorder, app_desk.keys.keyring)  # type: ignore[attr-defined]


def settings_of(app: Flask) -> Settings:
    return app.extensions[SETTINGS]  # type: ignore[no-any-return]
