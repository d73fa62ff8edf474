"""One place where refusals become responses: domain and application errors, form errors,
HTTP errors. Messages are in the user's language; pages keep what the user typed."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext, lazy_gettext
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException, InternalServerError

from application.errors import (
    OutOfScope,
    PossibleDuplicate,
    ReviewDamaged,
)
from domain.errors import AspectChanged, Code, DomainError, InvalidValue, InvalidValues
from web import findings
from web.error_messages import MESSAGES, STATUS, field_errors, message_for, refusal_errors

_l = lazy_gettext


def init_app(app: Flask) -> None:
    app.jinja_env.globals["explain"] = message_for
    app.register_error_handler(ValidationError, _invalid_form)
    app.register_error_handler(DomainError, _refused)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(InternalServerError, _crashed)


HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    500: "server_error",
}


def _api() -> bool:
    return request.path.startswith("/api/")


def api_error(code: str, status: int, message: str, errors: dict[str, Any] | None = None) -> Any:
    """fupan's one API error shape."""
    body = {"code": code, "status": status, "message": message, "errors": errors or {}}
    return jsonify(body), status


def _invalid_form(error: ValidationError) -> Any:
    if _api():
        return api_error(
            Code.INVALID_INPUT, 422, message_for(Code.INVALID_INPUT), field_errors(error.messages)
        )
    return _respond({"errors": field_errors(error.messages)}, 422)


def _refused(error: DomainError) -> Any:
    if isinstance(error, ReviewDamaged):
        answer = findings.damaged(error, api=_api(), message=message_for(error.code))
        return (jsonify(answer) if _api() else answer), 409
    status = next((s for t, s in STATUS.items() if isinstance(error, t)), 422)
    if status in (403, 404):
        # Failed authorisation is logged (who, where, what code), never with case content.
        user = getattr(g.get("principal"), "username", "anonymous")
        current_app.logger.warning(
            "refused %s %s for %s: %s", request.method, request.endpoint, user, error.code
        )
    if _api():
        errors: dict[str, Any] = refusal_errors(error)
        if "blockers" in error.details:
            errors = {b["code"]: [message_for(b["code"])] for b in error.details["blockers"]}
        if isinstance(error, AspectChanged):
            errors = {f"aspects.{key}": [str(draft)] for key, (draft, _) in error.changed.items()}
        if isinstance(error, PossibleDuplicate):
            errors = {"duplicate_of": error.review_ids}
        code = "not_found" if status == 404 else error.code
        return api_error(code, status, message_for(error.code), errors)
    if status == 404:
        return _http_page(404)
    if isinstance(error, OutOfScope):
        # Refused, on the form that named it, with the reason and what was typed.
        return _respond({"errors": refusal_errors(error)}, 403)
    if status == 403:
        return _http_page(403)
    if isinstance(error, (InvalidValue, InvalidValues)):
        return _respond({"errors": refusal_errors(error)}, 422)
    problem: dict[str, Any] = {"code": error.code, "message": message_for(error.code)}
    for detail in ("blockers", "aspects", "review_ids"):
        if detail in error.details:
            problem[detail] = error.details[detail]
    return _respond({"problem": problem}, status)


def _respond(feedback: dict[str, Any], status: int) -> Any:
    """Re-render the page the form (or the query) came from (its view registered
    ``g.on_error``)."""
    on_error = g.get("on_error")
    if on_error is not None:
        g.on_error = None
        try:
            return on_error(feedback), status
        except DomainError as refusal:  # the page itself is not for this user
            return _refused(refusal)
    return _http_page(status)


def _crashed(error: InternalServerError) -> Any:
    original = getattr(error, "original_exception", None)
    current_app.logger.error("unhandled %s on %s", type(original).__name__, request.endpoint)
    if _api():
        return api_error("server_error", 500, str(_l("Something went wrong.")))
    return _http_page(500)


def _http(error: HTTPException) -> Any:
    status = error.code or 500
    if _api():
        data = getattr(error, "data", None) or {}
        messages = data.get("messages") or data.get("errors") or {}
        # webargs nests the errors under the location (json, query...): drop it
        flat = {
            k: v
            for location in messages.values()
            for k, v in (location.items() if isinstance(location, dict) else [])
        }
        message = str(TITLES.get(status, _l("Something went wrong.")))
        body, _ = api_error(HTTP_CODES.get(status, "error"), status, message, field_errors(flat))
        return body, status, _kept_headers(error)
    page, _ = _http_page(status)
    return page, status, _kept_headers(error)


def _kept_headers(error: HTTPException) -> dict[str, str]:
    """What the protocol needs kept from the original answer (405's ``Allow``)."""
    return {k: v for k, v in error.get_headers() if k.lower() == "allow"}


TITLES = {
    400: _l("The request could not be understood."),
    401: _l("Sign in first."),
    403: _l("You may not do this."),
    404: _l("Not found."),
    405: _l("Not allowed."),
    409: MESSAGES[Code.CONFLICT],
    413: _l("The request is too large."),
    422: _l("The request could not be processed."),
}


def _http_page(status: int) -> Any:
    title = TITLES.get(status, _l("Something went wrong."))
    return render_template("error.html", status=status, title=gettext(str(title))), status
