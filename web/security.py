"""Authentication, sessions, route policies and browser protections.

Every route declares who may reach it: ``@public`` or ``@signed_in`` (what a signed-in
principal may then do is decided by the application's policy, per review). A route with no
declaration is refused (deny by default), and a test fails on it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import AnonymousUserMixin, LoginManager, UserMixin, current_user
from flask_wtf.csrf import CSRFProtect

from application.policy import Principal
from application.workspace import Workspace

F = TypeVar("F", bound=Callable[..., Any])
POLICY = "_fupan_policy"
CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'; img-src 'self' data:"
)
csrf = CSRFProtect()
login_manager = LoginManager()


def public(view: F) -> F:
    setattr(view, POLICY, "public")
    return view


def signed_in(view: F) -> F:
    setattr(view, POLICY, "signed_in")
    return view


def bearer(view: F) -> F:
    """An API route: a valid bearer token is required."""
    setattr(view, POLICY, "bearer")
    return view


class User(UserMixin):  # type: ignore[misc]
    """The signed-in principal; its id is the server-side session token."""

    def __init__(self, principal: Principal, token: str) -> None:
        self.principal = principal
        self.token = token

    def get_id(self) -> str:
        return self.token


def workspace() -> Workspace:
    """The current principal's workspace (the policy applies inside it)."""
    from web.app import desk, services

    return Workspace(
        desk(), current_principal(), services().guard, request.remote_addr or "unknown"
    )


def current_principal() -> Principal:
    """The principal of this request (set by the route policy before the view runs)."""
    principal: Principal = g.principal
    return principal


def init_app(app: Flask) -> None:
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.anonymous_user = AnonymousUserMixin
    login_manager.session_protection = None  # server-side sessions do this job
    login_manager.user_loader(_load_user)
    login_manager.unauthorized_handler(_unauthorized)
    app.before_request(_enforce_route_policy)
    app.after_request(_headers)


def _load_user(token: str) -> User | None:
    from web.app import services

    built = services()
    account_id = built.sessions.account_for(token, built.desk.clock.now())
    if account_id is None:
        return None
    principal = built.sign_in.principal(account_id)  # None once disabled
    if principal is None:
        built.sessions.close(token)
        return None
    return User(principal, token)


def bearer_token() -> str | None:
    """The bearer token of this request, if it sent one."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _bearer_principal() -> Principal | None:
    from web.app import services

    built = services()
    token = bearer_token()
    account_id = built.tokens.account_for(token, built.desk.clock.now()) if token else None
    return built.sign_in.principal(account_id) if account_id else None


def _unauthorized() -> ResponseReturnValue:
    session.clear()
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _enforce_route_policy() -> ResponseReturnValue | None:
    if request.endpoint is None:
        return None  # 404 or 405 will follow
    if request.endpoint == "static":
        return None
    view = current_app.view_functions[request.endpoint]
    policy = getattr(view, POLICY, None)
    if policy == "public":
        return None
    if policy == "bearer":
        g.principal = _bearer_principal()
        if g.principal is None:
            abort(401)
        return None
    if policy == "signed_in":
        if not current_user.is_authenticated:
            return login_manager.unauthorized()  # type: ignore[no-any-return]
        g.principal = current_user.principal
        return None
    current_app.logger.error("route %s declares no policy: refused", request.endpoint)
    return abort(403)


def _headers(response: Any) -> Any:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    if request.is_secure:
        response.headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if request.endpoint != "static":
        response.headers["Cache-Control"] = "no-store"
    return response


def as_uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        abort(404)
