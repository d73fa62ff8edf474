"""The composition root: configuration in, a ready application out. Nothing at import time."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from flask import Flask, current_app, g
from werkzeug.middleware.proxy_fix import ProxyFix

from application.desk import ReviewDesk
from application.memo import pin_generation, release
from application.ports import Clock
from application.signin import PasswordGuard, SignIn
from domain.account import Account
from infrastructure.clock import SystemClock
from infrastructure.crypto import suite
from infrastructure.crypto.keystore import DataKeyStore
from infrastructure.crypto.master import MasterKeyring, load_keyring
from infrastructure.crypto.personal_keys import PersonalKeys
from infrastructure.crypto.server_secret import ServerSecret
from infrastructure.documents.keys import DocumentKeys
from infrastructure.integrity.auto_checkpoints import AutoCheckpoints
from infrastructure.integrity.link_keys import LinkAuthenticator
from infrastructure.integrity.runs import Verifications
from infrastructure.integrity.server_keys import ServerKeys, SuiteOfStore
from infrastructure.mail import SmtpMailer, SmtpSettings
from infrastructure.passwords import Argon2Passwords
from infrastructure.release import note_release
from infrastructure.settings import Settings
from infrastructure.web_state import ApiTokens, CredentialIds, LoginThrottle, SessionStore

EXTENSION = "fupan"


@dataclass(frozen=True)
class Services:
    """Everything the web tier and the CLI use, built once per app."""

    settings: Settings
    secret: ServerSecret
    desk: ReviewDesk
    keyring: MasterKeyring
    server_keys: ServerKeys
    document_keys: DocumentKeys
    sessions: SessionStore
    tokens: ApiTokens
    throttle: LoginThrottle
    guard: PasswordGuard
    sign_in: SignIn
    mailer: SmtpMailer


def build_desk(
    settings: Settings,
    clock: Clock | None = None,
    keyring: MasterKeyring | None = None,
    secret: ServerSecret | None = None,
) -> ReviewDesk:
    """A ReviewDesk on the configured store, with its master keyring and password hasher;
    every new chain link carries a MAC under the server's key.

    The data directory is created if needed; outside production a master key is generated
    there when none is configured.
    """
    settings.prepare_data_dir()
    keyring = keyring or load_keyring(settings, create=settings.mode != "production")
    secret = secret or ServerSecret(settings.server_secret())
    time_cost, memory = settings.argon2_costs
    # The store's current suite: its newest server key's (the configured one for a new
    # store), read when a key is made; decision 27.
    configured = suite.by_choice(settings.crypto_suite)
    current = SuiteOfStore(configured)
    desk = ReviewDesk(
        settings.desk_env(),
        clock=clock or SystemClock(),
        keys=DataKeyStore(keyring, current),
        passwords=Argon2Passwords(time_cost, memory),
        signing_keys=PersonalKeys(time_cost, memory, current),
        keyed=secret,
        min_aspect_chars=settings.min_aspect_chars,
        list_memo=settings.list_memo,
        measure_horizon_years=settings.measure_horizon_years,
        stats_threshold=settings.stats_threshold,
    )
    current.server_keys = ServerKeys(desk.store, keyring, configured)
    desk.store.authenticate_links(LinkAuthenticator(current.server_keys))
    return desk


def server_keys_of(built: ReviewDesk) -> ServerKeys:
    """The server keys a desk built by ``build_desk`` signs its links with."""
    signer = getattr(built.store, "link_signer", None)
    assert isinstance(signer, LinkAuthenticator)
    return signer.server_keys


def build_services(
    settings: Settings, clock: Clock | None = None, smtp: SmtpSettings | None = None
) -> Services:
    """The desk and the stores of the web tier, on one configured store."""
    settings.prepare_data_dir()
    keyring = load_keyring(settings, create=settings.mode != "production")
    secret = ServerSecret(settings.server_secret())
    desk = build_desk(settings, clock, keyring, secret)
    store = desk.store
    note_release(store)
    ids = CredentialIds(secret.derive("credential-ids"))
    throttle = LoginThrottle(store, lambda text: secret.keyed_hash("throttle-keys", text))

    def name_in_logs(username: str) -> str:
        """A username as the logs name it: a keyed hash, never the name itself."""
        return "user:" + secret.keyed_hash("names-in-logs", username.strip().lower())[:16]

    operator = Account.create_id(settings.operator)
    guard = PasswordGuard(desk, throttle, name_in_logs, operator)
    server_keys = server_keys_of(desk)
    desk.observe_commits(
        AutoCheckpoints(
            store,
            server_keys,
            desk.clock,
            every_events=settings.checkpoint_events,
            every_minutes=settings.checkpoint_minutes,
        )
    )

    return Services(
        settings=settings,
        secret=secret,
        desk=desk,
        keyring=keyring,
        server_keys=server_keys,
        document_keys=DocumentKeys(store, keyring, server_keys.current_suite),
        sessions=SessionStore(store, ids),
        tokens=ApiTokens(store, ids),
        throttle=throttle,
        guard=guard,
        sign_in=SignIn(desk, guard),
        mailer=SmtpMailer(smtp or SmtpSettings()),
    )


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the web app; ``config`` may hold ``environ`` (a mapping), ``CLOCK`` and Flask
    settings."""
    from web import api, chrome, errors, health, i18n, logs, pages, security
    from web.views import (
        admin,
        attachments,
        audit,
        auth,
        case_lists,
        checklists,
        contact,
        corrections,
        documents,
        inbox,
        reference,
        report,
        reviews,
        signing,
        statistics,
        tasks,
        team,
    )

    # Their routes join the ``reviews`` (or ``admin``) blueprint on import.
    del corrections, report, team, reference, documents, case_lists

    app_request = attachments.InMemoryUploads

    config = dict(config or {})
    environ = config.pop("environ", None)
    settings = Settings.from_environ(environ)
    built = build_services(settings, config.get("CLOCK"), SmtpSettings.from_environ(environ))
    app = Flask(__name__)
    app.request_class = app_request
    app.config.update(
        SECRET_KEY=built.secret.derive("session-cookies").hex(),
        SESSION_COOKIE_NAME="fupan_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.mode == "production",
        PERMANENT_SESSION_LIFETIME=timedelta(hours=12),
        # The cookie is re-signed only when the session changes: its 12 hours count from
        # sign-in, as the server-side session's absolute timeout does (web_state).
        SESSION_REFRESH_EACH_REQUEST=False,
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024,
        PREFERRED_URL_SCHEME=settings.base_url.partition(":")[0] or "http",
        WTF_CSRF_TIME_LIMIT=None,  # the session's own timeouts bound it
        DEBUG=False,
    )
    app.config.update(config)
    app.extensions[EXTENSION] = built
    if settings.trusted_proxies:
        # The client address (for the password throttle and the logs) from the configured
        # proxies' X-Forwarded-For only; without them the header is ignored.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies
        )

    logs.init_app(app)  # first: every request gets its id before any check may answer
    _one_generation_per_request(app)
    attachments.init_app(app)  # before the CSRF check reads an upload's form
    i18n.init_app(app)
    security.init_app(app)
    pages.init_app(app)
    api.init_app(app)
    errors.init_app(app)
    inbox.init_app(app)
    chrome.init_app(app)
    blueprints = (
        auth,
        reviews,
        signing,
        audit,
        tasks,
        admin,
        inbox,
        contact,
        statistics,
        checklists,
    )
    for blueprint in (module.bp for module in blueprints):
        app.register_blueprint(blueprint)

    health.init_app(app)
    return app


