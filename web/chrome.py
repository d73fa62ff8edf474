"""The header of every page, rendered once per (person, page, language, unread count) and
kept: a page served again (a reload, back to the list) reuses it, with this request's CSRF
token put in. Nothing in it is shared between people."""

from __future__ import annotations

from collections import OrderedDict
from threading import Lock
from typing import Any

from flask import Flask, render_template, request
from flask_login import current_user
from markupsafe import Markup

from web.fragments import with_csrf
from web.i18n import current_language
from web.views.inbox import unread

KEPT = 512

_kept: OrderedDict[tuple[Any, ...], str] = OrderedDict()
_lock = Lock()


def page_header() -> Markup:
    signed_in = bool(current_user.is_authenticated)
    principal = current_user.principal if signed_in else None
    count = unread() if signed_in else 0
    key = (
        current_language(),
        request.endpoint,
        request.full_path if request.method == "GET" else "",
        principal,
        count,
    )
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
    if found is None:
        found = render_template("header.html", unread=count)
        with _lock:
            _kept[key] = found
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
    return with_csrf(found)


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(page_header=page_header)
