"""One place where refusals become responses: domain and application errors, form errors,
HTTP errors. Messages are in the user's language; pages keep what the user typed."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, jsonify, render_template, request
from flask_babel import gettext, lazy_gettext
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException, InternalServerError

from application.errors import AccountNotFound, ConflictError, ReviewNotFound
from application.policy import AccessDenied
from domain.errors import DomainError, InvalidValue

_l = lazy_gettext

# The user-facing sentence for each stable code.
MESSAGES = {
    "aspects_incomplete": _l("Some of the four aspects lack substantive content."),
    "risk_points_missing": _l("Record at least one risk point."),
    "measures_missing": _l("Propose at least one prevention measure that addresses a risk point."),
    "team_incomplete": _l("The team must cover all four parties."),
    "signatories_missing": _l(
        "Designate the Party secretary, the principal and the head of the department."
    ),
    "signatures_missing": _l("Not every slot is signed or sealed yet."),
    "late_reason_required": _l(
        "The review is past its due date: give the reason for the lateness."
    ),
    "review_closed": _l("The review is closed; open a correction to change its report."),
    "already_sent": _l("This revision already awaits signatures."),
    "not_awaiting_signatures": _l("The report is not out for signature."),
    "not_closed": _l("Only a closed review can be corrected."),
    "signoff_not_current": _l("This sign-off is no longer current."),
    "signoff_void": _l("This sign-off is void."),
    "not_slot_holder": _l("Only the holder of a slot can sign it."),
    "slot_already_marked": _l("This slot is already signed or sealed."),
    "unknown_slot": _l("No such slot."),
    "already_member": _l("This account is already on the team."),
    "not_a_member": _l("This account is not on the team."),
    "unknown_risk_point": _l("No such risk point."),
    "unknown_measure": _l("No such measure."),
    "risk_point_in_use": _l("A measure addresses this risk point; revise the measure first."),
    "measure_already_taken": _l("This measure is already recorded as taken."),
    "personal_data_erased": _l("This review's personal data was erased; it is read-only."),
    "conflict": _l(
        "Someone else changed this in the meantime. Reload to see their change; nothing was overwritten."
    ),
    "username_taken": _l("This username is taken."),
    "already_disabled": _l("The account is already disabled."),
    "already_enabled": _l("The account is not disabled."),
    "forbidden": _l("You may not do this."),
    "review_not_found": _l("No such review."),
    "account_not_found": _l("No such account."),
}

# Fixed reasons of field errors, from the domain and from marshmallow.
REASONS = {
    "required": _l("required"),
    "must be text": _l("must be text"),
    "too long": _l("too long"),
    "contains control characters": _l("contains control characters"),
    "not an allowed value": _l("not an allowed value"),
    "must be a date (YYYY-MM-DD)": _l("must be a date (YYYY-MM-DD)"),
    "must be an identifier (UUID)": _l("must be an identifier"),
    "must be 17 digits and a check digit": _l("must be 17 digits and a check digit"),
    "check digit does not match": _l("check digit does not match"),
    "cannot be in the future": _l("cannot be in the future"),
    "must say why, in a few words": _l("must say why, in a few words"),
    "name at least one risk point": _l("name at least one risk point"),
    "must be true or false": _l("must be true or false"),
    "does not match": _l("does not match"),
    "at least 8 characters": _l("at least 8 characters"),
    "at most 128 characters": _l("at most 128 characters"),
    "too common; choose a less guessable one": _l("too common; choose a less guessable one"),
    "letters, digits, dot, dash or underscore": _l("letters, digits, dot, dash or underscore"),
    "only case officers have a jurisdiction scope": _l(
        "only case officers have a jurisdiction scope"
    ),
    "either the whole city or named jurisdictions": _l(
        "either the whole city or named jurisdictions"
    ),
    "no such account": _l("no such account"),
    "does not bind this revision and slot": _l("does not bind this revision and slot"),
    "must be an investigator or signatory account": _l(
        "must be an investigator or signatory account"
    ),
    "Missing data for required field.": _l("required"),
    "Unknown field.": _l("unknown field"),
    "Not a valid date.": _l("must be a date (YYYY-MM-DD)"),
    "Not a valid string.": _l("must be text"),
    "Not a valid boolean.": _l("must be true or false"),
    "Field may not be null.": _l("required"),
    "Not a valid UUID.": _l("must be an identifier"),
    "Not a valid integer.": _l("must be a whole number"),
    "Length must be between 1 and 200.": _l("too long"),
    "Must be one of: ": _l("not an allowed value"),
}

STATUS = {
    ReviewNotFound: 404,
    AccountNotFound: 404,
    AccessDenied: 403,
    ConflictError: 409,
    InvalidValue: 422,
}


def message_for(error: DomainError) -> str:
    return str(MESSAGES.get(error.code, error.message))


def message_for_code(code: str) -> str:
    return str(MESSAGES.get(code, code))


def reason(text: str) -> str:
    for known, translated in REASONS.items():
        if text == known or (known.endswith(": ") and text.startswith(known)):
            return str(translated)
    return text


def field_errors(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages as {field path: [translated reasons]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            flat.update(field_errors(value, f"{prefix}{key}."))
    elif isinstance(messages, list):
        flat[prefix.rstrip(".")] = [reason(str(m)) for m in messages]
    return flat


def init_app(app: Flask) -> None:
    app.jinja_env.globals["explain"] = lambda code: str(MESSAGES.get(code, code))
    app.register_error_handler(ValidationError, _invalid_form)
    app.register_error_handler(DomainError, _refused)
    app.register_error_handler(HTTPException, _http)
    app.register_error_handler(InternalServerError, _crashed)


HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
    405: "method_not_allowed", 409: "conflict", 413: "too_large",
    415: "unsupported_media_type", 422: "invalid_input", 500: "server_error",
}  # fmt: skip


def _api() -> bool:
    return request.path.startswith("/api/")


def _json(code: str, status: int, message: str, errors: dict[str, Any] | None = None) -> Any:
    """fupan's one API error shape."""
    body = {"code": code, "status": status, "message": message, "errors": errors or {}}
    return jsonify(body), status