def _one_generation_per_request(app: Flask) -> None:
    """The lists of one page come from one state of the store: the projections'
    generation is read once per request (again after a write)."""

    @app.before_request
    def pin() -> None:
        g.generation_pin = pin_generation()

    @app.teardown_request
    def unpin(_: BaseException | None) -> None:
        token = g.pop("generation_pin", None)
        if token is not None:
            release(token)


def services(app: Flask | None = None) -> Services:
    """The app's services (the current app's when none is given)."""
    return cast(Services, (app or current_app).extensions[EXTENSION])


def desk(app: Flask | None = None) -> ReviewDesk:
    return services(app).desk


def server_keys(app: Flask | None = None) -> ServerKeys:
    """The server's signing keys (checkpoints, audit bundles), wrapped by the master key."""
    return services(app).server_keys


def verifications(app: Flask | None = None) -> Verifications:
    """The recorded integrity checks of the configured store (``fupan verify``, the
    inspectors' page): chain, MACs, checkpoints, snapshots and signatures, with a warning
    when the newest checkpoint is older than ``FUPAN_CHECKPOINT_MAX_AGE_HOURS``."""
    built = services(app)
    max_age = timedelta(hours=built.settings.checkpoint_max_age_hours)
    return Verifications(built.desk, built.server_keys, max_checkpoint_age=max_age)


def settings_of(app: Flask | None = None) -> Settings:
    return services(app).settings
