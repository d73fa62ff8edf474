"""Signing in and out, and the choice of language."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from web.app import desk, services
from web.i18n import COOKIE, _
from web.schemas.accounts import OwnPasswordForm
from web.schemas.auth import LanguageForm, LoginForm
from web.security import User, current_principal, public, signed_in, workspace

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host) is followed after signing in."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("reviews.dashboard")


@bp.get("/login")
@public
def login() -> Any:
    """The sign-in page."""
    if current_user.is_authenticated:
        return redirect(url_for("reviews.dashboard"))
    return render_template("login.html", form=request.args, errors={})


@bp.post("/login")
@public
def login_post() -> Any:
    """Sign in: same answer for unknown usernames, wrong passwords and locked accounts."""
    g.on_error = lambda feedback: render_template(
        "login.html", form=request.form, errors=feedback.get("errors", {}), failed=False
    )
    data = LoginForm().load_form(request.form)
    built = services()
    principal = built.sign_in(data.username, data.password, request.remote_addr or "unknown")
    if principal is None:
        form = {"username": data.username, "next": data.next}
        return render_template("login.html", form=form, errors={}, failed=True), 401
    session.clear()  # nothing from before signing in survives it
    token = built.sessions.open(principal.account_id, built.desk.clock.now())
    login_user(User(principal, token))
    return redirect(_safe_next(data.next))


@bp.post("/logout")
@signed_in
def logout() -> Any:
    """Sign out: the server forgets the session, so a copied cookie no longer works."""
    services().sessions.close(current_user.token)
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.get("/account/password")
@signed_in
def password() -> Any:
    """Change one's own password (the personal signing key is sealed again under it)."""
    return render_template("password.html", errors={})


@bp.post("/account/password")
@signed_in
def password_post() -> Any:
    """Change one's own password, giving the current one; other sessions end."""
    g.on_error = lambda feedback: render_template(
        "password.html", errors=feedback.get("errors", {}), problem=feedback.get("problem")
    )
    data = OwnPasswordForm().load_form(request.form)
    principal = current_principal()
    # Every session and API token of the account ends with the change; this one renews.
    workspace().change_own_password(current=data.current_password, new=data.new_password)
    token = services().sessions.open(principal.account_id, desk().clock.now())
    login_user(User(principal, token))
    flash(_("Your password is changed."), "success")
    return redirect(url_for("reviews.dashboard"))


@bp.post("/language")
@public
def language() -> Any:
    """Choose the interface language (remembered in a cookie)."""
    data = LanguageForm().load_form(request.form)
    response = make_response(redirect(_safe_next(data.next)))
    response.set_cookie(
        COOKIE,
        data.language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response
