"""The gate every JSON body passes before a schema sees it: well-formed, not nested deeper
than a few levels, and every string (keys too) printable. A refusal names the place and
the reason; nothing odd reaches the application, and no traceback is logged for it."""

from __future__ import annotations

import json
from typing import Any

from flask import request
from flask_babel import gettext

from domain.errors import Code, Reason
from domain.validation import UNPRINTABLE
from web.error_messages import message_for, reason
from web.errors import api_error

MAX_DEPTH = 32
BODY = "_body"


def check_json_body() -> Any:
    """A ``before_request`` hook for the API: None lets the request on."""
    if request.method not in ("POST", "PUT", "PATCH") or not request.is_json:
        return None
    raw = request.get_data(cache=True)
    if not raw.strip():
        return None
    if nesting(raw) > MAX_DEPTH:
        why = gettext("nested more than %(n)s levels deep", n=MAX_DEPTH)
        return api_error("bad_request", 400, why, {BODY: [why]})
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):  # malformed, bad UTF-8, a 5,000-digit number
        why = gettext("not valid JSON")
        return api_error("bad_request", 400, why, {BODY: [why]})
    odd = unprintable(data)
    if odd:
        errors = {place: [reason(Reason.CONTROL_CHARACTERS)] for place in odd}
        return api_error(Code.INVALID_INPUT, 422, message_for(Code.INVALID_INPUT), errors)
    return None


def nesting(raw: bytes) -> int:
    """How deep arrays and objects nest (strings skipped), stopping past the limit."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def unprintable(data: Any) -> list[str]:
    """The places (dotted paths) of strings with control, direction or malformed
    characters; a key that is itself odd is named by its safe part."""
    found: list[str] = []
    stack: list[tuple[str, Any]] = [("", data)]
    while stack and len(found) < 20:
        place, value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if UNPRINTABLE.search(key):
                    found.append(f"{place}{UNPRINTABLE.sub('?', key)}")
                else:
                    stack.append((f"{place}{key}.", item))
        elif isinstance(value, list):
            stack.extend((f"{place}{n}.", item) for n, item in enumerate(value))
        elif isinstance(value, str) and UNPRINTABLE.search(value):
            found.append(place.rstrip(".") or BODY)
    return sorted(found)
