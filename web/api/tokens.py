"""Bearer tokens: sign in with a username and password, get a token that expires."""

from __future__ import annotations

from typing import Any

from flask import abort, request
from flask_smorest import Blueprint

from web.app import services
from web.schemas.auth import Credentials, MeOut, TokenOut, TokenRequest
from web.security import bearer, bearer_token, current_principal, public

blp = Blueprint("api_tokens", __name__, description="Bearer tokens")


@blp.route("/tokens", methods=["POST"])
@blp.arguments(TokenRequest)
@blp.response(201, TokenOut)
@public
def create_token(data: Credentials) -> Any:
    """Exchange a username and password for a bearer token (throttled like the sign-in)."""
    built = services()
    principal = built.sign_in(data.username, data.password, request.remote_addr or "unknown")
    if principal is None:
        abort(401)
    token, expires = built.tokens.issue(principal.account_id, built.desk.clock.now())
    return {"token": token, "expires_at": expires.isoformat()}


@blp.route("/tokens/current", methods=["DELETE"])
@blp.response(204)
@bearer
def revoke_token() -> Any:
    """Revoke the token used for this request."""
    token = bearer_token()
    if token:
        services().tokens.revoke(token)
    return ""


@blp.route("/me", methods=["GET"])
@blp.response(200, MeOut)
@bearer
def me() -> Any:
    """Who the token belongs to: the username (the benchmarks' reference endpoint)."""
    return {"username": current_principal().username}
