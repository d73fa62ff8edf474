"""The composition root: configuration in, a ready application out. Nothing at import time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any
from uuid import UUID

from flask import Flask, jsonify

from application.desk import ReviewDesk
from application.ports import Clock
from infrastructure.clock import SystemClock
from infrastructure.crypto.keystore import DataKeyStore
from infrastructure.crypto.master import load_keyring
from infrastructure.crypto.personal_keys import PersonalKeys
from infrastructure.integrity.server_keys import ServerKeys
from infrastructure.passwords import Argon2Passwords
from infrastructure.settings import Settings
from infrastructure.web_state import ApiTokens, LoginThrottle, SessionStore

DESK = "fupan.desk"
SETTINGS = "fupan.settings"
SESSIONS = "fupan.sessions"
THROTTLE = "fupan.throttle"
TOKENS = "fupan.tokens"


def build_desk(settings: Settings, clock: Clock | None = None) -> ReviewDesk:
    """A ReviewDesk on the configured store, with its master keyring and password hasher.

    The data directory is created if needed; outside production a master key is generated
    there when none is configured.
    """
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    keyring = load_keyring(settings, create=settings.mode != "production")
    time_cost, memory = settings.argon2_costs
    return ReviewDesk(
        settings.desk_env(),
        clock=clock or SystemClock(),
        keys=DataKeyStore(keyring),
        passwords=Argon2Passwords(time_cost, memory),
        signing_keys=PersonalKeys(time_cost, memory),
        min_aspect_chars=settings.min_aspect_chars,
    )


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the web app; ``config`` may hold ``environ`` (a mapping), ``CLOCK`` and Flask
    settings."""
    from web import api, errors, i18n, security
    from web.views import admin, audit, auth, reviews, signing, tasks

    config = dict(config or {})
    settings = Settings.from_environ(config.pop("environ", None))
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.session_secret(),
        SESSION_COOKIE_NAME="fupan_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.mode == "production",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        MAX_CONTENT_LENGTH=1024 * 1024,
        WTF_CSRF_TIME_LIMIT=None,  # the session's own timeouts bound it
        DEBUG=False,
    )
    app.config.update(config)
    app.extensions[SETTINGS] = settings
    app.extensions[DESK] = app_desk = build_desk(settings, config.get("CLOCK"))
    app.extensions[SESSIONS] = SessionStore(app_desk.recorder)  # type: ignore[arg-type]
    app.extensions[THROTTLE] = LoginThrottle(app_desk.recorder)  # type: ignore[arg-type]
    app.extensions[TOKENS] = ApiTokens(app_desk.recorder)  # type: ignore[arg-type]

    i18n.init_app(app)
    security.init_app(app)
    api.init_app(app)
    errors.init_app(app)
    for blueprint in (auth.bp, reviews.bp, signing.bp, audit.bp, tasks.bp, admin.bp):
        app.register_blueprint(blueprint)

    @app.get("/healthz")
    @security.public
    def healthz() -> Any:
        """Liveness: the process is up and the store answers."""
        desk(app).list_reviews(status="registered")
        return jsonify(status="ok")

    return app


def desk(app: Flask) -> ReviewDesk:
    return app.extensions[DESK]  # type: ignore[no-any-return]


def end_access(app: Flask, account_id: UUID) -> None:
    """End every session and API token of an account (disabled, password reset or changed)."""
    app.extensions[SESSIONS].close_all(account_id)
    app.extensions[TOKENS].revoke_all(account_id)


def server_keys(app: Flask) -> ServerKeys:
    """The server's signing keys (checkpoints, audit bundles), wrapped by the master key."""
    app_desk = desk(app)
    return ServerKeys(app_desk.recorder, app_desk.keys.keyring)  # type: ignore[attr-defined]


def settings_of(app: Flask) -> Settings:
    return app.extensions[SETTINGS]  # type: ignore[no-any-return]
