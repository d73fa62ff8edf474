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

from domain.errors import InvalidValue, Reason
from web.app import desk, services
from web.i18n import COOKIE, _
from web.schemas.accounts import EnrolmentForm, NoticeForm, OwnPasswordForm
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
    if built.desk.get_account(principal.account_id)["notices"]:
        return redirect(url_for("auth.notices", next=_safe_next(data.next)))
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


@bp.get("/account/notices")
@signed_in
def notices() -> Any:
    """What the holder must know: a signing key re-issued, many wrong passwords."""
    return render_template(
        "notices.html",
        account=workspace().own_account(),
        people={a["id"]: a["display_name"] for a in desk().list_accounts()},
        next=_safe_next(request.args.get("next")),
    )


@bp.post("/account/notices")
@signed_in
def answer_notices() -> Any:
    """Read; or report that a re-issued key was not asked for (administrators see it)."""
    data = NoticeForm().load_form(request.form)
    workspace().answer_notices(reported=data.reported)
    if data.reported:
        current_app.logger.critical(
            "a signing key re-issue was reported as not asked for: %s",
            current_principal().username,
        )
        flash(_("Reported: the administrators see it in your account's history."), "success")
    return redirect(url_for("reviews.dashboard"))


@bp.get("/enrol")
@public
def enrol() -> Any:
    """Set one's own password with the one-time code an administrator handed over."""
    return render_template("enrol.html", form=request.args, errors={})


@bp.post("/enrol")
@public
def enrol_post() -> Any:
    """Only now is the holder's signing key created (throttled like signing in)."""
    g.on_error = lambda feedback: render_template(
        "enrol.html",
        # What was typed stays, but the passwords (typed again, never echoed).
        form={k: request.form.get(k, "") for k in ("username", "code")},
        errors=feedback.get("errors", {}),
        problem=feedback.get("problem"),
    )
    data = EnrolmentForm().load_form(request.form)
    if data.password != data.confirm:
        raise InvalidValue("confirm", Reason.DOES_NOT_MATCH_NEW)
    built = services()
    built.guard.check(
        data.username,
        request.remote_addr or "unknown",
        lambda: built.desk.enrol(username=data.username, code=data.code, password=data.password),
        signed_in=False,
    )
    flash(_("Your password is set and your signing key created: sign in."), "success")
    return redirect(url_for("auth.login"))


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
