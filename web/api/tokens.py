"""Bearer tokens: sign in with a username and password, get a token that expires."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, request
from flask_smorest import Blueprint

from web.api.schemas import TokenRequest
from web.app import THROTTLE, TOKENS, desk
from web.security import bearer, public

blp = Blueprint("api_tokens", __name__, description="Bearer tokens")


@blp.route("/tokens", methods=["POST"])
@blp.arguments(TokenRequest)
@blp.response(201)
@public
def create_token(data: dict[str, Any]) -> Any:
    """Exchange a username and password for a bearer token (throttled like the sign-in)."""
    app_desk, throttle = desk(current_app), current_app.extensions[THROTTLE]
    now, address = app_desk.clock.now(), request.remote_addr or "unknown"
    principal = None
    if not throttle.locked(data["username"], address, now):
        principal = app_desk.authenticate(data["username"], data["password"])
    if principal is None:
        throttle.failed(data["username"], address, now)
        abort(401)
    throttle.succeeded(data["username"], address)
    token, expires = current_app.extensions[TOKENS].issue(principal.account_id, now)
    return {"token": token, "expires_at": expires.isoformat()}


@blp.route("/tokens/current", methods=["DELETE"])
@blp.response(204)
@bearer
def revoke_token() -> Any:
    """Revoke the token used for this request."""
    current_app.extensions[TOKENS].revoke(request.headers["Authorization"].split()[-1])
    return ""