def _invalid_form(error: ValidationError) -> Any:
    if _api():
        return _json("invalid_input", 422, str(_l("The request could not be processed.")),
                     field_errors(error.messages))  # fmt: skip
    return _respond({"errors": field_errors(error.messages)}, 422)


def _refused(error: DomainError) -> Any:
    status = next((s for t, s in STATUS.items() if isinstance(error, t)), 422)
    if status in (403, 404):
        # Failed authorisation is logged (who, where, what code), never with case content.
        user = getattr(g.get("principal"), "username", "anonymous")
        current_app.logger.warning("refused %s %s for %s: %s", request.method, request.endpoint,
                                   user, error.code)  # fmt: skip
    if _api():
        errors = {error.field: [reason(error.reason)]} if isinstance(error, InvalidValue) else {}
        if "blockers" in error.details:
            errors = {b["code"]: [message_for_code(b["code"])] for b in error.details["blockers"]}
        code = "not_found" if status == 404 else error.code
        return _json(code, status, message_for(error) if status != 404 else str(
            MESSAGES.get(error.code, "not found")), errors)  # fmt: skip
    if status == 404:
        return _http_page(404)
    if status == 403:
        return _http_page(403)
    if isinstance(error, InvalidValue):
        return _respond({"errors": {error.field: [reason(error.reason)]}}, 422)
    problem: dict[str, Any] = {"code": error.code, "message": message_for(error)}
    if "blockers" in error.details:
        problem["blockers"] = error.details["blockers"]
    return _respond({"problem": problem}, status)


def _respond(feedback: dict[str, Any], status: int) -> Any:
    """Re-render the page the form came from (its view registered ``g.on_error``)."""
    on_error = g.get("on_error")
    if on_error is not None and request.method == "POST":
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
        return _json("server_error", 500, str(_l("Something went wrong.")))
    return _http_page(500)


def _http(error: HTTPException) -> Any:
    status = error.code or 500
    if _api():
        data = getattr(error, "data", None) or {}
        messages = data.get("messages") or data.get("errors") or {}
        # webargs nests the errors under the location (json, query...): drop it
        flat = {k: v for location in messages.values() for k, v in
                (location.items() if isinstance(location, dict) else [])}  # fmt: skip
        message = str(TITLES.get(status, _l("Something went wrong.")))
        return _json(HTTP_CODES.get(status, "error"), status, message, field_errors(flat))
    return _http_page(status)


TITLES = {
    400: _l("The request could not be understood."),
    401: _l("Sign in first."),
    403: _l("You may not do this."),
    404: _l("Not found."),
    405: _l("Not allowed."),
    409: MESSAGES["conflict"],
    413: _l("The request is too large."),
    422: _l("The request could not be processed."),
}


def _http_page(status: int) -> Any:
    title = TITLES.get(status, _l("Something went wrong."))
    return render_template("error.html", status=status, title=gettext(str(title))), status
